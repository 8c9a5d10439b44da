#!/usr/bin/python3
"""Writes what the book's chapter 5 code prints under PyTorch, for ember.book.Chapter5Test.

Run with Debian's python3-torch and python3-ipython:  /usr/bin/python3 tools/golden/book_ch5.py
Output: ember-book/src/test/resources/golden/ch5/<section>.txt. CI never runs this script.

Each section is the PyTorch code of d2l's "deep learning computation" chapter (d2l-zh 2.0 layout), run after
torch.manual_seed(42) as the test seeds Ember, so the initial weights and the random inputs are the same numbers.
A cell's value is shown as IPython shows it, a print() as print does. Lines where Java can only print its own
counterpart (a Python type, a missing GPU) are the Ember program's, marked "# Java:". The test compares the numbers
to a printed digit (matrix products may round differently in the last place) and everything else exactly.
"""
import io
import os
import tempfile
from contextlib import redirect_stdout

import torch
from IPython.lib.pretty import pretty
from torch import nn
from torch.nn import functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-book", "src", "test", "resources", "golden", "ch5")


def show(*values):
    print(pretty(values[0] if len(values) == 1 else values))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self._modules[str(idx)] = module

    def forward(self, X):
        for block in self._modules.values():
            X = block(X)
        return X


class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.rand_weight = torch.rand((20, 20), requires_grad=False)
        self.linear = nn.Linear(20, 20)

    def forward(self, X):
        X = self.linear(X)
        X = F.relu(torch.mm(X, self.rand_weight) + 1)
        X = self.linear(X)
        while X.abs().sum() > 1:
            X /= 2
        return X.sum()


class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.linear = nn.Linear(32, 16)

    def forward(self, X):
        return self.linear(self.net(X))


def model_construction():
    net = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
    X = torch.rand(2, 20)
    show(net(X))
    net = MLP()
    show(net(X))
    net = MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
    show(net(X))
    net = FixedHiddenMLP()
    show(net(X))
    chimera = nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
    show(chimera(X))


def parameters():
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    X = torch.rand(size=(2, 4))
    show(net(X))
    print(net[2].state_dict())
    print("<class 'ember.Tensor'>")  # Java: type(net[2].bias) is torch.nn.parameter.Parameter
    print(net[2].bias)
    print(net[2].bias.data)
    show(net[2].weight.grad is None)
    print(*[(name, param.shape) for name, param in net[0].named_parameters()])
    print(*[(name, param.shape) for name, param in net.named_parameters()])
    show(net.state_dict()['2.bias'].data)

    def block1():
        return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())

    def block2():
        net = nn.Sequential()
        for i in range(4):
            net.add_module(f'block {i}', block1())
        return net

    rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
    show(rgnet(X))
    print(rgnet)
    show(rgnet[0][1][0].bias.data)

    def init_normal(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, mean=0, std=0.01)
            nn.init.zeros_(m.bias)

    net.apply(init_normal)
    show(net[0].weight.data[0], net[0].bias.data[0])

    def init_constant(m):
        if type(m) == nn.Linear:
            nn.init.constant_(m.weight, 1)
            nn.init.zeros_(m.bias)

    net.apply(init_constant)
    show(net[0].weight.data[0], net[0].bias.data[0])

    def init_xavier(m):
        if type(m) == nn.Linear:
            nn.init.xavier_uniform_(m.weight)

    def init_42(m):
        if type(m) == nn.Linear:
            nn.init.constant_(m.weight, 42)

    net[0].apply(init_xavier)
    net[2].apply(init_42)
    print(net[0].weight.data[0])
    print(net[2].weight.data)

    def my_init(m):
        if type(m) == nn.Linear:
            print("Init", *[(name, param.shape) for name, param in m.named_parameters()][0])
            nn.init.uniform_(m.weight, -10, 10)
            m.weight.data *= m.weight.data.abs() >= 5

    net.apply(my_init)
    show(net[0].weight[:2])
    net[0].weight.data[:] += 1
    net[0].weight.data[0, 0] = 42
    show(net[0].weight.data[0])

    shared = nn.Linear(8, 8)
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))
    net(X)
    print(net[2].weight.data[0] == net[4].weight.data[0])
    net[2].weight.data[0, 0] = 100
    print(net[2].weight.data[0] == net[4].weight.data[0])


class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean()


class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)


def custom_layer():
    layer = CenteredLayer()
    show(layer(torch.FloatTensor([1, 2, 3, 4, 5])))
    net = nn.Sequential(nn.Linear(8, 128), CenteredLayer())
    Y = net(torch.rand(4, 8))
    show(Y.mean())
    linear = MyLinear(5, 3)
    show(linear.weight)
    show(linear(torch.rand(2, 5)))
    net = nn.Sequential(MyLinear(64, 8), MyLinear(8, 1))
    show(net(torch.rand(2, 64)))


class MLP2(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.output = nn.Linear(256, 10)

    def forward(self, x):
        return self.output(F.relu(self.hidden(x)))


MLP2.__name__ = "MLP"


def read_write(directory):
    os.chdir(directory)
    x = torch.arange(4)
    torch.save(x, 'x-file')
    x2 = torch.load('x-file')
    show(x2)
    y = torch.zeros(4)
    torch.save([x, y], 'x-files')
    x2, y2 = torch.load('x-files')
    show(x2, y2)
    mydict = {'x': x, 'y': y}
    torch.save(mydict, 'mydict')
    mydict2 = torch.load('mydict')
    show(mydict2)
    net = MLP2()
    X = torch.randn(size=(2, 20))
    Y = net(X)
    torch.save(net.state_dict(), 'mlp.params')
    clone = MLP2()
    clone.load_state_dict(torch.load('mlp.params'))
    show(clone.eval())
    Y_clone = clone(X)
    show(Y_clone == Y)


def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f'cuda:{i}')
    return torch.device('cpu')


def try_all_gpus():
    devices = [torch.device(f'cuda:{i}') for i in range(torch.cuda.device_count())]
    return devices if devices else [torch.device('cpu')]


def use_gpu():
    show(torch.device('cpu'), torch.device('cuda'), torch.device('cuda:1'))
    show(torch.cuda.device_count())
    show(try_gpu(), try_gpu(10), try_all_gpus())
    x = torch.tensor([1, 2, 3])
    show(x.device)
    X = torch.ones(2, 3, device=try_gpu())
    show(X)
    Y = torch.rand(2, 3, device=try_gpu(1))
    show(Y)
    # Java: X.cuda(1) needs a second GPU; Ember refuses the device with its hint
    print("X.to(cuda:1): Device cuda:1 is not available: Ember runs on the CPU (gpuCount() is 0)."
          " Use Device.CPU, or Ember.tryGpu(), which falls back to the CPU.")
    net = nn.Sequential(nn.Linear(3, 1))
    net = net.to(device=try_gpu())
    show(net(X))
    show(net[0].weight.data.device)


def write(name, section, *args):
    torch.manual_seed(42)
    text = io.StringIO()
    with redirect_stdout(text):
        section(*args)
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write(text.getvalue())


if __name__ == "__main__":
    OUT = os.path.abspath(OUT)
    write("model-construction", model_construction)
    write("parameters", parameters)
    write("custom-layer", custom_layer)
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        write("read-write", read_write, tmp)
    os.chdir(here)
    write("use-gpu", use_gpu)
