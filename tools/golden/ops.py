#!/usr/bin/python3
"""Writes PyTorch's outputs and gradients for a broad set of op/shape/dtype cases.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden/ops.py
Output: ember-core/src/test/resources/golden/ops.txt, read by ember.GoldenOpsTest. CI never runs this script.

Each case names an op from OPS (the Java test has the same table), its inputs (data, dtype, and a view applied to
make them non-contiguous), arguments, PyTorch's output, and -- for floating outputs -- the gradient of
sum(out * w) with respect to every floating input, for a recorded weight tensor w.
"""
import os
import random

import torch

SEED = 20261127
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-core", "src", "test", "resources", "golden", "ops.txt")

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
NAME = {v: k for k, v in DT.items()}


def view(t, kind):
    """Non-contiguous views, mirrored in GoldenOpsTest.applyView."""
    if kind == "none":
        return t
    if kind == "t":           # stored as the transposed shape, transposed back
        return t.transpose(-2, -1)
    if kind == "step2":       # stored with the last dim doubled, every other element taken
        return t[..., ::2]
    if kind == "expand":      # stored with a size-1 first dim, expanded to 3
        return t.expand(3, *t.shape[1:])
    raise ValueError(kind)


def stored_shape(shape, kind):
    shape = list(shape)
    if kind == "t":
        shape[-1], shape[-2] = shape[-2], shape[-1]
    elif kind == "step2":
        shape[-1] *= 2
    elif kind == "expand":
        shape[0] = 1
    return shape


# op name -> (function of the input list and args, number of inputs)
OPS = {
    "add": lambda x, a: x[0] + x[1],
    "sub": lambda x, a: x[0] - x[1],
    "mul": lambda x, a: x[0] * x[1],
    "div": lambda x, a: x[0] / x[1],
    "pow": lambda x, a: x[0].abs().add(0.5) ** x[1],
    "add_scalar": lambda x, a: x[0] + a["s"],
    "mul_scalar": lambda x, a: x[0] * a["s"],
    "pow_scalar": lambda x, a: x[0] ** a["s"],
    "rsub_scalar": lambda x, a: a["s"] - x[0],
    "rdiv_scalar": lambda x, a: a["s"] / x[0],
    "neg": lambda x, a: -x[0],
    "abs": lambda x, a: x[0].abs(),
    "exp": lambda x, a: x[0].exp(),
    "log": lambda x, a: x[0].abs().add(0.1).log(),
    "sqrt": lambda x, a: x[0].abs().add(0.1).sqrt(),
    "sin": lambda x, a: x[0].sin(),
    "cos": lambda x, a: x[0].cos(),
    "tanh": lambda x, a: x[0].tanh(),
    "sigmoid": lambda x, a: x[0].sigmoid(),
    "relu": lambda x, a: x[0].relu(),
    "square": lambda x, a: x[0].square(),
    "clamp": lambda x, a: x[0].clamp(-0.5, 0.7),
    "maximum": lambda x, a: torch.maximum(x[0], x[1]),
    "minimum": lambda x, a: torch.minimum(x[0], x[1]),
    "where": lambda x, a: torch.where(x[0] > 0, x[0], x[1]),
    "gt": lambda x, a: x[0] > x[1],
    "eq_self": lambda x, a: x[0] == x[0].round(),
    "sum": lambda x, a: x[0].sum(),
    "sum_dim": lambda x, a: x[0].sum(a["dim"], keepdim=bool(a["keep"])),
    "mean_dim": lambda x, a: x[0].mean(a["dim"], keepdim=bool(a["keep"])),
    "prod_dim": lambda x, a: x[0].prod(a["dim"], keepdim=bool(a["keep"])),
    "max_dim": lambda x, a: x[0].max(a["dim"], keepdim=bool(a["keep"]))[0],
    "argmax_dim": lambda x, a: x[0].argmax(a["dim"], keepdim=bool(a["keep"])),
    "min_all": lambda x, a: x[0].min(),
    "std_dim": lambda x, a: x[0].std(a["dim"], keepdim=bool(a["keep"])),
    "var_all": lambda x, a: x[0].var(),
    "norm": lambda x, a: x[0].norm(),
    "cumsum": lambda x, a: x[0].cumsum(a["dim"]),
    "logsumexp": lambda x, a: x[0].logsumexp(a["dim"], keepdim=bool(a["keep"])),
    "softmax": lambda x, a: x[0].softmax(a["dim"]),
    "log_softmax": lambda x, a: x[0].log_softmax(a["dim"]),
    "reshape_flat": lambda x, a: x[0].reshape(-1),
    "transpose": lambda x, a: x[0].transpose(0, -1),
    "permute_rev": lambda x, a: x[0].permute(*reversed(range(x[0].dim()))),
    "unsqueeze_sq": lambda x, a: x[0].unsqueeze(1).squeeze(),
    "narrow": lambda x, a: x[0].narrow(0, 1, 1),
    "select": lambda x, a: x[0].select(-1, 0),
    "slice_step": lambda x, a: x[0][::2],
    "cat": lambda x, a: torch.cat([x[0], x[1]], a["dim"]),
    "stack": lambda x, a: torch.stack([x[0], x[1]], a["dim"]),
    "matmul": lambda x, a: torch.matmul(x[0], x[1]),
    "index_rows": lambda x, a: x[0][torch.tensor(a["idx"])],
    "mask_select": lambda x, a: x[0][x[0] > 0],
}


def fmt_values(t):
    t = t.detach().reshape(-1)
    if t.dtype in (torch.float32, torch.float64):
        return " ".join(float(v).hex() for v in t.double().tolist())
    return " ".join(str(int(v)) for v in t.tolist())


def rand_data(shape, dtype, rng):
    n = 1
    for s in shape:
        n *= s
    if dtype == torch.int64:
        vals = [rng.randint(-5, 5) for _ in range(n)]
    else:
        # half of the values rounded to quarters so ties, zeros and exact comparisons occur
        vals = [round(rng.gauss(0, 1) * 4) / 4 if rng.random() < 0.5 else rng.gauss(0, 1) for _ in range(n)]
    return torch.tensor(vals, dtype=dtype).reshape(shape)


CASES = []


def case(op, shapes, dtypes, args=None, views=None, grad=True):
    CASES.append((op, shapes, dtypes, args or {}, views or ["none"] * len(shapes), grad))


def build():
    rng = random.Random(SEED)
    binary = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "where", "gt"]
    shape_pairs = [([3, 4], [3, 4]), ([3, 1], [4]), ([2, 3, 4], [3, 1]), ([1], [5]), ([0, 3], [3]), ([4], []),
                   ([2, 1, 3], [1, 4, 1])]
    for op in binary:
        for (sa, sb) in shape_pairs:
            for dt in ("float32", "float64"):
                case(op, [sa, sb], [dt, dt])
        case(op, [[3, 4], [3, 4]], ["float32", "float32"], views=["t", "step2"])
        case(op, [[3, 4], [4]], ["float64", "float32"])
        case(op, [[3, 4], [4]], ["int64", "float32"], grad=True)
    for op in ("add", "sub", "mul", "maximum", "gt"):
        case(op, [[3, 4], [4]], ["int64", "int64"])
    for s in (2.0, -1.5, 3.0, 0.5):
        for op in ("add_scalar", "mul_scalar", "pow_scalar", "rsub_scalar", "rdiv_scalar"):
            case(op, [[2, 3]], ["float32"], {"s": s})
    unary = ["neg", "abs", "exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "square", "clamp", "eq_self"]
    for op in unary:
        for shape in ([5], [2, 3], [0], [], [2, 1, 3]):
            for dt in ("float32", "float64"):
                case(op, [shape], [dt])
        case(op, [[3, 4]], ["float32"], views=["t"])
        case(op, [[3, 4]], ["float32"], views=["expand"])
    for op in ("neg", "abs", "square", "relu"):
        case(op, [[2, 3]], ["int64"])
    red = ["sum_dim", "mean_dim", "prod_dim", "max_dim", "argmax_dim", "std_dim", "logsumexp"]
    for op in red:
        for shape, dim in (([5], 0), ([3, 4], 1), ([3, 4], 0), ([2, 3, 4], -2), ([2, 3, 4], 2), ([3, 1], 1), ([0, 3], 1)):
            if op in ("max_dim", "argmax_dim") and 0 in shape:
                continue
            for keep in (0, 1):
                for dt in ("float32", "float64"):
                    case(op, [shape], [dt], {"dim": dim, "keep": keep})
        case(op, [[3, 4]], ["float32"], {"dim": 1, "keep": 0}, views=["t"])
    for op in ("sum", "min_all", "var_all", "norm"):
        # var of one element divides by N - 1 = 0; its gradient there is inf·0, which torch 1.13 reports as -inf and
        # Ember as NaN: a degenerate case left out of the comparison.
        for shape in ([5], [3, 4], [2, 3, 4]) + (() if op == "var_all" else ([],)):
            for dt in ("float32", "float64"):
                case(op, [shape], [dt])
    case("sum", [[0, 3]], ["float32"])
    case("sum", [[3, 4]], ["int64"])
    case("sum_dim", [[3, 4]], ["int64"], {"dim": 0, "keep": 0})
    for op in ("cumsum", "softmax", "log_softmax"):
        for shape, dim in (([5], 0), ([3, 4], 1), ([3, 4], 0), ([2, 3, 4], -1), ([2, 3, 4], 1)):
            for dt in ("float32", "float64"):
                case(op, [shape], [dt], {"dim": dim})
        case(op, [[3, 4]], ["float32"], {"dim": 1}, views=["t"])
    for op in ("reshape_flat", "transpose", "permute_rev", "unsqueeze_sq", "narrow", "select", "slice_step"):
        for shape in ([3, 4], [2, 3, 4], [4, 1]):
            for dt in ("float32", "float64"):
                case(op, [shape], [dt])
        case(op, [[3, 4]], ["float32"], views=["t"])
    for op in ("cat", "stack"):
        for shape, dim in (([2, 3], 0), ([2, 3], 1), ([2, 3], -1), ([1, 2, 2], 2)):
            case(op, [shape, shape], ["float32", "float32"], {"dim": dim})
        case(op, [[2, 3], [2, 3]], ["float32", "float64"], {"dim": 0})
    mm = [([3], [3]), ([2, 3], [3]), ([3], [3, 4]), ([2, 3], [3, 4]), ([5, 2, 3], [3, 4]), ([2, 3], [5, 3, 4]),
          ([2, 1, 2, 3], [4, 3, 2]), ([3], [2, 3, 4]), ([2, 3, 4], [4]), ([2, 0], [0, 3]), ([1, 3], [3, 1])]
    for sa, sb in mm:
        for dt in ("float32", "float64"):
            case("matmul", [sa, sb], [dt, dt])
    case("matmul", [[3, 4], [4, 5]], ["float32", "float32"], views=["t", "t"])
    case("matmul", [[3, 4], [4, 5]], ["float32", "float32"], views=["step2", "none"])
    case("matmul", [[3], [3]], ["int64", "int64"])
    case("matmul", [[2, 3], [3, 2]], ["int64", "int64"])
    for idx in ([0, 2], [1, 1, 1], [-1, 0]):
        case("index_rows", [[3, 4]], ["float32"], {"idx": idx})
    case("mask_select", [[3, 4]], ["float32"])
    case("mask_select", [[2, 3, 2]], ["float64"])
    return rng


def main():
    rng = build()
    lines = ["# generated by tools/golden/ops.py with torch " + torch.__version__ + ", seed " + str(SEED)]
    for n, (op, shapes, dtypes, args, views, grad) in enumerate(CASES):
        leaves, inputs = [], []
        for shape, dt, kind in zip(shapes, dtypes, views):
            base = rand_data(stored_shape(shape, kind), DT[dt], rng)
            if grad and base.dtype.is_floating_point:
                base.requires_grad_(True)
            leaves.append(base)
            inputs.append(view(base, kind))
        out = OPS[op](inputs, args)
        lines.append("case %d %s" % (n, op))
        if args:
            lines.append("args " + " ".join("%s=%s" % (k, ",".join(map(str, v)) if isinstance(v, list) else v)
                                            for k, v in args.items()))
        for leaf, kind in zip(leaves, views):
            lines.append("in %s %s %s %s : %s" % (NAME[leaf.dtype], ",".join(map(str, leaf.shape)) or "-", kind,
                                                  int(leaf.requires_grad), fmt_values(leaf)))
        lines.append("out %s %s : %s" % (NAME[out.dtype], ",".join(map(str, out.shape)) or "-", fmt_values(out)))
        if out.requires_grad:
            w = torch.tensor([rng.gauss(0, 1) for _ in range(out.numel())], dtype=out.dtype).reshape(out.shape)
            lines.append("w %s : %s" % (",".join(map(str, w.shape)) or "-", fmt_values(w)))
            (out * w).sum().backward()
            for i, leaf in enumerate(leaves):
                if leaf.requires_grad:
                    g = leaf.grad if leaf.grad is not None else torch.zeros_like(leaf)
                    lines.append("grad %d : %s" % (i, fmt_values(g)))
        lines.append("end")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d cases to %s" % (len(CASES), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
