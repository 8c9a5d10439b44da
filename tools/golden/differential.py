#!/usr/bin/python3
"""Differential testing against PyTorch: writes random short programs (chains of 2 to 5 ops) with PyTorch's results.

Run with Debian's python3-torch:   /usr/bin/python3 tools/golden/differential.py
Show one program and its seed:     /usr/bin/python3 tools/golden/differential.py --show 17
Explore further (not committed):   /usr/bin/python3 tools/golden/differential.py --seed 7 --programs 5000 --out /tmp/d.txt
                                   then ./mvnw test -pl ember-core -Dtest=DifferentialTest -Dember.differential=/tmp/d.txt
Output: ember-core/src/test/resources/golden/differential.txt, replayed by ember.reliability.DifferentialTest, whose
interpreter has the same op table as OPS below. CI never runs this script.

A program declares leaf tensors (float leaves require grad; int64 and bool leaves are indices, targets and masks)
and steps `name = op(tensor args; options)`. Leaves get random shapes with 0- and 1-sized dims and are often seen
through a view (transposed, sliced with a step, expanded, permuted, narrowed) so that ops meet non-contiguous
inputs. Every step's value is recorded; at the end, the gradient of sum(out * w) for a recorded w with respect to
every grad-requiring leaf.

File format (one item per line; values are float.hex for floats, integers for int64, 0/1 for bool):
    program <n> seed <program seed>
    leaf <name> <dtype> <shape or -> <requires grad 0/1> : <values>
    step <name> <op> <tensor args...> [key=value ...] -> <dtype> <shape or -> : <values>
    w : <values>
    grad <leaf> : <values>
    end

Programs are kept only when they are fair to compare: every value and gradient finite and of moderate size, and,
for float32 programs, the same within 1e-3 when the program is re-run in float64 -- so a rounding difference
cannot flip a branch (relu, max, a comparison) between PyTorch and Ember and be mistaken for a bug.
"""
import math
import os
import random
import sys

import torch
import torch.nn.functional as F

SEED = 20261201
PROGRAMS = 1000
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-core", "src", "test", "resources", "golden",
                   "differential.txt")
MAX_NUMEL = 64
MAX_ABS = 1e3

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
NAME = {v: k for k, v in DT.items()}
RED = {"none": "none", "mean": "mean", "sum": "sum"}


# ---- option parsing, mirrored by DifferentialTest.Options ----

def ints(s):
    return [] if s == "" else [int(v) for v in s.split(",")]


def boolean(s):
    return s == "1"


def parse_index(spec, tensors):
    """PyTorch index syntax with '#' standing for the next index tensor, mirrored by DifferentialTest.index."""
    if spec == "":
        return ()
    parts, k = [], 0
    for p in spec.split(","):
        if p == "#":
            parts.append(tensors[k])
            k += 1
        elif p == "...":
            parts.append(Ellipsis)
        elif p == "None":
            parts.append(None)
        elif ":" in p:
            q = p.split(":")
            parts.append(slice(int(q[0]) if q[0] else None, int(q[1]) if q[1] else None,
                               int(q[2]) if len(q) > 2 and q[2] else None))
        else:
            parts.append(int(p))
    return tuple(parts)


def cloned(x):
    """A non-leaf copy to write into: in-place ops on it are recorded by autograd."""
    return x.clone()


def set_op(a, o):
    r = cloned(a[0])
    r[parse_index(o["spec"], [])] = a[1]
    return r


def set_scalar_op(a, o):
    r = cloned(a[0])
    r[parse_index(o["spec"], [])] = float(o["v"])
    return r


def inplace_view_mul_op(a, o):
    r = cloned(a[0])
    r[parse_index(o["spec"], [])].mul_(float(o["s"]))
    return r


def inplace_add_op(a, o):
    r = cloned(a[0])
    r.add_(a[1])
    return r


# op name -> function of (tensor args, options dict of strings). DifferentialTest.OPS mirrors this table.
OPS = {
    # element-wise, one tensor
    "neg": lambda a, o: a[0].neg(),
    "abs": lambda a, o: a[0].abs(),
    "exp": lambda a, o: a[0].exp(),
    "expm1": lambda a, o: a[0].expm1(),
    "sin": lambda a, o: a[0].sin(),
    "cos": lambda a, o: a[0].cos(),
    "tanh": lambda a, o: a[0].tanh(),
    "sigmoid": lambda a, o: a[0].sigmoid(),
    "relu": lambda a, o: a[0].relu(),
    "square": lambda a, o: a[0].square(),
    "round": lambda a, o: a[0].round(),
    "floor": lambda a, o: a[0].floor(),
    "log_safe": lambda a, o: (a[0].abs() + 0.5).log(),
    "sqrt_safe": lambda a, o: (a[0].abs() + 0.1).sqrt(),
    "rsqrt_safe": lambda a, o: (a[0].abs() + 0.5).rsqrt(),
    "reciprocal_safe": lambda a, o: (a[0].abs() + 0.5).reciprocal(),
    "log1p_abs": lambda a, o: a[0].abs().log1p(),
    "clamp": lambda a, o: a[0].clamp(float(o["lo"]), float(o["hi"])),
    "clamp_min": lambda a, o: a[0].clamp(min=float(o["lo"])),
    "clamp_max": lambda a, o: a[0].clamp(max=float(o["hi"])),
    "add_s": lambda a, o: a[0] + float(o["s"]),
    "sub_s": lambda a, o: a[0] - float(o["s"]),
    "mul_s": lambda a, o: a[0] * float(o["s"]),
    "div_s": lambda a, o: a[0] / float(o["s"]),
    "rsub_s": lambda a, o: float(o["s"]) - a[0],
    "rdiv_safe": lambda a, o: float(o["s"]) / (a[0].abs() + 0.5),
    "pow_s": lambda a, o: a[0].pow(float(o["s"])),
    "pow_safe_s": lambda a, o: (a[0].abs() + 0.25).pow(float(o["s"])),
    "rpow_s": lambda a, o: torch.pow(float(o["s"]), a[0]),
    "cast": lambda a, o: a[0].to(DT[o["dtype"]]),
    "contiguous": lambda a, o: a[0].contiguous(),
    "clone": lambda a, o: a[0].clone(),
    "mul_detached": lambda a, o: a[0] * a[0].detach(),
    # element-wise, two tensors (broadcasting)
    "add": lambda a, o: a[0] + a[1],
    "sub": lambda a, o: a[0] - a[1],
    "mul": lambda a, o: a[0] * a[1],
    "div_safe": lambda a, o: a[0] / (a[1].abs() + 0.5),
    "add_alpha": lambda a, o: a[0].add(a[1], alpha=float(o["alpha"])),
    "maximum": lambda a, o: torch.maximum(a[0], a[1]),
    "minimum": lambda a, o: torch.minimum(a[0], a[1]),
    "where_gt": lambda a, o: torch.where(a[0] > a[1], a[0], a[1]),
    "where_scalar": lambda a, o: torch.where(a[0] > 0, a[0], float(o["s"])),
    "atan2": lambda a, o: torch.atan2(a[0], a[1]),
    "pow_safe": lambda a, o: (a[0].abs() + 0.5).pow(a[1]),
    "masked_fill": lambda a, o: a[0].masked_fill(a[1], float(o["v"])),
    "masked_fill_gt": lambda a, o: a[0].masked_fill(a[0] > float(o["t"]), float(o["v"])),
    "where_mask": lambda a, o: torch.where(a[0], a[1], float(o["v"])),
    # integer and bool side values: comparisons, casts, integer arithmetic, bool reductions
    "gt_s": lambda a, o: a[0] > float(o["s"]),
    "ge_s": lambda a, o: a[0] >= float(o["s"]),
    "lt_s": lambda a, o: a[0] < float(o["s"]),
    "le_s": lambda a, o: a[0] <= float(o["s"]),
    "eq_s": lambda a, o: a[0] == float(o["s"]),
    "ne_s": lambda a, o: a[0] != float(o["s"]),
    "gt_t": lambda a, o: a[0] > a[1],
    "le_t": lambda a, o: a[0] <= a[1],
    "eq_t": lambda a, o: a[0] == a[1],
    "logical_and": lambda a, o: torch.logical_and(a[0], a[1]),
    "logical_or": lambda a, o: torch.logical_or(a[0], a[1]),
    "logical_xor": lambda a, o: torch.logical_xor(a[0], a[1]),
    "logical_not": lambda a, o: torch.logical_not(a[0]),
    "isnan": lambda a, o: a[0].isnan(),
    "isinf": lambda a, o: a[0].isinf(),
    "isfinite": lambda a, o: a[0].isfinite(),
    "argmax_dim": lambda a, o: a[0].argmax(int(o["dim"]), keepdim=boolean(o["keep"])),
    "argmin_dim": lambda a, o: a[0].argmin(int(o["dim"]), keepdim=boolean(o["keep"])),
    "to_long": lambda a, o: (a[0] * 4).to(torch.int64),
    "to_bool": lambda a, o: a[0].to(torch.bool),
    "floor_divide_s": lambda a, o: a[0].floor_divide(int(o["k"])),
    "remainder_s": lambda a, o: a[0].remainder(int(o["k"])),
    "floor_divide_t": lambda a, o: a[0].floor_divide(a[1]),
    "remainder_t": lambda a, o: a[0].remainder(a[1]),
    "int_pow_s": lambda a, o: a[0].pow(int(o["k"])),
    "div_int": lambda a, o: a[0] / a[1],
    "sum_int": lambda a, o: a[0].sum(ints(o["dims"]), keepdim=boolean(o["keep"])),
    "sum_all_int": lambda a, o: a[0].sum(),
    "cumsum_int": lambda a, o: a[0].cumsum(int(o["dim"])),
    "max_dim_int": lambda a, o: a[0].max(int(o["dim"]), keepdim=boolean(o["keep"]))[0],
    "any_dim": lambda a, o: a[0].any(int(o["dim"])),
    "all_dim": lambda a, o: a[0].all(int(o["dim"])),
    # reductions and normalisations
    "sum_all": lambda a, o: a[0].sum(),
    "mean_all": lambda a, o: a[0].mean(),
    "prod_all": lambda a, o: a[0].prod(),
    "max_all": lambda a, o: a[0].max(),
    "min_all": lambda a, o: a[0].min(),
    "norm_all": lambda a, o: a[0].norm(),
    "sum": lambda a, o: a[0].sum(ints(o["dims"]), keepdim=boolean(o["keep"])),
    "mean": lambda a, o: a[0].mean(ints(o["dims"]), keepdim=boolean(o["keep"])),
    "prod": lambda a, o: a[0].prod(int(o["dim"]), keepdim=boolean(o["keep"])),
    "max_dim": lambda a, o: a[0].max(int(o["dim"]), keepdim=boolean(o["keep"]))[0],
    "min_dim": lambda a, o: a[0].min(int(o["dim"]), keepdim=boolean(o["keep"]))[0],
    "argmax_gather": lambda a, o: a[0].gather(int(o["dim"]), a[0].argmax(int(o["dim"]), keepdim=True)),
    "argmin_gather": lambda a, o: a[0].gather(int(o["dim"]), a[0].argmin(int(o["dim"]), keepdim=True)),
    "std": lambda a, o: torch.std(a[0], ints(o["dims"]), correction=int(o["corr"]), keepdim=boolean(o["keep"])),
    "var": lambda a, o: torch.var(a[0], ints(o["dims"]), correction=int(o["corr"]), keepdim=boolean(o["keep"])),
    "norm": lambda a, o: a[0].norm(float(o["p"]), ints(o["dims"]), keepdim=boolean(o["keep"])),
    "logsumexp": lambda a, o: a[0].logsumexp(ints(o["dims"]), keepdim=boolean(o["keep"])),
    "cumsum": lambda a, o: a[0].cumsum(int(o["dim"])),
    "cumprod": lambda a, o: a[0].cumprod(int(o["dim"])),
    "softmax": lambda a, o: a[0].softmax(int(o["dim"])),
    "log_softmax": lambda a, o: a[0].log_softmax(int(o["dim"])),
    # shapes and views
    "transpose": lambda a, o: a[0].transpose(int(o["d0"]), int(o["d1"])),
    "permute": lambda a, o: a[0].permute(ints(o["perm"])),
    "reshape": lambda a, o: a[0].reshape(ints(o["shape"])),
    "flatten": lambda a, o: a[0].flatten(int(o["start"]), int(o["end"])),
    "unsqueeze": lambda a, o: a[0].unsqueeze(int(o["dim"])),
    "squeeze_dim": lambda a, o: a[0].squeeze(int(o["dim"])),
    "squeeze_all": lambda a, o: a[0].squeeze(),
    "expand": lambda a, o: a[0].expand(ints(o["shape"])),
    "t": lambda a, o: a[0].t(),
    "mT": lambda a, o: a[0].mT,
    "get": lambda a, o: a[0][parse_index(o["spec"], [])],
    "narrow": lambda a, o: a[0].narrow(int(o["dim"]), int(o["start"]), int(o["len"])),
    "select": lambda a, o: a[0].select(int(o["dim"]), int(o["index"])),
    "chunk": lambda a, o: a[0].chunk(int(o["n"]), int(o["dim"]))[int(o["k"])],
    "split": lambda a, o: a[0].split(int(o["size"]), int(o["dim"]))[int(o["k"])],
    "unbind": lambda a, o: a[0].unbind(int(o["dim"]))[int(o["k"])],
    "repeat": lambda a, o: a[0].repeat(ints(o["reps"])),
    # indexing
    "index": lambda a, o: a[0][parse_index(o["spec"], a[1:])],
    "gather": lambda a, o: a[0].gather(int(o["dim"]), a[1]),
    "index_select": lambda a, o: a[0].index_select(int(o["dim"]), a[1]),
    "masked_select_gt": lambda a, o: a[0][a[0] > float(o["t"])],
    "set": set_op,
    "set_scalar": set_scalar_op,
    "inplace_view_mul": inplace_view_mul_op,
    "inplace_add": inplace_add_op,
    # linear algebra
    "matmul": lambda a, o: torch.matmul(a[0], a[1]),
    "mm": lambda a, o: torch.mm(a[0], a[1]),
    "mv": lambda a, o: torch.mv(a[0], a[1]),
    "bmm": lambda a, o: torch.bmm(a[0], a[1]),
    "dot": lambda a, o: torch.dot(a[0], a[1]),
    "outer": lambda a, o: torch.outer(a[0], a[1]),
    "linear": lambda a, o: F.linear(a[0], a[1], a[2] if len(a) > 2 else None),
    # joining
    "cat": lambda a, o: torch.cat(list(a), int(o["dim"])),
    "stack": lambda a, o: torch.stack(list(a), int(o["dim"])),
    # losses
    "mse": lambda a, o: F.mse_loss(a[0], a[1], reduction=o["red"]),
    "l1": lambda a, o: F.l1_loss(a[0], a[1], reduction=o["red"]),
    "huber": lambda a, o: F.huber_loss(a[0], a[1], reduction=o["red"], delta=float(o["delta"])),
    "cross_entropy": lambda a, o: F.cross_entropy(a[0], a[1], reduction=o["red"], label_smoothing=float(o["ls"])),
    "nll": lambda a, o: F.nll_loss(a[0], a[1], reduction=o["red"]),
    "bce_logits": lambda a, o: F.binary_cross_entropy_with_logits(a[0], a[1], reduction=o["red"],
                                                                  pos_weight=a[2] if len(a) > 2 else None),
}


def numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def hex_float(v):
    """float.hex without the mantissa's trailing zeros (a float32 value has 40 of them)."""
    h = float(v).hex()
    if "." in h and "p" in h:
        mantissa, exponent = h.split("p")
        mantissa = mantissa.rstrip("0")
        h = (mantissa + "0" if mantissa.endswith(".") else mantissa) + "p" + exponent
    return h


def fmt_values(t):
    t = t.detach().reshape(-1)
    if t.dtype in (torch.float32, torch.float64):
        return " ".join(hex_float(v) for v in t.double().tolist())
    return " ".join(str(int(v)) for v in t.tolist())


def fmt_shape(shape):
    return ",".join(map(str, shape)) or "-"


class Unfit(Exception):
    """The drawn step does not fit the current value (shape, size); draw another."""


class Program:
    def __init__(self, number, seed):
        self.number, self.seed = number, seed
        self.rng = random.Random(seed)
        self.special = False   # leaves may hold NaN, infinities, -0.0 and subnormals
        self.leaves = []   # (name, dtype name, shape, requires grad, values tensor)
        self.steps = []    # (name, op, arg names, options dict)
        self.count = 0

    # ---- leaves ----

    def fresh(self, prefix):
        self.count += 1
        return "%s%d" % (prefix, self.count)

    def data(self, shape, dtype, low=None, high=None):
        rng = self.rng
        n = numel(shape)
        if dtype == "int64":
            vals = [rng.randint(low, high) for _ in range(n)]
        elif dtype == "bool":
            vals = [rng.random() < 0.5 for _ in range(n)]
        elif low is not None:
            vals = [rng.uniform(low, high) for _ in range(n)]
        elif self.special:
            # NaN, infinities, negative zero and a float32 subnormal among ordinary values
            vals = [rng.choice(SPECIAL_VALUES) if rng.random() < 0.25 else round(rng.gauss(0, 1) * 4) / 4
                    for _ in range(n)]
        else:
            # half the values on a grid of quarters, so that ties, zeros and exact comparisons occur
            vals = [round(rng.gauss(0, 1) * 4) / 4 if rng.random() < 0.5 else rng.gauss(0, 1) for _ in range(n)]
        return torch.tensor(vals, dtype=DT[dtype]).reshape(shape)

    def leaf(self, shape, dtype, grad=None, low=None, high=None):
        name = self.fresh("x" if dtype in ("float32", "float64") else "i")
        grad = dtype in ("float32", "float64") if grad is None else grad
        self.leaves.append((name, dtype, list(shape), grad, self.data(shape, dtype, low, high)))
        return name

    def input(self, shape, dtype, views=True):
        """A float tensor of `shape` for the program: a leaf, often seen through a view so it is not contiguous."""
        rng, shape = self.rng, list(shape)
        if dtype == "int64":
            return self.leaf(shape, dtype, low=-3, high=3)
        kind = rng.choice(["none", "none", "t", "step", "expand", "permute", "narrow"]) if views else "none"
        nd = len(shape)
        if kind == "t" and nd >= 2:
            d0, d1 = rng.sample(range(nd), 2)
            stored = shape[:]
            stored[d0], stored[d1] = stored[d1], stored[d0]
            return self.step("transpose", [self.leaf(stored, dtype)], d0=d0, d1=d1)
        if kind == "step" and nd >= 1:
            d, k = rng.randrange(nd), rng.choice([2, 3])
            stored = shape[:]
            stored[d] = 0 if shape[d] == 0 else (shape[d] - 1) * k + 1 + rng.randrange(k)
            spec = ",".join([":"] * d + ["::%d" % k])
            return self.step("get", [self.leaf(stored, dtype)], spec=spec)
        if kind == "expand" and nd >= 1:
            stored = [1 if rng.random() < 0.5 else s for s in shape]
            stored = stored[rng.randrange(min(nd, 2) + 1):]   # the expand adds the dropped dims in front
            if stored == shape:
                return self.leaf(shape, dtype)
            return self.step("expand", [self.leaf(stored, dtype)], shape=",".join(map(str, shape)))
        if kind == "permute" and nd >= 2:
            perm = list(range(nd))
            rng.shuffle(perm)
            stored = [0] * nd
            for i, p in enumerate(perm):
                stored[p] = shape[i]
            return self.step("permute", [self.leaf(stored, dtype)], perm=",".join(map(str, perm)))
        if kind == "narrow" and nd >= 1:
            d = rng.randrange(nd)
            stored = shape[:]
            stored[d] += 2
            return self.step("narrow", [self.leaf(stored, dtype)], dim=d, start=1, len=shape[d])
        return self.leaf(shape, dtype)

    # ---- steps ----

    def step(self, op, args, **opts):
        name = self.fresh("v")
        self.steps.append((name, op, args, {k: str(v) for k, v in opts.items()}))
        return name

    def run(self, promote=False):
        """Runs the program in PyTorch: the value of every step and the gradients of the float leaves.
        promote=True runs float32 as float64 (the stability check)."""
        def dtype_of(name):
            return DT["float64"] if promote and name == "float32" else DT[name]

        env, leaves = {}, []
        for name, dtype, shape, grad, values in self.leaves:
            t = values.to(dtype_of(dtype)).clone()
            if grad:
                t.requires_grad_(True)
            env[name] = t
            leaves.append((name, t))
        results = []
        for name, op, args, opts in self.steps:
            if promote and op == "cast":
                opts = dict(opts, dtype="float64")
            env[name] = OPS[op]([env[a] for a in args], opts)
            results.append(env[name])
        out = results[-1]
        w = self.w_values(out)
        grads = {}
        if out.requires_grad:
            (out * w.to(out.dtype)).sum().backward()
            for name, t in leaves:
                if t.requires_grad:
                    grads[name] = t.grad if t.grad is not None else torch.zeros_like(t)
        return results, w, grads

    def w_values(self, out):
        rng = random.Random(self.seed * 7 + 1)
        return torch.tensor([rng.gauss(0, 1) for _ in range(out.numel())], dtype=out.dtype).reshape(out.shape)


# ---- drawing ops that fit the current value ----

def dims_subset(rng, nd):
    if nd == 0:
        return [rng.choice([0, -1])]
    k = rng.randint(1, nd)
    dims = rng.sample(range(nd), k)
    return [d - nd if rng.random() < 0.3 else d for d in dims]


def any_dim(rng, nd):
    d = rng.randrange(nd)
    return d - nd if rng.random() < 0.3 else d


def broadcast_partner(rng, shape):
    """A shape that broadcasts with `shape`, possibly growing the result (size-1 dims, fewer or more dims)."""
    out = []
    for s in shape:
        r = rng.random()
        if s == 1 and r < 0.3:
            out.append(rng.choice([2, 3]))
        elif r < 0.35:
            out.append(1)
        else:
            out.append(s)
    drop = rng.randrange(len(shape) + 1) if rng.random() < 0.4 else 0
    out = out[drop:]
    if rng.random() < 0.15 and len(out) < 4:
        out = [rng.choice([1, 2])] + out
    return out


def index_spec(rng, shape, allow_tensors, allow_newaxis=True):
    """Basic (and optionally advanced) index parts for `shape`; returns (parts, index tensors to create)."""
    parts, tensors, d = [], [], 0
    nd = len(shape)
    use_ellipsis = nd >= 2 and rng.random() < 0.2
    while d < nd:
        if use_ellipsis and rng.random() < 0.4:
            parts.append("...")
            use_ellipsis = False
            skip = rng.randrange(nd - d + 1)
            d += skip
            continue
        s = shape[d]
        r = rng.random()
        if allow_newaxis and r < 0.07:
            parts.append("None")
            continue
        if r < 0.3 and s > 0:
            i = rng.randrange(-s, s)
            parts.append(str(i))
        elif allow_tensors and r < 0.5 and s > 0 and len(tensors) < 2:
            parts.append("#")
            tensors.append(("int", d))
        elif allow_tensors and r < 0.55 and len(tensors) < 2 and not tensors:
            parts.append("#")
            tensors.append(("mask", d))
        else:
            lo = rng.choice([None, None, 0, 1, -1, -2, 2])
            hi = rng.choice([None, None, 1, 2, 3, -1, 5])
            st = rng.choice([1, 1, 1, 2, 3])
            parts.append("%s:%s%s" % ("" if lo is None else lo, "" if hi is None else hi, "" if st == 1 else ":%d" % st))
        d += 1
    if rng.random() < 0.3 and parts and "..." not in parts:
        parts = parts[:rng.randrange(len(parts)) + 1]   # trailing dims left out are taken whole
    return parts, tensors[:parts.count("#")]


def draw(prog, x, category):
    """One step applied to value x (name) of the current program; raises Unfit when the draw does not fit."""
    rng = prog.rng
    t = prog.env_value(x)
    shape, nd, dtype = list(t.shape), t.dim(), NAME[t.dtype]
    other_float = "float64" if dtype == "float32" else "float32"

    def partner_dtype():
        r = rng.random()
        return "int64" if r < 0.08 else other_float if r < 0.18 else dtype

    if category == "unary":
        op = rng.choice(["neg", "abs", "exp", "expm1", "sin", "cos", "tanh", "sigmoid", "relu", "square", "round",
                         "floor", "log_safe", "sqrt_safe", "rsqrt_safe", "reciprocal_safe", "log1p_abs", "clamp",
                         "clamp_min", "clamp_max", "add_s", "sub_s", "mul_s", "div_s", "rsub_s", "rdiv_safe", "pow_s",
                         "pow_safe_s", "rpow_s", "cast", "contiguous", "clone", "mul_detached", "where_scalar",
                         "masked_fill_gt"])
        s = rng.choice([0.5, -1.5, 2.0, 3.0, -0.25])
        opts = {}
        if op == "clamp":
            lo = rng.choice([-1.0, -0.5, 0.0, 0.25])
            opts = dict(lo=lo, hi=lo + rng.choice([0.5, 1.0, 1.75]))
        elif op == "clamp_min":
            opts = dict(lo=rng.choice([-0.5, 0.0, 0.5]))
        elif op == "clamp_max":
            opts = dict(hi=rng.choice([-0.5, 0.0, 0.5]))
        elif op in ("add_s", "sub_s", "mul_s", "div_s", "rsub_s", "rdiv_safe", "where_scalar"):
            opts = dict(s=s)
        elif op == "pow_s":
            opts = dict(s=rng.choice([2.0, 3.0, 1.0, 0.0]))
        elif op == "pow_safe_s":
            opts = dict(s=rng.choice([0.5, -1.0, 1.5, -0.5, 2.5]))
        elif op == "rpow_s":
            opts = dict(s=rng.choice([2.0, 0.5, 3.0]))
        elif op == "cast":
            opts = dict(dtype=other_float)
        elif op == "masked_fill_gt":
            opts = dict(t=rng.choice([0.0, 0.3, -0.5]), v=rng.choice([0.0, 1.5, -2.0]))
        return prog.step(op, [x], **opts)

    if category == "int":
        return draw_int(prog, x, t, dtype)

    if category == "binary":
        op = rng.choice(["add", "sub", "mul", "div_safe", "add_alpha", "maximum", "minimum", "where_gt", "atan2",
                         "pow_safe", "masked_fill", "inplace_add"])
        if op == "masked_fill":
            mshape = [s if rng.random() < 0.7 else 1 for s in shape][rng.randrange(nd + 1) if nd else 0:]
            return prog.step(op, [x, prog.leaf(mshape, "bool")], v=rng.choice([0.0, -1.0, 2.5]))
        if op == "inplace_add":
            # the in-place target keeps its shape: the operand only broadcasts into it
            yshape = [s if rng.random() < 0.6 else 1 for s in shape][rng.randrange(nd + 1) if nd else 0:]
            return prog.step(op, [x, prog.input(yshape, partner_dtype() if rng.random() < 0.5 else dtype)])
        yshape = broadcast_partner(rng, shape)
        if numel(torch.broadcast_shapes(tuple(shape), tuple(yshape))) > MAX_NUMEL:
            raise Unfit()
        pd = partner_dtype()
        y = prog.leaf(yshape, pd, low=-3, high=3) if pd == "int64" else prog.input(yshape, pd)
        args = [y, x] if rng.random() < 0.3 else [x, y]
        if op == "add_alpha":
            return prog.step(op, args, alpha=rng.choice([2.0, -0.5, 1.0]))
        return prog.step(op, args)

    if category == "reduce":
        op = rng.choice(["sum_all", "mean_all", "prod_all", "max_all", "min_all", "norm_all", "sum", "mean", "prod",
                         "max_dim", "min_dim", "argmax_gather", "argmin_gather", "std", "var", "norm", "logsumexp",
                         "cumsum", "cumprod", "softmax", "log_softmax", "sum", "mean", "logsumexp", "softmax",
                         "log_softmax"])
        keep = rng.choice([0, 1])
        if op.endswith("_all"):
            if op in ("max_all", "min_all") and t.numel() == 0:
                raise Unfit()
            return prog.step(op, [x])
        if op in ("sum", "mean", "logsumexp", "std", "var", "norm"):
            dims = dims_subset(rng, nd)
            opts = dict(dims=",".join(map(str, dims)), keep=keep)
            if op in ("std", "var"):
                opts["corr"] = rng.choice([0, 1, 1])
                # with no more elements than the correction the value is NaN, and torch 1.13's gradient there is
                # inconsistent (inf for a 0-d input, nan for one element): a degenerate case left out
                reduced = 1 if nd == 0 else numel([shape[d] for d in dims])
                if reduced <= opts["corr"]:
                    raise Unfit()
            if op == "norm":
                opts["p"] = rng.choice([1.0, 2.0, 2.0, 3.0])
            return prog.step(op, [x], **opts)
        dim = any_dim(rng, nd) if nd else rng.choice([0, -1])
        if op in ("max_dim", "min_dim", "argmax_gather", "argmin_gather") and (nd == 0 or shape[dim] == 0):
            raise Unfit()
        if op in ("prod", "max_dim", "min_dim"):
            return prog.step(op, [x], dim=dim, keep=keep)
        return prog.step(op, [x], dim=dim)

    if category == "shape":
        op = rng.choice(["transpose", "permute", "reshape", "flatten", "unsqueeze", "squeeze_dim", "squeeze_all",
                         "expand", "t", "mT", "get", "get", "narrow", "select", "chunk", "split", "unbind", "repeat"])
        if op == "transpose":
            if nd == 0:
                return prog.step(op, [x], d0=0, d1=-1)
            return prog.step(op, [x], d0=any_dim(rng, nd), d1=any_dim(rng, nd))
        if op == "permute":
            perm = list(range(nd))
            rng.shuffle(perm)
            return prog.step(op, [x], perm=",".join(map(str, perm)))
        if op == "reshape":
            n = t.numel()
            if n == 0:
                new = [0, rng.choice([1, 2, 3])]
                rng.shuffle(new)
            else:
                new, rest = [], n
                while rest > 1 and len(new) < 3:
                    f = rng.choice([f for f in range(1, rest + 1) if rest % f == 0])
                    new.append(f)
                    rest //= f
                new.append(rest)
                if rng.random() < 0.3:
                    new.insert(rng.randrange(len(new) + 1), 1)
                rng.shuffle(new)
                if rng.random() < 0.5:
                    new[rng.randrange(len(new))] = -1
            return prog.step(op, [x], shape=",".join(map(str, new)))
        if op == "flatten":
            if nd == 0:
                return prog.step(op, [x], start=0, end=-1)
            a, b = sorted([rng.randrange(nd), rng.randrange(nd)])
            return prog.step(op, [x], start=a, end=b - nd if rng.random() < 0.3 else b)
        if op == "unsqueeze":
            return prog.step(op, [x], dim=rng.randrange(-nd - 1, nd + 1))
        if op == "squeeze_dim":
            return prog.step(op, [x], dim=any_dim(rng, nd) if nd else 0)
        if op == "squeeze_all":
            return prog.step(op, [x])
        if op == "expand":
            new = [rng.choice([2, 3]) if s == 1 and rng.random() < 0.7 else (-1 if rng.random() < 0.3 else s)
                   for s in shape]
            if rng.random() < 0.3:
                new = [rng.choice([1, 2])] + new
            return prog.step(op, [x], shape=",".join(map(str, new)))
        if op == "t":
            if nd > 2:
                raise Unfit()
            return prog.step(op, [x])
        if op == "mT":
            if nd < 2:
                raise Unfit()
            return prog.step(op, [x])
        if op == "get":
            parts, _ = index_spec(rng, shape, allow_tensors=False)
            return prog.step(op, [x], spec=",".join(parts))
        if nd == 0:
            raise Unfit()
        dim = any_dim(rng, nd)
        size = shape[dim]
        if op == "narrow":
            start = rng.randint(0, size)
            return prog.step(op, [x], dim=dim, start=start, len=rng.randint(0, size - start))
        if op == "select":
            if size == 0:
                raise Unfit()
            return prog.step(op, [x], dim=dim, index=rng.randrange(-size, size))
        if op == "chunk":
            n = rng.randint(1, 3)
            pieces = len(t.chunk(n, dim))
            return prog.step(op, [x], n=n, dim=dim, k=rng.randrange(pieces))
        if op == "split":
            sz = rng.randint(1, 3)
            pieces = len(t.split(sz, dim))
            return prog.step(op, [x], size=sz, dim=dim, k=rng.randrange(pieces))
        if op == "unbind":
            if size == 0:
                raise Unfit()
            return prog.step(op, [x], dim=dim, k=rng.randrange(size))
        if op == "repeat":
            reps = [rng.choice([1, 1, 2, 3]) for _ in range(nd + rng.choice([0, 0, 1]))]
            return prog.step(op, [x], reps=",".join(map(str, reps)))

    if category == "index":
        op = rng.choice(["index", "index", "gather", "index_select", "masked_select_gt", "set", "set_scalar",
                         "inplace_view_mul"])
        if op == "index":
            if nd == 0:
                raise Unfit()
            parts, tensors = index_spec(rng, shape, allow_tensors=True, allow_newaxis=False)
            if not tensors:
                raise Unfit()
            args = [x]
            for kind, d in tensors:
                if kind == "int":
                    ishape = rng.choice([[], [rng.randint(0, 4)], [2, rng.randint(1, 2)]])
                    args.append(prog.leaf(ishape, "int64", low=-shape[d], high=shape[d] - 1))
                else:
                    args.append(prog.leaf([shape[d]], "bool"))
            return prog.step(op, args, spec=",".join(parts))
        if op == "gather":
            if nd == 0:
                raise Unfit()
            dim = any_dim(rng, nd)
            if shape[dim] == 0:
                raise Unfit()
            ishape = [rng.randint(0, s) for s in shape]
            ishape[dim] = rng.randint(0, 4)
            return prog.step(op, [x, prog.leaf(ishape, "int64", low=0, high=shape[dim] - 1)], dim=dim)
        if op == "index_select":
            if nd == 0:
                raise Unfit()
            dim = any_dim(rng, nd)
            if shape[dim] == 0:
                raise Unfit()
            ishape = rng.choice([[rng.randint(0, 5)], []])
            return prog.step(op, [x, prog.leaf(ishape, "int64", low=0, high=shape[dim] - 1)], dim=dim)
        if op == "masked_select_gt":
            return prog.step(op, [x], t=rng.choice([0.0, 0.25, -0.5]))
        parts, _ = index_spec(rng, shape, allow_tensors=False, allow_newaxis=False)
        spec = ",".join(parts)
        if op == "set":
            target = list(t[parse_index(spec, [])].shape)
            yshape = [s if rng.random() < 0.7 else 1 for s in target][rng.randrange(len(target) + 1) if target else 0:]
            return prog.step(op, [x, prog.input(yshape, rng.choice([dtype, dtype, other_float]))], spec=spec)
        if op == "set_scalar":
            return prog.step(op, [x], spec=spec, v=rng.choice([0.0, 1.5, -2.0]))
        return prog.step(op, [x], spec=spec, s=rng.choice([2.0, -0.5, 0.0]))

    if category == "matmul":
        op = rng.choice(["matmul", "matmul", "matmul", "mm", "mv", "bmm", "dot", "outer", "linear", "linear"])
        pd = dtype
        m = rng.choice([1, 2, 3, 4]) if rng.random() < 0.92 else 0
        if nd == 0:
            raise Unfit()
        k = shape[-1]
        if op == "matmul":
            if nd == 1:
                yshape = rng.choice([[k], [k, m], [rng.choice([1, 2]), k, m]])
            elif nd == 2:
                yshape = rng.choice([[k], [k, m], [rng.choice([1, 2]), k, m]])
            else:
                batch = [s if rng.random() < 0.6 else 1 for s in shape[:-2]][rng.randrange(nd - 1):]
                yshape = rng.choice([[k, m], [k], batch + [k, m]])
        elif op == "mm":
            if nd != 2:
                raise Unfit()
            yshape = [k, m]
        elif op == "mv":
            if nd != 2:
                raise Unfit()
            yshape = [k]
        elif op == "bmm":
            if nd != 3:
                raise Unfit()
            yshape = [shape[0], k, m]
        elif op in ("dot", "outer"):
            if nd != 1:
                raise Unfit()
            yshape = [k] if op == "dot" else [m]
        else:  # linear: weight [out, in], bias [out] or none
            w = prog.input([m, k], pd)
            args = [x, w] + ([prog.input([m], pd)] if rng.random() < 0.7 else [])
            return prog.step(op, args)
        return prog.step(op, [x, prog.input(yshape, pd)])

    if category == "join":
        op = rng.choice(["cat", "cat", "stack"])
        if op == "cat":
            if nd == 0:
                raise Unfit()
            dim = any_dim(rng, nd)
            others = []
            for _ in range(rng.choice([1, 1, 2])):
                s = shape[:]
                s[dim] = rng.randint(0, 3)
                others.append(prog.input(s, dtype if rng.random() < 0.85 else other_float))
        else:
            dim = rng.randrange(-nd - 1, nd + 1)
            others = [prog.input(shape, dtype) for _ in range(rng.choice([1, 1, 2]))]
        args = [x] + others
        rng.shuffle(args)
        return prog.step(op, args, dim=dim)

    if category == "loss":
        op = rng.choice(["mse", "l1", "huber", "cross_entropy", "cross_entropy", "nll", "bce_logits"])
        red = rng.choice(["none", "mean", "sum"])
        if op in ("mse", "l1", "huber", "bce_logits"):
            if op == "bce_logits":
                y = prog.leaf(shape, dtype, low=0.0, high=1.0)
                args = [x, y]
                # not with infinite logits: there the target's gradient with a pos_weight below 1 is inf - inf in
                # Ember's composed formula and +-inf in PyTorch's fused kernel (a documented difference)
                if nd >= 1 and rng.random() < 0.4 and not prog.special:
                    args.append(prog.leaf([shape[-1]], dtype, grad=False, low=0.5, high=2.0))
                return prog.step(op, args, red=red)
            args = [x, prog.input(shape, dtype)]
            if op == "huber":
                return prog.step(op, args, red=red, delta=rng.choice([1.0, 0.5, 2.0]))
            return prog.step(op, args, red=red)
        if nd not in (1, 2) or shape[-1] == 0:
            raise Unfit()
        c = shape[-1]
        tshape = [] if nd == 1 else [shape[0]]
        target = prog.leaf(tshape, "int64", low=0, high=c - 1)
        if op == "nll":
            return prog.step(op, [x, target], red=red)
        return prog.step(op, [x, target], red=red, ls=rng.choice([0.0, 0.0, 0.1]))
    raise AssertionError(category)


def draw_int(prog, x, t, dtype):
    """Integer or bool side values computed from x (one to three steps, each compared exactly), then combined back
    into the float chain (a mask for where/masked_fill, or a factor or term promoted to float)."""
    rng = prog.rng
    s, sv = x, t
    for _ in range(rng.randint(1, 3)):
        nd, kind = sv.dim(), NAME[sv.dtype]
        dim = any_dim(rng, nd) if nd else rng.choice([0, -1])
        keep = rng.choice([0, 1])
        if kind in ("float32", "float64"):
            op = rng.choice(["gt_s", "ge_s", "lt_s", "le_s", "eq_s", "ne_s", "gt_t", "le_t", "eq_t", "argmax_dim",
                             "argmin_dim", "to_bool", "isnan", "isinf", "isfinite"] + ([] if prog.special else ["to_long"] * 4))
            if op.endswith("_s"):
                s = prog.step(op, [s], s=rng.choice([0.0, 0.25, -0.5, 1.0]))
            elif op.endswith("_t"):
                s = prog.step(op, [s, prog.input(broadcast_partner(rng, list(sv.shape)), dtype)])
            elif op in ("argmax_dim", "argmin_dim"):
                if nd and sv.shape[dim] == 0:
                    raise Unfit()
                s = prog.step(op, [s], dim=dim, keep=keep)
            else:
                s = prog.step(op, [s])
        elif kind == "bool":
            op = rng.choice(["logical_and", "logical_or", "logical_xor", "logical_not", "sum_int", "sum_all_int",
                             "cumsum_int", "any_dim", "all_dim"])
            if op.startswith("logical_") and op != "logical_not":
                s = prog.step(op, [s, prog.leaf(broadcast_partner(rng, list(sv.shape)), "bool")])
            elif op == "sum_int":
                s = prog.step(op, [s], dims=",".join(map(str, dims_subset(rng, nd))), keep=keep)
            elif op in ("cumsum_int", "any_dim", "all_dim"):
                s = prog.step(op, [s], dim=dim)
            else:
                s = prog.step(op, [s])
        else:
            op = rng.choice(["floor_divide_s", "remainder_s", "floor_divide_t", "remainder_t", "int_pow_s", "div_int",
                             "sum_int", "cumsum_int", "max_dim_int", "gt_s", "eq_s", "add", "mul", "neg", "abs"])
            if op in ("floor_divide_s", "remainder_s"):
                s = prog.step(op, [s], k=rng.choice([2, 3, -2, -3, 1]))
            elif op == "int_pow_s":
                s = prog.step(op, [s], k=rng.choice([0, 1, 2, 3]))
            elif op in ("floor_divide_t", "remainder_t", "div_int", "add", "mul"):
                divisor = op != "add" and op != "mul"
                shape = broadcast_partner(rng, list(sv.shape))
                other = prog.leaf(shape, "int64", low=1, high=3) if divisor else prog.leaf(shape, "int64", low=-3, high=3)
                if divisor and rng.random() < 0.5:
                    other = prog.step("neg", [other])
                s = prog.step(op, [s, other])
            elif op in ("gt_s", "eq_s"):
                s = prog.step(op, [s], s=rng.choice([0.0, 1.0, -2.0]))
            elif op == "sum_int":
                s = prog.step(op, [s], dims=",".join(map(str, dims_subset(rng, nd))), keep=keep)
            elif op == "cumsum_int":
                s = prog.step(op, [s], dim=dim)
            elif op == "max_dim_int":
                if nd == 0 or sv.shape[dim] == 0:
                    raise Unfit()
                s = prog.step(op, [s], dim=dim, keep=keep)
            else:
                s = prog.step(op, [s])
        refresh(prog, prog.env)
        sv = prog.env[s]
    if sv.dtype == torch.bool:
        combine = rng.choice(["where_mask", "masked_fill", "mul"])
        if combine == "where_mask":
            return prog.step(combine, [s, x], v=rng.choice([0.0, -1.0, 2.5]))
        if combine == "masked_fill":
            return prog.step(combine, [x, s], v=rng.choice([0.0, -1.0, 2.5]))
        return prog.step(combine, [x, s])
    return prog.step(rng.choice(["mul", "add"]), [x, s] if rng.random() < 0.7 else [s, x])


SPECIAL_VALUES = [float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 1e-40]

CATEGORIES = ["unary"] * 5 + ["binary"] * 4 + ["reduce"] * 5 + ["shape"] * 5 + ["index"] * 3 + ["matmul"] * 4 + \
             ["join"] * 2 + ["loss"] * 2 + ["int"] * 3


def fits(t, special):
    if t.dtype.is_floating_point:
        finite = t[torch.isfinite(t)]
        if not special and finite.numel() != t.numel():
            return False
        if finite.numel() and finite.abs().max().item() > MAX_ABS:
            return False
    return t.numel() <= MAX_NUMEL


def random_shape(rng):
    nd = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
    while True:
        shape = [rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5]) if rng.random() < 0.95 else 0 for _ in range(nd)]
        if 0 in shape and rng.random() < 0.6:
            continue   # keep empty tensors a minority
        if numel(shape) <= 40:
            return shape


def build(number, seed):
    """Draws program `number` from its seed; None when no fair program came out of this seed."""
    prog = Program(number, seed)
    rng = prog.rng
    env = {}

    def env_value(name):
        return env[name]

    prog.env_value = env_value
    prog.env = env
    prog.special = rng.random() < 0.15
    dtype = rng.choice(["float32", "float64"])
    x = prog.input(random_shape(rng), dtype)
    target, drawn = rng.randint(2, 5), 0   # the chain's ops; views that present inputs come on top
    while drawn < target:
        for _attempt in range(30):
            saved = (len(prog.leaves), len(prog.steps), prog.count, rng.getstate())
            try:
                refresh(prog, env)
                cat = rng.choice(CATEGORIES) if drawn < target - 1 or rng.random() < 0.75 else "loss"
                x_new = draw(prog, x, cat)
                refresh(prog, env)
                if all(fits(env[s[0]], prog.special) for s in prog.steps[saved[1]:]):
                    x = x_new
                    drawn += 1
                    break
            except (Unfit, RuntimeError, IndexError, ValueError):
                pass
            del prog.leaves[saved[0]:]
            del prog.steps[saved[1]:]
            prog.count = saved[2]
            rng.setstate(saved[3])
            rng.random()   # move on so the next attempt draws differently
        else:
            return None
        refresh(prog, env)
    results, w, grads = prog.run()
    if not results[-1].dtype.is_floating_point or not results[-1].requires_grad:
        return None
    if not prog.special and not all(torch.isfinite(g).all() and (g.numel() == 0 or g.abs().max() <= 1e4)
                                    for g in grads.values()):
        return None
    if any(d == "float32" for _, d, _, _, _ in prog.leaves) and not stable(prog, results, grads):
        return None
    return prog


def refresh(prog, env):
    """Re-evaluates the values of the steps without gradients (to draw the next step against)."""
    env.clear()
    with torch.no_grad():
        for name, dtype, shape, grad, values in prog.leaves:
            env[name] = values
        for name, op, args, opts in prog.steps:
            env[name] = OPS[op]([env[a] for a in args], opts)


def stable(prog, results, grads):
    """The program in float64 agrees with float32 to 1e-3 of each tensor's scale."""
    results64, _, grads64 = prog.run(promote=True)
    pairs = list(zip(results, results64)) + [(grads[k], grads64[k]) for k in grads]
    for a, b in pairs:
        if not a.dtype.is_floating_point:
            if not torch.equal(a, b):
                return False
            continue
        if a.shape != b.shape:
            return False
        if a.numel() == 0:
            continue
        a, b = a.detach().double(), b.detach().double()
        if not torch.equal(torch.isnan(a), torch.isnan(b)) or not torch.equal(a[torch.isinf(a)], b[torch.isinf(a)]) \
                or not torch.equal(torch.isinf(a), torch.isinf(b)):
            return False
        a, b = a[torch.isfinite(a)], b[torch.isfinite(b)]
        if a.numel() == 0:
            continue
        scale = max(1.0, b.abs().max().item())
        if (a - b).abs().max().item() > 1e-3 * scale:
            return False
    return True


def write_program(prog, lines):
    results, w, grads = prog.run()
    lines.append("program %d seed %d%s" % (prog.number, prog.seed, " special" if prog.special else ""))
    for name, dtype, shape, grad, values in prog.leaves:
        lines.append("leaf %s %s %s %d : %s" % (name, dtype, fmt_shape(shape), int(grad), fmt_values(values)))
    for (name, op, args, opts), value in zip(prog.steps, results):
        lines.append("step %s %s %s%s -> %s %s : %s" % (
            name, op, " ".join(args), "".join(" %s=%s" % kv for kv in opts.items()), NAME[value.dtype],
            fmt_shape(value.shape), fmt_values(value)))
    lines.append("w : " + fmt_values(w))
    for name, g in grads.items():
        lines.append("grad %s : %s" % (name, fmt_values(g)))
    lines.append("end")


def program_seed(number):
    return SEED * 1000 + number


def programs(count):
    """The programs in order; a seed that gives no fair program is replaced by the next attempt's seed."""
    out = []
    for number in range(count):
        for attempt in range(50):
            prog = build(number, program_seed(number) * 100 + attempt)
            if prog is not None:
                out.append(prog)
                break
        else:
            raise RuntimeError("no fair program for number %d" % number)
    return out


def main():
    global SEED
    torch.set_num_threads(1)
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    SEED = int(args.get("--seed", SEED))
    count, out_path = int(args.get("--programs", PROGRAMS)), args.get("--out", OUT)
    if "--show" in args:
        number = int(args["--show"])
        for attempt in range(50):
            prog = build(number, program_seed(number) * 100 + attempt)
            if prog is not None:
                lines = []
                write_program(prog, lines)
                print("\n".join(lines))
                return
        return
    lines = ["# generated by tools/golden/differential.py with torch %s, seed %d, %d programs"
             % (torch.__version__, SEED, count),
             "# program n comes from seed n's line; --show n regenerates it alone"]
    progs = programs(count)
    for prog in progs:
        write_program(prog, lines)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    counts = {}
    for prog in progs:
        for _, op, _, _ in prog.steps:
            counts[op] = counts.get(op, 0) + 1
    print("wrote %d programs (%d steps) to %s" % (len(progs), sum(counts.values()), os.path.normpath(out_path)))
    print("steps per op: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))


if __name__ == "__main__":
    main()
