#!/usr/bin/python3
"""Writes what PyTorch's nn, nn.init and optim produce, for the tests in ember.nn and ember.optim.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden/nn.py
Output: ember-core/src/test/resources/golden/nn.txt. CI never runs this script.

One entry per line, "KEY TYPE SHAPE : PAYLOAD", keys unique:
  TYPE float32 / float64 / int64: PAYLOAD is the values in row-major order (floats as exact hex), SHAPE is
       comma-separated or "-" for a 0-d tensor;
  TYPE str (SHAPE "-"): PAYLOAD is a JSON string (module printouts, error messages).
Sections (the key's first word), each mirrored by one test class:
  init.*    weights after torch.manual_seed(s) and nn.Linear / nn.init.*           (InitTest, exact)
  dropout.* F.dropout / nn.Dropout outputs and gradients after a seed              (DropoutTest, exact)
  loss.*    loss inputs, values and gradients of sum(loss * w)                     (LossGoldenTest, 1e-6)
  optim.*   parameters (and lrs) after each of 5 optimizer steps on one problem   (OptimizerGoldenTest, 1e-6)
  repr.*    print(module)                                                          (ModulePrintTest)
  error.*   load_state_dict error messages                                        (StateDictTest)
  keys.*    list(net.state_dict().keys())                                          (ModuleStructureTest)
"""
import json
import math
import os
import zlib

import torch
import torch.nn.functional as F
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-core", "src", "test", "resources", "golden",
                   "nn.txt")

LINES = []


def shape_str(t):
    return ",".join(map(str, t.shape)) or "-"


def put(key, t):
    assert " " not in key and key not in KEYS, key
    KEYS.add(key)
    t = t.detach()
    flat = t.reshape(-1)
    if t.dtype.is_floating_point:
        vals = " ".join(float(v).hex() for v in flat.double().tolist())
    else:
        vals = " ".join(str(int(v)) for v in flat.tolist())
    dtype = str(t.dtype).replace("torch.", "")
    LINES.append(f"{key} {dtype} {shape_str(t)} : {vals}")


def put_str(key, s):
    assert " " not in key and key not in KEYS, key
    KEYS.add(key)
    LINES.append(f"{key} str - : {json.dumps(s)}")


KEYS = set()


# ---------------------------------------------------------------------------------------------------------------------
# init: nn.Linear's reset_parameters and nn.init after a seed (bit-exact)
# ---------------------------------------------------------------------------------------------------------------------
def init_section():
    for seed, fin, fout, bias in ((0, 3, 2, True), (42, 20, 7, True), (7, 5, 1, True), (3, 4, 3, False),
                                  (5, 64, 32, True), (11, 1, 17, True)):
        torch.manual_seed(seed)
        lin = nn.Linear(fin, fout, bias=bias)
        key = f"init.linear.{seed}.{fin}.{fout}.{int(bias)}"
        put(key + ".weight", lin.weight)
        if bias:
            put(key + ".bias", lin.bias)
    # consecutive layers draw one after the other from the global generator
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    for k, v in net.state_dict().items():
        put("init.seq." + k, v)

    def init_case(name, seed, shape, fn):
        torch.manual_seed(seed)
        w = torch.empty(shape)
        fn(w)
        put("init." + name, w)

    init_case("normal.small", 0, (3, 4), lambda w: nn.init.normal_(w, mean=0, std=0.01))
    init_case("normal.large", 0, (20, 20), lambda w: nn.init.normal_(w, mean=1.5, std=2.0))
    init_case("uniform", 1, (5,), lambda w: nn.init.uniform_(w, -2, 3))
    init_case("uniform.default", 2, (2, 3), lambda w: nn.init.uniform_(w))
    init_case("constant", 0, (2, 2), lambda w: nn.init.constant_(w, 42))
    init_case("xavier_uniform", 1, (5, 3), lambda w: nn.init.xavier_uniform_(w))
    init_case("xavier_uniform.gain", 2, (7, 9), lambda w: nn.init.xavier_uniform_(w, gain=2.0))
    init_case("xavier_normal", 3, (6, 4), lambda w: nn.init.xavier_normal_(w))
    init_case("xavier_normal.gain", 4, (30, 20), lambda w: nn.init.xavier_normal_(w, gain=0.5))
    init_case("kaiming_uniform", 5, (4, 6), lambda w: nn.init.kaiming_uniform_(w))
    init_case("kaiming_uniform.fan_out", 6, (4, 6),
              lambda w: nn.init.kaiming_uniform_(w, a=0.1, mode="fan_out", nonlinearity="leaky_relu"))
    init_case("kaiming_uniform.conv", 7, (3, 2, 5), lambda w: nn.init.kaiming_uniform_(w, nonlinearity="relu"))
    init_case("kaiming_normal", 8, (8, 5), lambda w: nn.init.kaiming_normal_(w))
    init_case("kaiming_normal.fan_out", 9, (16, 10),
              lambda w: nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu"))
    gains = [nn.init.calculate_gain(n) for n in ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu")]
    gains.append(nn.init.calculate_gain("leaky_relu", 0.2))
    gains.append(nn.init.calculate_gain("leaky_relu", math.sqrt(5)))
    put("init.gains", torch.tensor(gains, dtype=torch.float64))


# ---------------------------------------------------------------------------------------------------------------------
# dropout: masks after a seed (Debian's torch has no MKL: bernoulli_(1-p) draws one 53-bit uniform per element)
# ---------------------------------------------------------------------------------------------------------------------
def dropout_section():
    for seed, p, shape in ((0, 0.5, (4, 5)), (1, 0.2, (3, 7)), (2, 0.9, (17,)), (3, 0.3, (2, 3, 4)),
                           (4, 0.1, (40,))):
        torch.manual_seed(100 + seed)
        x = (torch.randn(shape) * 3).requires_grad_()
        w = torch.randn(shape)
        torch.manual_seed(seed)
        y = F.dropout(x, p, training=True)
        (y * w).sum().backward()
        key = f"dropout.{seed}"
        put(key + ".x", x)
        put(key + ".w", w)
        put(key + ".y", y)
        put(key + ".grad", x.grad)
    # a transposed (non-contiguous) input: the noise is a fresh contiguous tensor, drawn in row-major order
    torch.manual_seed(106)
    base = (torch.randn(5, 4) * 3).requires_grad_()
    w = torch.randn(4, 5)
    torch.manual_seed(6)
    y = F.dropout(base.t(), 0.4, training=True)
    (y * w).sum().backward()
    put("dropout.t.base", base)
    put("dropout.t.w", w)
    put("dropout.t.y", y)
    put("dropout.t.grad", base.grad)
    # the module in training mode draws the same way; two calls continue the stream
    torch.manual_seed(5)
    drop = nn.Dropout(0.5)
    x = torch.ones(2, 8)
    put("dropout.module.first", drop(x))
    put("dropout.module.second", drop(x))


# ---------------------------------------------------------------------------------------------------------------------
# losses: values and gradients of sum(loss * w) for the floating inputs
# ---------------------------------------------------------------------------------------------------------------------
def loss_case(name, fn, inputs, grad_names):
    """inputs: dict name -> tensor; grad_names: the inputs whose gradients are recorded."""
    xs = {k: (v.clone().requires_grad_() if k in grad_names else v.clone()) for k, v in inputs.items()}
    out = fn(xs)
    torch.manual_seed(zlib.crc32(name.encode()) % 1000)
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    for k, v in inputs.items():
        put(f"loss.{name}.in.{k}", v)
    put(f"loss.{name}.w", w)
    put(f"loss.{name}.out", out)
    for k in grad_names:
        put(f"loss.{name}.grad.{k}", xs[k].grad)


def loss_section():
    torch.manual_seed(2024)
    x = torch.randn(3, 4)
    y = torch.randn(3, 4)
    y[0, 0] = x[0, 0]  # a zero difference: L1's gradient there is sign(0) = 0
    y[1, 1] = x[1, 1] + 1.0  # |d| == delta for Huber(1.0)
    for red in ("none", "mean", "sum"):
        loss_case(f"mse.{red}", lambda a, r=red: F.mse_loss(a["x"], a["y"], reduction=r), {"x": x, "y": y}, ["x", "y"])
        loss_case(f"l1.{red}", lambda a, r=red: F.l1_loss(a["x"], a["y"], reduction=r), {"x": x, "y": y}, ["x", "y"])
        for delta in (1.0, 0.5, 2.0):
            loss_case(f"huber.{delta}.{red}", lambda a, r=red, d=delta: F.huber_loss(a["x"], a["y"], reduction=r, delta=d),
                      {"x": x, "y": y}, ["x", "y"])

    logits = torch.randn(4, 5) * 2
    target = torch.tensor([1, 0, 4, 2])
    huge = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0], [-1000.0, -1000.0, -1000.0]])
    huge_target = torch.tensor([1, 2, 0])
    single = torch.randn(6)
    single_target = torch.tensor(3)
    soft_target = torch.randn(4, 5).softmax(1)
    soft_single = torch.rand(6)  # need not sum to 1: the formula is −Σ q·log p either way
    for red in ("none", "mean", "sum"):
        for ls in (0.0, 0.1):
            loss_case(f"ce.{ls}.{red}", lambda a, r=red, s=ls: F.cross_entropy(a["x"], a["t"], reduction=r, label_smoothing=s),
                      {"x": logits, "t": target}, ["x"])
            loss_case(f"ce.huge.{ls}.{red}",
                      lambda a, r=red, s=ls: F.cross_entropy(a["x"], a["t"], reduction=r, label_smoothing=s),
                      {"x": huge, "t": huge_target}, ["x"])
            loss_case(f"ce.single.{ls}.{red}",
                      lambda a, r=red, s=ls: F.cross_entropy(a["x"], a["t"], reduction=r, label_smoothing=s),
                      {"x": single, "t": single_target}, ["x"])
            loss_case(f"ce.prob.{ls}.{red}",
                      lambda a, r=red, s=ls: F.cross_entropy(a["x"], a["q"], reduction=r, label_smoothing=s),
                      {"x": logits, "q": soft_target}, ["x", "q"])
            loss_case(f"ce.prob.single.{ls}.{red}",
                      lambda a, r=red, s=ls: F.cross_entropy(a["x"], a["q"], reduction=r, label_smoothing=s),
                      {"x": single, "q": soft_single}, ["x", "q"])
        logp = torch.log_softmax(torch.randn(3, 4), 1)
        loss_case(f"nll.{red}", lambda a, r=red: F.nll_loss(a["x"], a["t"], reduction=r),
                  {"x": logp, "t": torch.tensor([3, 0, 1])}, ["x"])
        loss_case(f"nll.single.{red}", lambda a, r=red: F.nll_loss(a["x"], a["t"], reduction=r),
                  {"x": logp[1], "t": torch.tensor(2)}, ["x"])

    bl = torch.randn(3, 4) * 3
    bl[0, 0] = 0.0
    bl[0, 1] = 100.0
    bl[0, 2] = -100.0
    bl[0, 3] = 30.0
    bt = torch.rand(3, 4)
    bt[0, 1] = 0.0
    bt[0, 2] = 1.0
    pw = torch.tensor([0.5, 1.0, 2.0, 3.0])
    for red in ("none", "mean", "sum"):
        loss_case(f"bce.{red}", lambda a, r=red: F.binary_cross_entropy_with_logits(a["x"], a["y"], reduction=r),
                  {"x": bl, "y": bt}, ["x", "y"])
        loss_case(f"bce.pw.{red}",
                  lambda a, r=red: F.binary_cross_entropy_with_logits(a["x"], a["y"], reduction=r, pos_weight=a["pw"]),
                  {"x": bl, "y": bt, "pw": pw}, ["x", "y"])


# ---------------------------------------------------------------------------------------------------------------------
# optimizers: Linear(3, 2) with fixed weights, fixed data, MSE; parameters after each of 5 steps
# ---------------------------------------------------------------------------------------------------------------------
def optim_section():
    torch.manual_seed(77)
    X = torch.randn(4, 3)
    Y = torch.randn(4, 2)
    W0 = torch.randn(2, 3) * 0.5
    B0 = torch.randn(2) * 0.5
    put("optim.data.X", X)
    put("optim.data.Y", Y)
    put("optim.data.W0", W0)
    put("optim.data.B0", B0)

    def run(name, make):
        net = nn.Linear(3, 2)
        with torch.no_grad():
            net.weight.copy_(W0)
            net.bias.copy_(B0)
        opt, sched = make(net)
        for step in range(1, 6):
            opt.zero_grad()
            loss = F.mse_loss(net(X), Y)
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
            put(f"optim.{name}.{step}.weight", net.weight)
            put(f"optim.{name}.{step}.bias", net.bias)
            put(f"optim.{name}.{step}.lr", torch.tensor([g["lr"] for g in opt.param_groups], dtype=torch.float64))

    o = torch.optim
    run("sgd", lambda n: (o.SGD(n.parameters(), lr=0.1), None))
    run("sgd.momentum", lambda n: (o.SGD(n.parameters(), lr=0.1, momentum=0.9), None))
    run("sgd.dampening", lambda n: (o.SGD(n.parameters(), lr=0.1, momentum=0.9, dampening=0.5), None))
    run("sgd.nesterov", lambda n: (o.SGD(n.parameters(), lr=0.1, momentum=0.9, nesterov=True), None))
    run("sgd.wd", lambda n: (o.SGD(n.parameters(), lr=0.1, momentum=0.5, weight_decay=0.01), None))
    run("sgd.maximize", lambda n: (o.SGD(n.parameters(), lr=0.01, momentum=0.9, maximize=True), None))
    # the book's weight-decay section: decay the weight only
    run("sgd.groups", lambda n: (o.SGD([{"params": n.weight, "weight_decay": 3}, {"params": n.bias}], lr=0.1), None))
    run("sgd.groups.lr", lambda n: (o.SGD([{"params": n.weight}, {"params": n.bias, "lr": 0.5, "momentum": 0.3}],
                                          lr=0.1), None))
    run("adam", lambda n: (o.Adam(n.parameters(), lr=0.01), None))
    run("adam.custom", lambda n: (o.Adam(n.parameters(), lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), None))
    run("adam.amsgrad", lambda n: (o.Adam(n.parameters(), lr=0.05, amsgrad=True), None))
    run("adam.maximize", lambda n: (o.Adam(n.parameters(), lr=0.05, maximize=True), None))
    run("adamw", lambda n: (o.AdamW(n.parameters(), lr=0.01), None))
    run("adamw.custom", lambda n: (o.AdamW(n.parameters(), lr=0.05, betas=(0.5, 0.9), eps=1e-4, weight_decay=0.5), None))
    run("adamw.groups", lambda n: (o.AdamW([{"params": n.weight}, {"params": n.bias, "weight_decay": 0}], lr=0.05), None))

    def steplr(n):
        opt = o.SGD(n.parameters(), lr=0.1, momentum=0.9)
        return opt, o.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)

    def cosine(n):
        opt = o.Adam(n.parameters(), lr=0.1)
        return opt, o.lr_scheduler.CosineAnnealingLR(opt, T_max=3, eta_min=0.001)

    def cosine_groups(n):
        opt = o.SGD([{"params": n.weight}, {"params": n.bias, "lr": 0.3}], lr=0.1)
        return opt, o.lr_scheduler.CosineAnnealingLR(opt, T_max=2)

    run("steplr", steplr)
    run("cosine", cosine)
    run("cosine.groups", cosine_groups)


# ---------------------------------------------------------------------------------------------------------------------
# module printouts, state dict keys and load_state_dict errors
# ---------------------------------------------------------------------------------------------------------------------
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.linear = nn.Linear(32, 16)

    def forward(self, x):
        return self.linear(self.net(x))


class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.rand_weight = torch.rand((20, 20), requires_grad=False)
        self.linear = nn.Linear(20, 20)

    def forward(self, x):
        return self.linear(x)


def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())


def block2():
    net = nn.Sequential()
    for i in range(4):
        net.add_module(f"block {i}", block1())
    return net


def print_section():
    put_str("repr.flatten_mlp", repr(nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5),
                                                   nn.Linear(256, 10))))
    put_str("repr.dropout_small", repr(nn.Dropout(1e-05)))
    put_str("repr.dropout_point2", repr(nn.Dropout(0.2)))
    put_str("repr.linear_nobias", repr(nn.Linear(3, 4, bias=False)))
    put_str("repr.mlp", repr(MLP()))
    put_str("repr.chimera", repr(nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())))
    rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
    put_str("repr.rgnet", repr(rgnet))
    put_str("repr.empty_sequential", repr(nn.Sequential()))
    put_str("repr.activations", repr(nn.Sequential(nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1), nn.Identity(),
                                                   nn.Flatten(0, 2))))
    put_str("repr.losses", repr([nn.MSELoss(), nn.CrossEntropyLoss(), nn.L1Loss(), nn.HuberLoss(), nn.NLLLoss(),
                                 nn.BCEWithLogitsLoss()]))
    put_str("keys.rgnet", json.dumps(list(rgnet.state_dict().keys())))
    put_str("keys.chimera", json.dumps(list(nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
                                            .state_dict().keys())))

    def error(name, net, sd):
        try:
            net.load_state_dict(sd)
            raise AssertionError("expected an error for " + name)
        except RuntimeError as e:
            put_str("error." + name, str(e))

    def mlp_sd():
        return {k: v.clone() for k, v in MLP().state_dict().items()}

    sd = mlp_sd()
    del sd["out.bias"]
    error("missing", MLP(), sd)
    sd = mlp_sd()
    sd["extra.weight"] = torch.zeros(1)
    sd["out.extra"] = torch.zeros(1)
    error("unexpected", MLP(), sd)
    sd = mlp_sd()
    sd["hidden.weight"] = torch.zeros(256, 21)
    error("size", MLP(), sd)
    sd = mlp_sd()
    del sd["hidden.bias"]
    sd["hidden.weight"] = torch.zeros(3)
    sd["more"] = torch.zeros(2)
    error("all", MLP(), sd)
    seq_sd = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).state_dict()
    error("sequential", nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2)), seq_sd)
    put_str("repr.incompatible_ok", repr(MLP().load_state_dict(mlp_sd())))
    sd = mlp_sd()
    del sd["out.bias"]
    sd["extra"] = torch.zeros(1)
    put_str("repr.incompatible_keys", repr(MLP().load_state_dict(sd, strict=False)))


def main():
    init_section()
    dropout_section()
    loss_section()
    optim_section()
    print_section()
    with open(OUT, "w") as f:
        f.write(f"# generated by tools/golden/nn.py with torch {torch.__version__}\n")
        f.write("\n".join(LINES) + "\n")
    print(f"wrote {len(LINES)} entries to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
