#!/usr/bin/python3
"""Writes PyTorch's exact bits for x ** p at the exponents its pow computes by other ops, and for rsqrt.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden/pow_bits.py
Output: ember-core/src/test/resources/golden/pow_bits.txt, read by ember.ops.PowBitsTest. CI never runs this script.

For a floating base and a number exponent PyTorch computes x**2, x**3 and x**-2 as products and x**0.5, x**-0.5 and
x**-1 as sqrt, 1/sqrt and reciprocal, each step rounded in the tensor's dtype; these are compared bit for bit (NaN
payloads aside). Lines: "x DTYPE hex...", then "pow P DTYPE hex..." and "rsqrt DTYPE hex...", elements as the
IEEE-754 bits in hex.
"""
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-core", "src", "test", "resources", "golden",
                   "pow_bits.txt")
EXPONENTS = [2.0, 3.0, -2.0, 0.5, -0.5, -1.0]


def bits(t):
    if t.dtype == torch.float32:
        return " ".join("%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist())
    return " ".join("%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.tolist())


def main():
    torch.manual_seed(20261127)
    lines = []
    for dtype, name in ((torch.float32, "float32"), (torch.float64, "float64")):
        special = torch.tensor([0.0, -0.0, 1.0, -1.0, float("inf"), float("-inf"), float("nan"), 1e-40, -2.5, 3.0],
                               dtype=dtype)
        x = torch.cat([special, torch.rand(500, dtype=dtype) * 4, torch.randn(523, dtype=dtype) * 100])
        lines.append("x %s %s" % (name, bits(x)))
        for p in EXPONENTS:
            lines.append("pow %r %s %s" % (p, name, bits(x ** p)))
        lines.append("rsqrt %s %s" % (name, bits(x.rsqrt())))
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d lines to %s" % (len(lines), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
