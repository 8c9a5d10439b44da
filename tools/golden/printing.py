"""Writes ember-core/src/test/resources/golden/printing.txt: tensors and PyTorch's repr of them.

Run with Debian's torch 1.13:  /usr/bin/python3 tools/golden/printing.py
The output is deterministic (random cases use a fixed seed, and their values are stored in the file).

File format, one block per case:
    case <name>
    dtype <float32|float64|int64|int32|uint8|bool>
    shape <sizes...>            (nothing after "shape" for a 0-d tensor)
    values <v...>               (row-major; floats as exact hex floats, nan, inf, -inf; integers in decimal)
    op <op> [args...]           (zero or more, applied in order to the tensor built from the lines above)
    repr <n>                    (followed by exactly n lines: PyTorch's repr)
Ops: requires_grad | pow K | mul K | add K | neg | sum | t | transpose A B | permute D... |
     slice DIM START STOP STEP | select DIM INDEX | expand S... | reshape S... | view S...
"""

import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..",
                   "ember-core", "src", "test", "resources", "golden", "printing.txt")

DTYPES = {
    torch.float32: "float32", torch.float64: "float64", torch.int64: "int64",
    torch.int32: "int32", torch.uint8: "uint8", torch.bool: "bool",
}

cases = []
names = set()


def hex_float(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    mantissa, exponent = v.hex().split("p")
    whole, fraction = mantissa.split(".")
    fraction = fraction.rstrip("0")
    return whole + ("." + fraction if fraction else "") + "p" + exponent


def apply(t, op):
    name, *args = op.split()
    ints = [int(a) for a in args]
    if name == "requires_grad":
        return t.requires_grad_()
    if name == "pow":
        return t.pow(ints[0])
    if name == "mul":
        return t * ints[0]
    if name == "add":
        return t + ints[0]
    if name == "neg":
        return -t
    if name == "sum":
        return t.sum()
    if name == "t":
        return t.t()
    if name == "transpose":
        return t.transpose(*ints)
    if name == "permute":
        return t.permute(*ints)
    if name == "slice":
        dim, start, stop, step = ints
        return t[(slice(None),) * dim + (slice(start, stop, step),)]
    if name == "select":
        return t.select(*ints)
    if name == "expand":
        return t.expand(*ints)
    if name == "reshape":
        return t.reshape(*ints)
    if name == "view":
        return t.view(*ints)
    raise ValueError(op)


def case(name, base, *ops):
    """Records `base` (a fresh tensor) and the repr of `base` after `ops`."""
    assert name not in names, name
    names.add(name)
    base = base.detach().clone()
    flat = base.reshape(-1).tolist()
    if base.dtype.is_floating_point:
        values = [hex_float(v) for v in flat]
    else:
        values = [str(int(v)) for v in flat]
    t = base
    for op in ops:
        t = apply(t, op)
    text = repr(t)
    lines = text.split("\n")
    block = ["case " + name,
             "dtype " + DTYPES[base.dtype],
             ("shape " + " ".join(str(s) for s in base.shape)).rstrip(),
             ("values " + " ".join(values)).rstrip()]
    block += ["op " + op for op in ops]
    block += ["repr %d" % len(lines)] + lines
    cases.append("\n".join(block))


f32, f64, i64 = torch.float32, torch.float64, torch.int64
nan, inf = float("nan"), float("inf")
tt = torch.tensor
torch.manual_seed(0)

# ---- the book's and the seed's examples ----
case("seed_arange4", torch.arange(4.0))
case("seed_halves", tt([0.5, 1.25]))
case("seed_long_pair", tt([1, 2]))
case("seed_scalar16", tt(16.0))
case("seed_pow_grad_fn", tt(4.0), "requires_grad", "pow 2")
case("seed_requires_grad", torch.arange(4.0), "requires_grad")
case("seed_loss", torch.arange(4.0), "requires_grad", "pow 2", "sum")
case("d2l_arange12", torch.arange(12))
case("d2l_arange12_float", torch.arange(12, dtype=f32))
case("d2l_reshape_3x4", torch.arange(12), "reshape 3 4")
case("d2l_zeros_2x3x4", torch.zeros(2, 3, 4))
case("d2l_ones_2x3x4", torch.ones(2, 3, 4))
case("d2l_randn_3x4", torch.randn(3, 4))
case("d2l_int_matrix", tt([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]]))
x, y = tt([1.0, 2, 4, 8]), tt([2, 2, 2, 2])
case("d2l_add", x + y)
case("d2l_sub", x - y)
case("d2l_mul", x * y)
case("d2l_div", x / y)
case("d2l_pow", x ** y)
case("d2l_exp", torch.exp(x))
X = torch.arange(12, dtype=f32).reshape((3, 4))
Y = tt([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
case("d2l_cat0", torch.cat((X, Y), dim=0))
case("d2l_cat1", torch.cat((X, Y), dim=1))
case("d2l_eq", X == Y)
case("d2l_sum", X.sum())
case("d2l_broadcast_a", torch.arange(3).reshape((3, 1)))
case("d2l_broadcast_sum", torch.arange(3).reshape((3, 1)) + torch.arange(2).reshape((1, 2)))
case("d2l_int_scalar", tt(3))
case("d2l_float_scalar_pair", tt(3.0) / tt(2.0))
A = torch.arange(20, dtype=f32).reshape(5, 4)
case("d2l_A", A)
case("d2l_A_T", A.clone(), "t")
case("d2l_A_times_A", A * A)
case("d2l_A_mean", A.mean())
case("d2l_A_sum_axis0", A.sum(axis=0))
case("d2l_A_sum_keepdims", A.sum(axis=1, keepdims=True))
case("d2l_A_cumsum", A.cumsum(axis=0))
case("d2l_A_div_sum", A / A.sum(axis=1, keepdims=True))
case("d2l_norm", torch.norm(tt([3.0, -4.0])))
case("d2l_x_grad_4x", torch.arange(4.0) * 4)
case("d2l_sigmoid_like", torch.sigmoid(torch.arange(-4.0, 4.0)))
case("d2l_bool_vector", tt([True, False, True]))
case("d2l_arange_24_234", torch.arange(24), "reshape 2 3 4")

# ---- fixed notation, widths and negatives ----
case("fixed_mixed_signs", tt([-1.5, 2.25, -0.125, 3.0]))
case("fixed_negative_only", tt([-0.5, -1.25, -100.75]))
case("fixed_one_value", tt([3.14159265]))
case("fixed_rounding_up", tt([0.99999, 9.99999]))
case("fixed_width_mix", tt([0.1, 10.5, 999.25]))
case("fixed_ratio_exactly_1000", tt([0.5, 500.0]))
case("fixed_min_1e-4_float64", tt([1e-4, 0.1], dtype=f64))
case("fixed_two_thirds", tt([2.0 / 3.0, 1.0 / 3.0]))
case("fixed_two_thirds_f64", tt([2.0 / 3.0, 1.0 / 3.0], dtype=f64))
case("round_half_binary", tt([0.125, 0.375, 0.0625], dtype=f64))
case("round_2675", tt([2.675, 1.00005, 0.00015 + 0.1], dtype=f64))
case("round_2675_f32", tt([2.675, 1.00005]))
case("round_many_f64", tt([0.12345, 0.12355, 0.98765, 1.23455], dtype=f64))
case("negative_zero_alone", tt([-0.0]))
case("negative_zero_pair", tt([-0.0, 0.0]))
case("negative_zero_fixed", tt([-0.0, 0.5]))
case("negative_zero_sci", tt([-0.0, 1e-5]))
case("negative_zero_scalar", tt(-0.0))
case("zeros_vector", torch.zeros(5))
case("zeros_f64", torch.zeros(3, dtype=f64))
case("ones_matrix_f64", torch.ones(2, 2, dtype=f64))

# ---- integer-valued floats ----
case("int_mode_negatives", tt([-3.0, 0.0, 12.0]))
case("int_mode_1000_ratio", tt([1.0, 1000.0]))
case("int_mode_1001_ratio_sci", tt([1.0, 1001.0]))
case("int_mode_1e8", tt([1e8, 5e7]))
case("int_mode_above_1e8_sci", tt([2e8, 3e8]))
case("int_mode_large_single", tt([123456789.0], dtype=f64))
case("int_mode_inf", tt([1.0, inf, 2.0]))
case("int_mode_nan", tt([nan, 2.0, -3.0]))
case("int_mode_negative_zero_wraps", torch.cat([tt([-0.0]), torch.arange(1.0, 30.0)]))
case("int_mode_negative_zero_nan_matrix", tt([[-0.0, nan], [inf, 0.0]]))
case("int_mode_ninf_scalar", tt(-inf))
case("sci_ties_half_even", tt([1.0, 123455.0, 123465.0, 100005.0], dtype=f64))
case("sci_rounds_to_ten", tt([9.99996, 1e-5], dtype=f64))

# ---- scientific notation ----
case("sci_tiny", tt([1e-5]))
case("sci_tiny_f64", tt([1e-5], dtype=f64))
case("sci_huge", tt([1e10]))
case("sci_huge_fraction", tt([1e10 + 0.5], dtype=f64))
case("sci_mixed", tt([1e-5, 1.0, 1e5]))
case("sci_ratio", tt([0.5, 600.5]))
case("sci_min_1e-4_float32", tt([1e-4, 0.1]))
case("sci_negative", tt([-1e-7, 2.5, -3e3]))
case("sci_nan_inf", tt([1e-5, nan, inf, -inf]))
case("sci_f64_three_digit_exponent", tt([1e-300, 1.0, 1e300], dtype=f64))
case("sci_f64_subnormal", tt([5e-324, 1.0], dtype=f64))
case("sci_f32_max", tt([3.4028234663852886e38, -1.0]))
case("sci_scalar", tt(1e-8))
case("sci_scalar_big", tt(2.5e12, dtype=f64))
case("sci_matrix", tt([[1e-3, 2e4], [3.5, -4e-2]]))

# ---- NaN / inf ----
case("nan_alone", tt([nan]))
case("nan_scalar", tt(nan))
case("inf_pair", tt([inf, -inf]))
case("nan_fixed", tt([nan, 1.5, -2.25]))
case("nan_all_nonfinite_f64", tt([nan, inf], dtype=f64))
case("nan_matrix", tt([[nan, 0.5], [inf, -0.25]]))

# ---- int64 / int32 / uint8 / bool ----
case("long_large", tt([2 ** 62, -(2 ** 63), 1, 0]))
case("long_negative", tt([-5, 10, -100]))
case("long_matrix_widths", tt([[1, -22, 333], [4444, 5, -66666]]))
case("long_scalar_negative", tt(-7))
case("long_wide_row", torch.arange(-40, 40))
case("long_big_wide", torch.arange(30) * 123456789012)
case("int32_vector", tt([1, -2, 3], dtype=torch.int32))
case("int32_matrix", torch.arange(6, dtype=torch.int32).reshape(2, 3))
case("int32_scalar", tt(5, dtype=torch.int32))
case("uint8_vector", tt([0, 128, 255], dtype=torch.uint8))
case("bool_matrix", tt([[True, False], [False, True]]))
case("bool_scalar", tt(False))
case("bool_all_true", torch.ones(4, dtype=torch.bool))
case("bool_wide", torch.arange(40) % 3 == 0)
case("bool_3d", (torch.arange(12) % 2 == 0).reshape(2, 3, 2))

# ---- float64 suffix and suffix wrapping ----
case("f64_vector", tt([1.5, 2.5], dtype=f64))
case("f64_scalar", tt(2.0, dtype=f64))
case("f64_requires_grad", tt([1.5, 2.5], dtype=f64), "requires_grad")
case("f64_grad_fn", tt([1.5, 2.5], dtype=f64), "requires_grad", "mul 2")
case("f64_wide_wraps_suffix", torch.arange(10, dtype=f64) + 0.5)
case("f64_matrix_wraps_suffix", (torch.arange(14, dtype=f64) + 0.25).reshape(2, 7))
case("f64_sci_wrap", torch.logspace(-6, 6, 7, dtype=f64))
case("f32_grad_wraps_suffix", torch.arange(11.0) + 0.5, "requires_grad")
case("f32_grad_fn_wraps_suffix", torch.arange(11.0) + 0.5, "requires_grad", "add 1")
case("f32_grad_fn_fits", torch.arange(6.0) + 0.5, "requires_grad", "neg")
case("f64_requires_grad_two_suffixes_wrap", torch.arange(9, dtype=f64) + 0.5, "requires_grad")
for n in range(5, 13):
    case("suffix_edge_f64_%d" % n, torch.arange(n, dtype=f64) + 0.5)
    case("suffix_edge_grad_%d" % n, torch.arange(n, dtype=f32) * 1.5, "requires_grad")
case("uint8_wide_suffix", torch.arange(0, 250, 10, dtype=torch.uint8))
case("int32_wide_suffix", torch.arange(-20, 20, dtype=torch.int32) * 1000)

# ---- grad_fn cases ----
case("grad_pow_vector", tt([1.0, 2.0, 3.0]), "requires_grad", "pow 2")
case("grad_mul_matrix", tt([[1.5, -2.0], [0.25, 4.0]]), "requires_grad", "mul 2")
case("grad_add_scalar", tt(1.5), "requires_grad", "add 1")
case("grad_neg", tt([1.0, -2.0]), "requires_grad", "neg")
case("grad_transpose", tt([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), "requires_grad", "t")
case("grad_permute", torch.arange(24.0).reshape(2, 3, 4), "requires_grad", "permute 2 0 1")
case("grad_select", torch.arange(6.0).reshape(2, 3), "requires_grad", "select 0 1")
case("grad_slice", torch.arange(10.0), "requires_grad", "slice 0 1 9 3")
case("grad_expand", tt([[1.0], [2.0]]), "requires_grad", "expand 2 3")
# torch 1.13 names reshape's node ReshapeAliasBackward0 (later versions: ViewBackward0); view is stable.
case("grad_view", torch.arange(6.0), "requires_grad", "view 2 3")
case("grad_sum", torch.arange(6.0), "requires_grad", "mul 2", "sum")
case("grad_requires_grad_matrix", torch.ones(2, 3), "requires_grad")
case("grad_requires_grad_scalar", tt(0.5), "requires_grad")

# ---- empty and zero-size ----
case("empty_float", tt([]))
case("empty_f64", tt([], dtype=f64))
case("empty_long", tt([], dtype=i64))
case("empty_bool", tt([], dtype=torch.bool))
case("empty_int32", tt([], dtype=torch.int32))
case("empty_0x3", torch.zeros(0, 3))
case("empty_2x0", torch.zeros(2, 0))
case("empty_0x3_long", torch.zeros(0, 3, dtype=i64))
case("empty_0x3_f64", torch.zeros(0, 3, dtype=f64))
case("empty_1x0x2", torch.zeros(1, 0, 2))
case("empty_requires_grad", tt([]), "requires_grad")
case("empty_2x0_requires_grad_f64", torch.zeros(2, 0, dtype=f64), "requires_grad")
case("empty_slice_of_vector", torch.arange(5.0), "slice 0 2 2 1")

# ---- 2-D, 3-D, 4-D, 5-D layouts ----
case("matrix_2x2", tt([[1.0, 2.5], [-3.25, 4.0]]))
case("matrix_1x5", torch.arange(5.0).reshape(1, 5))
case("matrix_5x1", torch.arange(5.0).reshape(5, 1))
case("cube_2x2x2", torch.arange(8.0).reshape(2, 2, 2))
case("cube_3x1x4_fixed", (torch.arange(12.0) / 7).reshape(3, 1, 4))
case("hyper_2x2x2x2", torch.arange(16).reshape(2, 2, 2, 2))
case("hyper_2x1x2x3_float", (torch.arange(12.0) - 5.5).reshape(2, 1, 2, 3))
case("hyper5_2x1x2x1x2", torch.arange(8.0).reshape(2, 1, 2, 1, 2))
case("size_one_dims", tt([[[7.0]]]))
case("size_one_long", tt([[[[7]]]]))

# ---- wide rows that wrap ----
case("wrap_arange_100", torch.arange(100.0))
case("wrap_fixed_30", torch.arange(30.0) / 3)
case("wrap_matrix_3x20", torch.randn(3, 20))
case("wrap_cube_2x2x15", torch.randn(2, 2, 15))
case("wrap_sci_25", torch.randn(25) * 1e6)
case("wrap_long_matrix", torch.arange(60).reshape(2, 30) * 1001)
case("wrap_4d", torch.randn(2, 1, 2, 12))

# ---- summarised (more than 1000 elements) ----
case("summary_arange_1001", torch.arange(1001.0))
case("summary_arange_1000_not", torch.arange(1000.0))
case("summary_long_2000", torch.arange(2000))
case("summary_matrix_2x1000", torch.arange(2000.0).reshape(2, 1000))
case("summary_matrix_40x40", torch.randn(40, 40))
case("summary_cube_10x10x11", torch.arange(1100.0).reshape(10, 10, 11) / 100)
case("summary_cube_3x20x20", torch.randn(3, 20, 20))
case("summary_4d_8x2x9x8", torch.arange(1152).reshape(8, 2, 9, 8))
case("summary_bool_1500", torch.arange(1500) % 7 == 0)
case("summary_f64_1200", torch.linspace(-1, 1, 1200, dtype=f64))
case("summary_hidden_outlier", torch.cat([torch.ones(500) * 0.5, tt([1e10]), torch.ones(500) * 0.25]))
case("summary_hidden_fraction", torch.cat([torch.ones(600), tt([0.5]), torch.ones(600)]))
case("summary_requires_grad", torch.arange(1001.0), "requires_grad")
case("summary_transposed_view", torch.arange(1200.0).reshape(30, 40), "t")
case("summary_sci", torch.randn(1100) * 1e-6)
case("summary_long_negative", torch.arange(-1000, 1000) * 7)
case("summary_nan_edges", torch.cat([tt([nan, -inf]), torch.arange(1000.0) / 8, tt([inf])]))
case("summary_uint8", torch.arange(1200).remainder(256).to(torch.uint8))
case("summary_sliced_view", torch.arange(2010.0), "slice 0 0 2010 2")

# ---- non-contiguous views print in logical order ----
case("view_transpose", torch.arange(6.0).reshape(2, 3), "t")
case("view_transpose_long", torch.arange(12).reshape(3, 4), "transpose 0 1")
case("view_permute_3d", torch.arange(24.0).reshape(2, 3, 4), "permute 2 0 1")
case("view_step_slice", torch.arange(10.0), "slice 0 1 10 3")
case("view_column_slice", torch.arange(20.0).reshape(4, 5), "slice 1 1 5 2")
case("view_select_column", torch.arange(12.0).reshape(3, 4), "select 1 2")
case("view_select_to_scalar", torch.arange(4.0) + 0.5, "select 0 3")
case("view_expand", tt([[1.5], [2.5], [3.5]]), "expand 3 4")
case("view_expand_new_dim", tt([1, 2, 3]), "expand 2 3")
case("view_expand_bool", tt([True, False]), "expand 3 2")
case("view_transposed_f64", torch.arange(6, dtype=f64).reshape(3, 2) / 4, "t")
case("view_slice_then_transpose", torch.arange(30.0).reshape(5, 6), "slice 0 0 5 2", "t")

# ---- random values of many magnitudes ----
for k in range(-9, 13):
    scale = 10.0 ** k
    tag = ("m%d" % -k) if k < 0 else ("p%d" % k)
    case("random_f32_1e%s" % tag, torch.randn(6) * scale)
    case("random_f64_1e%s" % tag, torch.randn(2, 3, dtype=f64) * scale)
for k in range(8):
    case("random_uniform_%d" % k, torch.rand(4, 5) * (k + 1))
for k in range(6):
    spread = torch.randn(8, dtype=f64) * torch.pow(10.0, torch.randint(-6, 7, (8,), dtype=f64))
    case("random_spread_%d" % k, spread)
case("random_long", torch.randint(-10 ** 6, 10 ** 6, (4, 6)))
case("random_long_huge", torch.randint(-(2 ** 62), 2 ** 62, (5,)))
case("random_bool", torch.rand(3, 7) > 0.5)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as out:
    out.write("# Generated by tools/golden/printing.py with torch %s; do not edit.\n" % torch.__version__)
    out.write("\n\n".join(cases) + "\n")
print("%d cases -> %s" % (len(cases), os.path.normpath(OUT)))
