#!/usr/bin/python3
"""Writes what the book's chapter 2 code prints under PyTorch, for ember.book.Chapter2Test.

Run with Debian's python3-torch, python3-pandas and python3-ipython:  /usr/bin/python3 tools/golden/book_ch2.py
Output: ember-book/src/test/resources/golden/ch2/<section>.txt. CI never runs this script.

Each section is the PyTorch code of d2l's chapter 2 (d2l-zh 2.0 layout), run after torch.manual_seed(42) as the
test seeds Ember. A cell's value is shown as IPython shows it (IPython.lib.pretty), a print() as print does. Where
Java can only print its own counterpart (numpy and Python types, id() numbers, the plots), the line printed here is
the Ember program's, marked "# Java:"; the id() numbers are compared by the test as "equal or not", not by value.
"""
import io
import os
from contextlib import redirect_stdout

import pandas as pd
import torch
from IPython.lib.pretty import pretty
from torch.distributions import multinomial

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-book", "src", "test", "resources", "golden", "ch2")


def show(*values):
    """A cell's value: one value, or a tuple when the cell ends in `a, b`."""
    print(pretty(values[0] if len(values) == 1 else values))


def ndarray():
    x = torch.arange(12)
    show(x)
    show(x.shape)
    show(x.numel())
    X = x.reshape(3, 4)
    show(X)
    show(torch.zeros((2, 3, 4)))
    show(torch.ones((2, 3, 4)))
    show(torch.randn(3, 4))
    show(torch.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]]))
    x = torch.tensor([1.0, 2, 4, 8])
    y = torch.tensor([2, 2, 2, 2])
    show(x + y, x - y, x * y, x / y, x ** y)
    show(torch.exp(x))
    X = torch.arange(12, dtype=torch.float32).reshape((3, 4))
    Y = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
    show(torch.cat((X, Y), dim=0), torch.cat((X, Y), dim=1))
    show(X == Y)
    show(X.sum())
    a = torch.arange(3).reshape((3, 1))
    b = torch.arange(2).reshape((1, 2))
    show(a, b)
    show(a + b)
    show(X[-1], X[1:3])
    X[1, 2] = 9
    show(X)
    X[0:2, :] = 12
    show(X)
    before = id(Y)
    Y = Y + X
    show(id(Y) == before)
    Z = torch.zeros_like(Y)
    print('id(Z):', id(Z))
    Z[:] = X + Y
    print('id(Z):', id(Z))
    before = id(X)
    X += Y
    show(id(X) == before)
    A = X.numpy()
    B = torch.tensor(A)
    print("(float[], ember.Tensor)")  # Java: the types of X.toFloatArray() and tensor(A) (numpy.ndarray, torch.Tensor)
    a = torch.tensor([3.5])
    show(a, a.item(), float(a), int(a))
    # exercise 1: the other comparisons
    show(X < Y, X > Y)


def pandas_section(directory):
    data_file = os.path.join(directory, 'house_tiny.csv')
    with open(data_file, 'w') as f:
        f.write('NumRooms,Alley,Price\n')
        f.write('NA,Pave,127500\n')
        f.write('2,NA,106000\n')
        f.write('4,NA,178100\n')
        f.write('NA,NA,140000\n')
    data = pd.read_csv(data_file)
    print(data)
    inputs, outputs = data.iloc[:, 0:2], data.iloc[:, 2]
    inputs = inputs.fillna(inputs.mean(numeric_only=True))
    print(inputs)
    inputs = pd.get_dummies(inputs, dummy_na=True)
    print(inputs)
    X, y = torch.tensor(inputs.values), torch.tensor(outputs.values)
    show(X, y)


def linear_algebra():
    x = torch.tensor(3.0)
    y = torch.tensor(2.0)
    show(x + y, x * y, x / y, x ** y)
    x = torch.arange(4)
    show(x)
    show(x[3])
    show(len(x))
    show(x.shape)
    A = torch.arange(20).reshape(5, 4)
    show(A)
    show(A.T)
    B = torch.tensor([[1, 2, 3], [2, 0, 4], [3, 4, 5]])
    show(B)
    show(B == B.T)
    X = torch.arange(24).reshape(2, 3, 4)
    show(X)
    A = torch.arange(20, dtype=torch.float32).reshape(5, 4)
    B = A.clone()
    show(A, A + B)
    show(A * B)
    a = 2
    X = torch.arange(24).reshape(2, 3, 4)
    show(a + X, (a * X).shape)
    x = torch.arange(4, dtype=torch.float32)
    show(x, x.sum())
    show(A.shape, A.sum())
    A_sum_axis0 = A.sum(axis=0)
    show(A_sum_axis0, A_sum_axis0.shape)
    A_sum_axis1 = A.sum(axis=1)
    show(A_sum_axis1, A_sum_axis1.shape)
    show(A.sum(axis=[0, 1]))
    show(A.mean(), A.sum() / A.numel())
    show(A.mean(axis=0), A.sum(axis=0) / A.shape[0])
    sum_A = A.sum(axis=1, keepdims=True)
    show(sum_A)
    show(A / sum_A)
    show(A.cumsum(axis=0))
    y = torch.ones(4, dtype=torch.float32)
    show(x, y, torch.dot(x, y))
    show(torch.sum(x * y))
    show(A.shape, x.shape, torch.mv(A, x))
    B = torch.ones(4, 3)
    show(torch.mm(A, B))
    u = torch.tensor([3.0, -4.0])
    show(torch.norm(u))
    show(torch.abs(u).sum())
    show(torch.norm(torch.ones((4, 9))))


def calculus():
    def f(x):
        return 3 * x ** 2 - 4 * x

    def numerical_lim(f, x, h):
        return (f(x + h) - f(x)) / h

    h = 0.1
    for i in range(5):
        print(f'h={h:.5f}, numerical limit={numerical_lim(f, 1, h):.5f}')
        h *= 0.1


def autograd():
    x = torch.arange(4.0)
    show(x)
    x.requires_grad_(True)
    print(x.grad)
    y = 2 * torch.dot(x, x)
    show(y)
    y.backward()
    show(x.grad)
    show(x.grad == 4 * x)
    x.grad.zero_()
    y = x.sum()
    y.backward()
    show(x.grad)
    # non-scalar y: the gradient argument, then the equivalent y.sum().backward()
    x.grad.zero_()
    y = x * x
    y.backward(torch.ones(len(x)))
    show(x.grad)
    x.grad.zero_()
    y = x * x
    y.sum().backward()
    show(x.grad)
    x.grad.zero_()
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    show(x.grad == u)
    x.grad.zero_()
    y.sum().backward()
    show(x.grad == 2 * x)

    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        if b.sum() > 0:
            c = b
        else:
            c = 100 * b
        return c

    a = torch.randn(size=(), requires_grad=True)
    d = f(a)
    d.backward()
    show(a.grad == d / a)


def probability():
    fair_probs = torch.ones([6]) / 6
    show(multinomial.Multinomial(1, fair_probs).sample())
    show(multinomial.Multinomial(10, fair_probs).sample())
    counts = multinomial.Multinomial(1000, fair_probs).sample()
    show(counts / 1000)
    counts = multinomial.Multinomial(10, fair_probs).sample((500,))
    cum_counts = counts.cumsum(dim=0)
    estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
    # Java: the plot's curves as numbers, the estimates after 1, 10, 100 and 500 groups of experiments
    for group in (1, 10, 100, 500):
        print(f"after {group} groups: {estimates[group - 1]}")


def write(name, section, *args):
    torch.manual_seed(42)
    text = io.StringIO()
    with redirect_stdout(text):
        section(*args)
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write(text.getvalue())


if __name__ == "__main__":
    import tempfile

    write("ndarray", ndarray)
    with tempfile.TemporaryDirectory() as tmp:
        write("pandas", pandas_section, tmp)
    write("linear-algebra", linear_algebra)
    write("calculus", calculus)
    write("autograd", autograd)
    write("probability", probability)
