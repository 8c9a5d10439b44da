#!/usr/bin/python3
"""Writes what PyTorch's CPU torch.multinomial draws after a seed, for ember.MultinomialTest.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden/multinomial.py
Output: ember-core/src/test/resources/golden/multinomial.txt. CI never runs this script.

Each block starts with "seed S" (torch.manual_seed(S)); each following line is one call on the global generator,
"DTYPE ROWS N REPLACEMENT : indices" meaning torch.multinomial(torch.tensor(ROWS, dtype=DTYPE), N, REPLACEMENT),
ROWS being "w,w,w" for one distribution (a 1-D input) or "w,w;w,w" for several (2-D), indices in row-major order.
The cases cover both of PyTorch's algorithms: a single draw or no replacement (exponential race, argmax/topk of
p / q with q ~ Exp(1)) and draws with replacement (a float64 uniform located in the cumulative distribution).
"""
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-core", "src", "test", "resources", "golden",
                   "multinomial.txt")
DT = {"float32": torch.float32, "float64": torch.float64}

CASES = [
    (0, [("float32", "1,1,1,1,1,1", 1, True), ("float32", "1,1,1,1,1,1", 10, True),
         ("float32", "1,1,1,1,1,1", 1000, True), ("float32", "1,1,1,1,1,1", 1, True)]),
    (42, [("float64", "0.1,0.2,0.3,0.4", 20, True), ("float64", "0.1,0.2,0.3,0.4", 1, False),
          ("float32", "1,2,3,4", 4, False), ("float32", "0,5,0,1", 2, False)]),
    (7, [("float32", "1,2,3;3,2,1;0,0,1", 8, True), ("float32", "1,2,3;3,2,1;0,0,1", 1, True),
         ("float64", "5,1,0,2,2;1,1,1,1,1", 3, False), ("float32", "0.5,0.25,0.25", 50, True)]),
]


def probs(rows, dtype):
    parsed = [[float(w) for w in r.split(",")] for r in rows.split(";")]
    return torch.tensor(parsed[0] if len(parsed) == 1 else parsed, dtype=DT[dtype])


with open(OUT, "w") as f:
    for seed, calls in CASES:
        torch.manual_seed(seed)
        f.write(f"seed {seed}\n")
        for dtype, rows, n, replacement in calls:
            idx = torch.multinomial(probs(rows, dtype), n, replacement)
            values = " ".join(str(int(v)) for v in idx.reshape(-1).tolist())
            f.write(f"{dtype} {rows} {n} {replacement} : {values}\n")
