#!/usr/bin/python3
"""Writes what PyTorch's CPU generator produces for seeded random ops, for ember.RandomTest.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden/random_ops.py
(Not named random.py: that would shadow the standard library's random module for every script in this folder.)
Output: ember-core/src/test/resources/golden/random.txt. CI never runs this script.

Each block starts with "seed S" (torch.manual_seed(S)) and is followed by ops run in order on the global generator,
one per line: "op args... : values", the values in row-major order of the result (floats as hex, exact).
The sequences inside a block matter: a scalar-path randn keeps its second Box-Muller sample for the next call.
Ops (mirrored by RandomTest.run):
  rand DTYPE SHAPE                      torch.rand(SHAPE, dtype=DTYPE)
  randn DTYPE SHAPE                     torch.randn(SHAPE, dtype=DTYPE)
  normal MEAN STD SHAPE                 torch.normal(MEAN, STD, SHAPE)
  uniform_ DTYPE SHAPE VIEW FROM TO     torch.empty(...).uniform_(FROM, TO) on the view VIEW
  normal_ DTYPE SHAPE VIEW MEAN STD     torch.empty(...).normal_(MEAN, STD) on the view VIEW
  bernoulli_ DTYPE SHAPE P              torch.empty(SHAPE, dtype=DTYPE).bernoulli_(P)
  randint DTYPE LOW HIGH SHAPE          torch.randint(LOW, HIGH, SHAPE, dtype=DTYPE)
  randperm N                            torch.randperm(N)
VIEW is "none" or "t" (a 2-D tensor allocated with the transposed shape and transposed back: not contiguous).
SHAPE is comma-separated, "-" for a 0-d tensor.
"""
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-core", "src", "test", "resources", "golden",
                   "random.txt")

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32,
      "uint8": torch.uint8, "bool": torch.bool}


def fmt_shape(shape):
    return ",".join(map(str, shape)) or "-"


def fmt_values(t):
    t = t.reshape(-1)
    if t.dtype.is_floating_point:
        return " ".join(float(v).hex() for v in t.double().tolist())
    return " ".join(str(int(v)) for v in t.tolist())


def target(dtype, shape, view):
    if view == "none":
        return torch.empty(shape, dtype=DT[dtype])
    assert view == "t" and len(shape) == 2
    return torch.empty(shape[::-1], dtype=DT[dtype]).t()


def run(op, args):
    if op == "rand":
        return torch.rand(args[1], dtype=DT[args[0]])
    if op == "randn":
        return torch.randn(args[1], dtype=DT[args[0]])
    if op == "normal":
        return torch.normal(args[0], args[1], args[2])
    if op == "uniform_":
        return target(*args[:3]).uniform_(args[3], args[4])
    if op == "normal_":
        return target(*args[:3]).normal_(args[3], args[4])
    if op == "bernoulli_":
        return torch.empty(args[1], dtype=DT[args[0]]).bernoulli_(args[2])
    if op == "randint":
        return torch.randint(args[1], args[2], args[3], dtype=DT[args[0]])
    if op == "randperm":
        return torch.randperm(args[0])
    raise ValueError(op)


def fmt_arg(a):
    if isinstance(a, (list, tuple)):
        return fmt_shape(a)
    return a if isinstance(a, str) else repr(a)


# sizes around 16, where normal_ switches from one-at-a-time to blocks of 16 with a recomputed tail
SIZES = [[1], [3], [15], [16], [17], [31], [33], [100], [2, 3], [4, 5], [3, 7, 2], []]


def blocks():
    for seed in (0, 1, 42, 20261127):
        sizes = SIZES + [[1000]] if seed in (0, 42) else SIZES
        yield seed, [("rand", dt, s) for dt in ("float32", "float64") for s in sizes]
        yield seed, [("randn", dt, s) for dt in ("float32", "float64") for s in sizes]
    # the cached second sample of the scalar path carries over between calls, but not over a block fill
    yield 7, [("randn", "float32", [3]), ("randn", "float32", [1]), ("randn", "float32", [20]),
              ("randn", "float64", [1]), ("randn", "float64", [5]), ("rand", "float32", [2]),
              ("randn", "float32", [1])]
    yield 3, [("normal", 0.0, 0.01, [2, 1]), ("normal", 5.0, 2.5, [40]), ("normal", -1.5, 0.3, [7]),
              ("normal", 0.0, 0.0, [17]), ("normal_", "float64", [33], "none", 2.0, 0.7),
              ("normal_", "float64", [5], "none", 2.0, 0.7), ("normal_", "float32", [8, 4], "t", 1.0, 3.0),
              ("normal_", "float64", [4, 5], "t", -1.0, 0.5), ("normal_", "float32", [300], "none", 0.25, 1e-3)]
    yield 11, [("uniform_", "float32", [50], "none", -3.7, 2.1), ("uniform_", "float64", [50], "none", -3.7, 2.1),
               ("uniform_", "float32", [3, 4], "t", 0.0, 1.0), ("uniform_", "float32", [6], "none", 1e-3, 1e3),
               ("uniform_", "float32", [5], "none", 2.0, 2.0), ("uniform_", "float64", [2, 3], "t", -1.0, 1.0)]
    yield 5, [("bernoulli_", dt, [4, 6], p) for dt, p in
              (("float32", 0.5), ("float64", 0.3), ("int64", 0.9), ("bool", 0.5), ("float32", 0.0),
               ("float32", 1.0), ("uint8", 0.25))]
    yield 9, [("randint", "int64", 0, 10, [5]), ("randint", "int64", -3, 4, [3, 4]),
              ("randint", "int64", 0, 2 ** 32, [6]), ("randint", "int64", 0, 2 ** 32 - 1, [6]),
              ("randint", "int64", -2 ** 40, 2 ** 40, [6]), ("randint", "int64", -2 ** 63, 2 ** 63 - 1, [4]),
              ("randint", "int32", -100, 100, [5]), ("randint", "uint8", 0, 256, [5]), ("randint", "bool", 0, 2, [5]),
              ("randint", "float32", 0, 2 ** 20, [5]), ("randint", "float64", 0, 2 ** 40, [5])]
    yield 13, [("randperm", n) for n in (0, 1, 2, 5, 10, 100, 1000)]
    yield 2 ** 40 + 5, [("rand", "float32", [3])]   # only the low 32 bits of the seed count
    yield -1, [("rand", "float32", [3]), ("randint", "int64", 0, 100, [3])]


def main():
    lines = ["# generated by tools/golden/random_ops.py with torch " + torch.__version__]
    count = 0
    for seed, ops in blocks():
        torch.manual_seed(seed)
        lines.append("seed %d" % seed)
        for op, *args in ops:
            out = run(op, args)
            lines.append("%s %s : %s" % (op, " ".join(fmt_arg(a) for a in args), fmt_values(out)))
            count += 1
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d ops to %s" % (count, os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
