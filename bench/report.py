"""Prints the table of bench/compare.sh: Ember's JMH results next to PyTorch's, with ratios and derived rates.

usage: report.py --ember JMH.json [--ember ...] --torch TORCH.json [--torch ...] [--first TRAINMAIN_OUTPUT ...]
                 [--rss PEAK_RSS_KB_FILE] [--interleaved]

A workload measured in several rounds (compare.sh --rounds N) appears in several files on each side: its k-th Ember
time, in the order the files are given, pairs with its k-th PyTorch time. The table then gives each side's median and
the median of the per-round ratios with their range.
"""

import argparse
import json
import statistics

UNIT_SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
LARGE = 1_000_000
# bytes each element-wise workload must move at the least (float32 reads + writes)
TRAFFIC = {"add": 12, "mul": 12, "exp": 8, "sum": 4, "copy": 8}
SCALAR = ", scalar kernels"
BOOK = {"softmax.forward": (256, 784, 10), "softmax.weightGrad": (10, 256, 784), "fc1.forward": (256, 784, 256),
        "fc1.weightGrad": (256, 256, 784), "fc2.forward": (256, 256, 10), "fc2.weightGrad": (10, 256, 256),
        "fc2.inputGrad": (256, 10, 256)}


def workload_name(entry):
    """The name torch_bench.py gives the same workload."""
    cls, method = entry["benchmark"].split(".")[-2:]
    p = entry.get("params", {})
    out = " out" if method == "mmOut" else ""
    if cls == "GemmBench":
        return f"mm {p['dtype']} {p['n']}{out}"
    if cls == "BookGemmBench":
        return f"mm float32 {p['shape']}{out}"
    if cls == "ElementwiseBench":
        return f"{method.removesuffix('Out')} 1e6 out" if method.endswith("Out") else f"{method} 1e6"
    if cls == "SmallElementwiseBench":
        return f"{method} {p['n']}"
    if cls == "Scalar":  # SmallElementwiseBench.Scalar
        return f"{method} {p['n']}{SCALAR}"
    if cls == "OpsBench":
        return f"ops.{method}"
    if cls == "OverheadBench":
        return {"add4": "add4", "seedStep": "seed step"}[method]
    if cls == "TrainingBench":
        return f"epoch {p['model']}"
    return f"{cls}.{method}"


def ember_seconds(path):
    out = {}
    for entry in json.load(open(path)):
        metric = entry["primaryMetric"]
        samples = [v for fork in metric["rawData"] for v in fork]
        out[workload_name(entry)] = statistics.median(samples) * UNIT_SECONDS[metric["scoreUnit"]]
    return out


def first_epoch(path):
    """TrainMain's 'epoch 1: 1.234 s, ...' line as {'epoch MODEL, first': seconds}; the model is in the file name."""
    model = path.rsplit("first-", 1)[-1].removesuffix(".txt")
    for line in open(path):
        if line.startswith("epoch 1:"):
            return {f"epoch {model}, first": float(line.split()[2])}
    raise SystemExit(f"report.py: no 'epoch 1:' line in {path}")


def fmt_time(s):
    if s is None:
        return "—"
    if s >= 0.1:
        return f"{s:.3f} s"
    if s >= 1e-4:
        return f"{s * 1e3:.3f} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.2f} µs"
    return f"{s * 1e9:.0f} ns"


def rate(name, s):
    """GFLOP/s of a product, GB/s of a 1e6-element op; blank otherwise."""
    if s is None:
        return ""
    parts = name.split()
    if parts[0] == "mm":
        m, k, n = BOOK[parts[2]] if parts[2] in BOOK else (int(parts[2]),) * 3
        return f"{2 * m * k * n / s / 1e9:.1f} GFLOP/s"
    if len(parts) > 1 and parts[1] == "1e6":
        return f"{TRAFFIC[parts[0]] * LARGE / s / 1e9:.1f} GB/s"
    return ""


def ratio(ember_times, torch_times):
    """PyTorch time / Ember time: per round when both sides have the same rounds (median and range), else of medians."""
    if not ember_times or not torch_times:
        return "—"
    if len(ember_times) == len(torch_times) and len(ember_times) > 1:
        ratios = [t / e for e, t in zip(ember_times, torch_times)]
        return f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"
    return f"{statistics.median(torch_times) / statistics.median(ember_times):.2f}×"


def bandwidth_fractions(ember, torch_s, suffix, ops, title):
    """Each 1e6-element op's bytes per second over its side's copy's ("copy 1e6" + suffix), when both sides have it."""
    copy_e, copy_t = ember.get("copy 1e6" + suffix), torch_s.get("copy 1e6" + suffix)
    if not (copy_e and copy_t):
        return
    print()
    print(title)
    for op in ops:
        name = f"{op} 1e6{suffix}"
        if name in ember and name in torch_s:
            fe = TRAFFIC[op] / ember[name] / (TRAFFIC["copy"] / copy_e)
            ft = TRAFFIC[op] / torch_s[name] / (TRAFFIC["copy"] / copy_t)
            print(f"- {op}: Ember {fe:.2f}, PyTorch {ft:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ember", action="append", required=True, help="a JMH result file (-rf json)")
    parser.add_argument("--torch", action="append", required=True, help="a torch_bench.py output file")
    parser.add_argument("--first", action="append", default=[],
                        help="TrainMain's output for one epoch in a fresh JVM: the row 'epoch MODEL, first'")
    parser.add_argument("--rss", help="/usr/bin/time -f %%M output: peak RSS in KB")
    parser.add_argument("--interleaved", action="store_true",
                        help="compare.sh --interleave measured the GEMM, element-wise and ops workloads one by one, each "
                             "side "
                             "right after the other")
    args = parser.parse_args()
    ember_runs, torch_runs, meta = {}, {}, {}
    for path in args.ember:
        for name, seconds in ember_seconds(path).items():
            ember_runs.setdefault(name, []).append(seconds)
    for path in args.first:
        for name, seconds in first_epoch(path).items():
            ember_runs.setdefault(name, []).append(seconds)
    for path in args.torch:
        torch_run = json.load(open(path))
        for name, seconds in torch_run["seconds"].items():
            torch_runs.setdefault(name, []).append(seconds)
        meta = meta or torch_run.get("meta", {})
    ember = {name: statistics.median(runs) for name, runs in ember_runs.items()}
    torch_s = {name: statistics.median(runs) for name, runs in torch_runs.items()}
    rounds = max(len(runs) for runs in list(ember_runs.values()) + list(torch_runs.values()))
    if rounds > 1:
        apart = ("seconds apart for the workloads compare.sh --interleave alternates, a minute or two apart for the rest"
                 if args.interleaved else "a minute or two apart")
        print(f"Medians of {rounds} rounds; a ratio is the median of the rounds' ratios (each round's two sides")
        print(f"measured {apart}), with their range.")
        print()
    names = list(dict.fromkeys(list(ember) + list(torch_s)))
    print("| workload | Ember | PyTorch | PyTorch time / Ember time | Ember rate | PyTorch rate |")
    print("|---|---|---|---|---|---|")
    for name in names:
        e, t = ember.get(name), torch_s.get(name)
        print(f"| {name} | {fmt_time(e)} | {fmt_time(t)} | {ratio(ember_runs.get(name), torch_runs.get(name))} "
              f"| {rate(name, e)} | {rate(name, t)} |")
    bandwidth_fractions(ember, torch_s, "", ("add", "mul", "exp", "sum"),
                        "Element-wise bandwidth as a fraction of each side's own array copy:")
    bandwidth_fractions(ember, torch_s, " out", ("add", "mul", "exp"),
                        "Into a reused output (out=), as a fraction of each side's copy into a reused tensor (copy_):")
    small = [name for name in ember if name.endswith(SCALAR) and name.removesuffix(SCALAR) in ember]
    if small:
        print()
        print("Small tensors, the scalar reference kernels' time / the Vector API kernels' time (at least 1: the vector")
        print("kernels are not slower):")
        for name in small:
            vector = name.removesuffix(SCALAR)
            print(f"- {vector}: {ember[name] / ember[vector]:.2f}")
    if args.rss:
        rss_kb = int(open(args.rss).read().split()[-1])
        print()
        print(f"Peak RSS of the MLP training (java -Xmx1g, TrainMain mlp): {rss_kb / 1024:.0f} MiB")
    print()
    print(f"PyTorch {meta.get('torch')} with {meta.get('threads')} threads; BLAS from {meta.get('blas')}"
          + (f", OPENBLAS_CORETYPE={meta['openblas_coretype']}" if meta.get("openblas_coretype") else ""))


if __name__ == "__main__":
    main()
