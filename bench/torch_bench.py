"""PyTorch's side of bench/compare.sh: the workloads of ember.bench.Workloads, timed the same way, as JSON.

Each workload is named as bench/report.py names the matching JMH benchmark. Times are medians of timed samples
after warm-up (JMH's -wi 2 -i 3 shape), in seconds per call.

Run with Debian's torch (/usr/bin/python3); bench/compare.sh points it at OpenBLAS.
"""

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

GEMM_SIZES = [32, 64, 128, 256, 512, 1024, 2048]
# (label, m, k, n, transpose_a, transpose_b): the same list as Workloads.BookShape
BOOK_SHAPES = [
    ("softmax.forward", 256, 784, 10, False, True),
    ("softmax.weightGrad", 10, 256, 784, True, False),
    ("fc1.forward", 256, 784, 256, False, True),
    ("fc1.weightGrad", 256, 256, 784, True, False),
    ("fc2.forward", 256, 256, 10, False, True),
    ("fc2.weightGrad", 10, 256, 256, True, False),
    ("fc2.inputGrad", 256, 10, 256, False, False),
]
LARGE = 1_000_000
SMALL = (16, 100, 1000, 10000)
FASHION_DIRS = [os.environ.get("EMBER_DATA"), os.path.expanduser("~/.cache/ember"), "/usr/share/datasets/fashion-mnist"]


def per_call(fn, warmups=2, samples=3, sample_seconds=1.0):
    """Median seconds per call over `samples` timed samples of about `sample_seconds`, after `warmups` samples."""
    fn()
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-9)
    calls = max(1, int(sample_seconds / once))
    times = []
    for i in range(warmups + samples):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        elapsed = time.perf_counter() - start
        if i >= warmups:
            times.append(elapsed / calls)
    return statistics.median(times)


def single_shot(fn, warmups=1, samples=3):
    """Median seconds of single calls (JMH's SingleShotTime), for calls of a second or more."""
    for _ in range(warmups):
        fn()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def gemm(results, only):
    for dtype_name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        for n in GEMM_SIZES:
            key = f"mm {dtype_name} {n}"
            if only and not (only(key) or only(key + " out")):
                continue
            torch.manual_seed(0)
            a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
            c = torch.empty(n, n, dtype=dtype)
            mm_both(results, only, key, a, b, c)
    for label, m, k, n, ta, tb in BOOK_SHAPES:
        key = f"mm float32 {label}"
        if only and not (only(key) or only(key + " out")):
            continue
        torch.manual_seed(0)
        a = torch.randn(k, m).t() if ta else torch.randn(m, k)
        b = torch.randn(n, k).t() if tb else torch.randn(k, n)
        mm_both(results, only, key, a, b, torch.empty(m, n))


def mm_both(results, only, key, a, b, c):
    """a·b into a new output (key) and into c, reused call after call (key + " out", as Ember.mm(a, b, out))."""
    if not only or only(key):
        results[key] = per_call(lambda: torch.mm(a, b))
    if not only or only(key + " out"):
        results[key + " out"] = per_call(lambda: torch.mm(a, b, out=c))


def elementwise(results, only):
    torch.manual_seed(0)
    a, b = torch.rand(LARGE), torch.rand(LARGE)
    c = torch.empty(LARGE)
    ops = {"add": lambda: a + b, "mul": lambda: a * b, "exp": lambda: torch.exp(a), "sum": lambda: a.sum(),
           "copy": lambda: a.clone(), "add out": lambda: torch.add(a, b, out=c),
           "mul out": lambda: torch.mul(a, b, out=c), "exp out": lambda: torch.exp(a, out=c),
           "copy out": lambda: c.copy_(a)}
    for name, fn in ops.items():
        op, _, out = name.partition(" ")
        key = f"{op} 1e6" + (f" {out}" if out else "")
        if not only or only(key):
            results[key] = per_call(fn)
    for n in SMALL:
        a, b = torch.rand(n), torch.rand(n)
        ops = {"add": lambda: a + b, "mul": lambda: a * b, "exp": lambda: torch.exp(a), "sum": lambda: a.sum()}
        for name, fn in ops.items():
            key = f"{name} {n}"
            if not only or only(key):
                results[key] = per_call(fn)


def ops(results, only):
    """OpsBench's workloads, under its method names: the ops between the matrix products at the book's sizes."""
    torch.manual_seed(0)
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    mask = a > 0
    labels = torch.randint(0, 10, (256, 256))
    bias, w, v = torch.randn(256), torch.randn(256, 784), torch.randn(784)
    y_hat, y = torch.rand(256, 10).softmax(1), torch.randint(0, 10, (256,))
    rows, n = torch.randint(0, 256, (128,)), torch.arange(256)
    workloads = {
        "clone256": lambda: a.clone(),
        "castBoolToFloat": lambda: mask.float(),
        "castLongToFloat": lambda: labels.float(),
        "castFloatToLong": lambda: a.long(),
        "addLong": lambda: labels + labels,
        "eqLong": lambda: labels == labels,
        "mulByMask": lambda: a * mask,
        "square": lambda: a ** 2,
        "addBias": lambda: a + bias,
        "softmax": lambda: a.softmax(1),
        "logSoftmax": lambda: a.log_softmax(1),
        "crossEntropyScratch": lambda: -torch.log(y_hat[n, y]),
        "accuracyScratch": lambda: (y_hat.argmax(axis=1).type(y.dtype) == y).type(y.dtype).sum(),
        "sumMask": lambda: mask.sum(),
        "sumRows": lambda: a.sum(1, keepdim=True),
        "variance": lambda: a.var(),
        "norm": lambda: a.norm(),
        "cumsum": lambda: a.cumsum(1),
        "maxRows": lambda: a.max(1),
        "indexSelect": lambda: a.index_select(0, rows),
        "maskedFill": lambda: a.masked_fill(mask, 0),
        "mv": lambda: w.mv(v),
        "randn256": lambda: torch.randn(256, 256),
        "rand256": lambda: torch.rand(256, 256),
        "cat": lambda: torch.cat([a, b], 0),
    }
    for name, fn in workloads.items():
        key = f"ops.{name}"
        if not only or only(key):
            results[key] = per_call(fn)


def overhead(results, only):
    if not only or only("add4"):
        a, b = torch.arange(4.0), torch.arange(4.0)
        results["add4"] = per_call(lambda: a + b)
    if not only or only("seed step"):
        x = torch.arange(4.0, requires_grad=True)

        def step():
            y = x.dot(x)
            loss = (10 - y).pow(2)
            loss.backward()
            with torch.no_grad():
                x.sub_(x.grad.mul(0.001))
                x.grad.zero_()
            return loss

        results["seed step"] = per_call(step)


def read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def fashion_train():
    for d in FASHION_DIRS:
        if d and os.path.exists(os.path.join(d, "train-images-idx3-ubyte.gz")):
            images = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28)
            labels = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"), 8)
            return torch.tensor(images, dtype=torch.float32) / 255, torch.tensor(labels, dtype=torch.int64)
    raise SystemExit("Fashion-MNIST not found in " + ", ".join(d for d in FASHION_DIRS if d))


def accuracy(y_hat, y):
    """d2l's accuracy: the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def training(results, only):
    models = {
        "softmax": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)),
        "mlp": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)),
    }
    wanted = [m for m in models if not only or only(f"epoch {m}")]
    if not wanted:
        return
    images, labels = fashion_train()
    for name in wanted:
        torch.manual_seed(0)
        net = models[name]()
        for m in net:
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, std=0.01)
        loss = nn.CrossEntropyLoss(reduction="none")
        trainer = torch.optim.SGD(net.parameters(), lr=0.1)

        def epoch():
            # d2l's train_epoch_ch3 over shuffled batches of 256 (batches gathered by index, as Ember's DataLoader)
            net.train()
            metric = [0.0, 0.0, 0]
            order = torch.randperm(len(images))
            for start in range(0, len(images), 256):
                idx = order[start:start + 256]
                x, y = images[idx], labels[idx]
                y_hat = net(x)
                l = loss(y_hat, y)
                trainer.zero_grad(set_to_none=True)
                l.mean().backward()
                trainer.step()
                metric[0] += float(l.sum())
                metric[1] += accuracy(y_hat, y)
                metric[2] += y.numel()
            return metric[0] / metric[2], metric[1] / metric[2]

        start = time.perf_counter()
        epoch()
        results[f"epoch {name}, first"] = time.perf_counter() - start
        results[f"epoch {name}"] = single_shot(epoch, warmups=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, help="JSON file to write {workload: seconds per call}")
    parser.add_argument("--only", help="run only the workloads whose name matches this regular expression (re.search)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    only = (lambda key: re.search(args.only, key) is not None) if args.only else None
    results = {}
    for part in (gemm, elementwise, ops, overhead, training):
        part(results, only)
        print(f"torch: {part.__name__} done", file=sys.stderr)
    meta = {"torch": torch.__version__, "threads": torch.get_num_threads(),
            "blas": os.environ.get("LD_LIBRARY_PATH", "system default"),
            "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")}
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "seconds": results}, f, indent=1)


if __name__ == "__main__":
    main()
