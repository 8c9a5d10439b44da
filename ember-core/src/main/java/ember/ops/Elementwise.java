package ember.ops;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;
import static ember.autograd.FunctionNode.saved;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.autograd.FunctionNode;
import ember.autograd.GradMode;
import ember.autograd.InPlaceViews;
import ember.kernels.BinaryOp;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.kernels.UnaryOp;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;
import java.util.Arrays;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * Element-wise ops: broadcasting, PyTorch's type promotion, in-place variants, and each op's backward formula beside
 * its forward. Gradients may be returned in the broadcast shape; the engine sums them back (see Engine).
 */
public final class Elementwise {
    private static final Kernels K = KernelProvider.get();

    private Elementwise() {}

    // ---------------------------------------------------------------------------------------------
    // Type promotion
    // ---------------------------------------------------------------------------------------------

    static DType resultType(Tensor a, Tensor b) {
        if (a.dtype() == b.dtype()) return a.dtype();
        DType dim = null, zero = null;
        for (Tensor t : new Tensor[]{a, b}) {
            if (t.dim() == 0) zero = zero == null ? t.dtype() : DType.promote(zero, t.dtype());
            else dim = dim == null ? t.dtype() : DType.promote(dim, t.dtype());
        }
        return DType.resultType(dim, zero, null);
    }

    static DType resultTypeWithScalar(Tensor a, boolean integralScalar) {
        DType dim = a.dim() > 0 ? a.dtype() : null, zero = a.dim() == 0 ? a.dtype() : null;
        return DType.resultType(dim, zero, integralScalar ? DType.INT64 : DType.FLOAT32);
    }

    /** The dtype an op computes in: true division, atan2 and transcendental functions need floating point. */
    private static DType computeType(BinaryOp op, DType common) {
        return op == BinaryOp.DIV || op == BinaryOp.ATAN2 ? DType.toFloating(common) : common;
    }

    /** A tensor's data converted to {@code dtype} without recording autograd (the op's own node covers the cast). */
    static Tensor rawCast(Tensor t, DType dtype) {
        if (t.dtype() == dtype) return t;
        Layout l = Layout.contiguous(t.shape());
        Storage s = Storage.allocateForOverwrite(dtype, l.numel());
        K.copy(t.storage(), t.layout(), s, l);
        return Tensor.wrap(s, l);
    }

    // ---------------------------------------------------------------------------------------------
    // Binary
    // ---------------------------------------------------------------------------------------------

    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        checkSubtraction(op, a.dtype(), b.dtype());
        DType compute = computeType(op, resultType(a, b));
        Tensor out = compute(op, a, b, compute);
        return recordBinary(op, out, a, b, false);
    }

    /** {@code a op value}, where value is a Java number (a "wrapped number" in PyTorch's promotion). */
    public static Tensor binaryScalar(BinaryOp op, Tensor a, double value, boolean integral) {
        checkSubtraction(op, a.dtype(), integral ? DType.INT64 : DType.FLOAT32);
        checkIntegerPower(op, a.dtype(), value, integral);
        DType compute = computeType(op, resultTypeWithScalar(a, integral));
        Tensor power = op == BinaryOp.POW && compute.isFloatingPoint() ? powerByOtherOps(a, value, compute) : null;
        if (power == null && !FunctionNode.needsGrad(a)) {
            Tensor tiny = Tiny.binaryScalar(op, a, value, compute);
            if (tiny != null) return tiny;
        }
        Tensor s = Ember.scalar(value, compute);
        Tensor out = power != null ? power : compute(op, a, s, compute);
        return recordBinary(op, out, a, s, true);
    }

    /**
     * Note [Powers computed by other ops]: for a floating base and a number exponent, PyTorch's pow computes x², x³
     * and x⁻² as products (x·x, x·x·x, 1/(x·x)) and x^½, x^−½, x⁻¹ as sqrt, 1/sqrt and reciprocal, each step rounded in
     * the tensor's dtype; only other exponents go to pow itself. The same steps here give PyTorch's bits (float32 x³ as
     * two rounded products differs from x³ rounded once in the last bit for about a quarter of inputs) and run as
     * vectorised kernels instead of Math.pow (256×256 float32 x²: 430 µs before). Null for other exponents.
     */
    private static Tensor powerByOtherOps(Tensor a, double p, DType compute) {
        if (p != 2 && p != 3 && p != -2 && p != 0.5 && p != -0.5 && p != -1) return null;
        Tensor x = rawCast(a, compute);
        if (p == 0.5) return unaryRaw(UnaryOp.SQRT, x, Double.NaN, Double.NaN);
        if (p == -0.5) return unaryRaw(UnaryOp.RSQRT, x, Double.NaN, Double.NaN);
        if (p == -1) return unaryRaw(UnaryOp.RECIPROCAL, x, Double.NaN, Double.NaN);
        Tensor y = unaryRaw(UnaryOp.SQUARE, x, Double.NaN, Double.NaN); // a new dense tensor, written in place below
        if (p == 3) K.binary(BinaryOp.MUL, y.storage(), y.layout(), x.storage(), x.layout(), y.storage(), y.layout());
        if (p == -2) K.unary(UnaryOp.RECIPROCAL, Double.NaN, Double.NaN, y.storage(), y.layout(), y.storage(), y.layout());
        return y;
    }

    /** {@code value op a}: rsub, rdiv, rpow. */
    public static Tensor reverseScalar(BinaryOp op, Tensor a, double value, boolean integral) {
        checkSubtraction(op, integral ? DType.INT64 : DType.FLOAT32, a.dtype());
        DType compute = computeType(op, resultTypeWithScalar(a, integral));
        if (op == BinaryOp.DIV) {
            // PyTorch computes 2 / x as reciprocal(x) * 2: the same graph (MulBackward0 over ReciprocalBackward0).
            return unary(UnaryOp.RECIPROCAL, a.dtype() == compute ? a : cast(a, compute)).mul(value);
        }
        Tensor s = Ember.scalar(value, compute);
        Tensor out = compute(op, s, a, compute);
        if (op == BinaryOp.SUB) {
            // y = c − x;  dy/dx = −1
            return FunctionNode.record("RsubBackward1", out, inputs(a), null, (n, g) -> grads(g.neg()));
        }
        return recordBinary(op, out, s, a, false);
    }

    /** PyTorch refuses {@code -} on bool tensors (a scalar operand counts as a tensor of its type). */
    private static void checkSubtraction(BinaryOp op, DType a, DType b) {
        if (op != BinaryOp.SUB) return;
        if (a == DType.BOOL && b == DType.BOOL)
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the"
                    + " `^` or `logicalXor()` operator instead.");
        if (a == DType.BOOL || b == DType.BOOL)
            throw new IllegalArgumentException("Subtraction, the `-` operator, with a bool tensor is not supported. If you are"
                    + " trying to invert a mask, use the `~` or `logicalNot()` operator instead.");
    }

    /** An integral (or bool) tensor to a negative integer power: refused up front, whatever the base values. */
    private static void checkIntegerPower(BinaryOp op, DType base, double exponent, boolean integralExponent) {
        if (op == BinaryOp.POW && integralExponent && exponent < 0 && !base.isFloatingPoint())
            throw new IllegalArgumentException("Integers to negative integer powers are not allowed. Hint: use a floating"
                    + " base (x.toFloat().pow(" + (long) exponent + ")) or a double exponent (" + (long) exponent + ".0).");
    }

    private static Tensor compute(BinaryOp op, Tensor a, Tensor b, DType compute) {
        Tensor tiny = Tiny.binary(op, a, b, compute);
        if (tiny != null) return tiny;
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        Tensor ac = rawCast(a, compute), bc = rawCast(b, compute);
        DType result = op.isPredicate() ? DType.BOOL : compute;
        Layout ol = Layout.contiguous(shape), al = ac.layout().expand(shape), bl = bc.layout().expand(shape);
        Storage as = ac.storage(), bs = bc.storage(), os = null;
        if (op.boundByMemory()) { // Note [Large outputs made as copies of an operand]: in place on an operand's copy
            if ((os = copyOfOperand(ac, result, ol)) != null) {
                as = os;
                al = ol;
            } else if ((os = copyOfOperand(bc, result, ol)) != null) {
                bs = os;
                bl = ol;
            }
        }
        if (os == null) os = Storage.allocateForOverwrite(result, ol.numel(), as.size() >= bs.size() ? as : bs);
        K.binary(op, as, al, bs, bl, os, ol);
        return Tensor.wrap(os, ol);
    }

    /*
     * Note [Large outputs made as copies of an operand]
     * HotSpot zero-fills a new array over 1 MiB however it is asked for (Note [Outputs allocated without zeroing] in
     * ember.storage.Uninitialized), on the allocating thread alone and through memory no cache holds: 4 MB took 400-450
     * us on the 2-core Xeon, more than a two-thread add over it. An array that C2 makes for a copy is the exception: it
     * is never zeroed, and the copy fills it at about the speed of one between arrays already made (4 MB in 283-291 us,
     * Arrays.copyOfRange or clone). So an op whose output the JVM would zero-fill makes it as a copy (Storage.copyOf,
     * Note [Compiling the array copies early]):
     * - ops that cost a few instructions an element (BinaryOp.boundByMemory, where) copy the operand that already is
     *   the output as it stands, of its dtype and shape, dense, and run in place on the copy, reading it as that
     *   operand (the kernels read each element before writing it, so an output that is an operand with the same layout
     *   is safe);
     * - the others, and copies of non-dense tensors, take the copy of any operand's array large enough only for its
     *   memory (Storage.allocateForOverwrite with a donor), read their operands and write over it.
     * In place, exp took longer than from its operand (1e6 float32, 663 against 502-524 us), while a cheap binary op
     * gained from it (add 517 against 580). Measured with JMH, 1e6 elements, after 3 s of warm-up, zero-filled ->
     * copied: float32 add 725 -> 509 us, mul 723 -> 502, relu 640 -> 474, exp 632 -> 533, sigmoid 665 -> 529, pow 7.76
     * -> 7.28 ms, clone 807 -> 290 us; float64 add 1386 -> 921 us, exp (the scalar loop) 4.04 -> 3.92 ms.
     */

    /**
     * A copy of {@code x}'s elements to be an op's output, or null when the JVM would not zero-fill that output
     * ({@link Storage#zeroFilledWhenMade}) or x is not the output as it stands: of its dtype, shape and dense row-major
     * order (Note [Large outputs made as copies of an operand]).
     */
    static Storage copyOfOperand(Tensor x, DType result, Layout out) {
        if (x.dtype() != result || !Storage.zeroFilledWhenMade(result, out.numel())) return null;
        Layout l = x.layout();
        if (!l.isContiguous() || !Arrays.equals(l.shapeRef(), out.shapeRef())) return null;
        return Storage.copyOf(x.storage(), l.offset(), out.numel());
    }

    /** Backward formulas of the binary ops; {@code scalarB} marks a Java-number right operand (PowBackward0). */
    private static Tensor recordBinary(BinaryOp op, Tensor out, Tensor a, Tensor b, boolean scalarB) {
        if (!FunctionNode.needsGrad(a, b)) return out;
        return switch (op) {
            // y = a + b;  dy/da = 1, dy/db = 1
            case ADD -> FunctionNode.record("AddBackward0", out, inputs(a, b), null, (n, g) -> grads(g, g));
            // y = a − b;  dy/da = 1, dy/db = −1
            case SUB -> FunctionNode.record("SubBackward0", out, inputs(a, b), null,
                    (n, g) -> grads(g, n.needsInputGrad(1) ? g.neg() : null));
            // y = a·b;  dy/da = b, dy/db = a
            case MUL -> FunctionNode.record("MulBackward0", out, inputs(a, b), saved(a, b), (n, g) -> grads(
                    n.needsInputGrad(0) ? g.mul(n.saved(1)) : null,
                    n.needsInputGrad(1) ? g.mul(n.saved(0)) : null));
            // y = a / b;  dy/da = 1/b, dy/db = −a/b²
            case DIV -> FunctionNode.record("DivBackward0", out, inputs(a, b), saved(a, b), (n, g) -> grads(
                    n.needsInputGrad(0) ? g.div(n.saved(1)) : null,
                    n.needsInputGrad(1) ? g.neg().mul(n.saved(0)).div(n.saved(1).square()) : null));
            case POW -> scalarB
                    // y = aᵖ (p a number);  dy/da = p·aᵖ⁻¹ (0 when p = 0)
                    ? FunctionNode.record("PowBackward0", out, inputs(a), saved(a, b), (n, g) -> {
                        double p = n.saved(1).item();
                        return grads(p == 0 ? Ember.zerosLike(g) : g.mul(n.saved(0).pow(p - 1).mul(p)));
                    })
                    // y = aᵇ;  dy/da = b·aᵇ⁻¹, dy/db = aᵇ·ln a (taken as 0 where a = 0 and b ≥ 0, as PyTorch)
                    : FunctionNode.record("PowBackward1", out, inputs(a, b), saved(a, b, out), (n, g) -> {
                        Tensor x = n.saved(0), e = n.saved(1);
                        Tensor ga = null, gb = null;
                        if (n.needsInputGrad(0)) {
                            Tensor d = e.mul(x.pow(e.sub(1.0)));
                            ga = g.mul(where(e.eq(0.0), Ember.zerosLike(d), d));
                        }
                        if (n.needsInputGrad(1)) {
                            Tensor d = n.saved(2).mul(x.log());
                            gb = g.mul(where(x.eq(0.0).logicalAnd(e.ge(0.0)), Ember.zerosLike(d), d));
                        }
                        return grads(ga, gb);
                    });
            // y = max(a, b);  as PyTorch: ties split the gradient in half, an input that lost the comparison gets exactly
            // 0, any other gets all of it -- so where either is NaN (no comparison holds) both inputs get the gradient
            case MAXIMUM, MINIMUM -> FunctionNode.record(op == BinaryOp.MAXIMUM ? "MaximumBackward0" : "MinimumBackward0",
                    out, inputs(a, b), saved(a, b), (n, g) -> {
                        Tensor x = n.saved(0), y = n.saved(1);
                        Tensor aLost = op == BinaryOp.MAXIMUM ? x.lt(y) : x.gt(y), bLost = op == BinaryOp.MAXIMUM ? x.gt(y) : x.lt(y);
                        Tensor shared = where(x.eq(y), g.mul(0.5), g);
                        return grads(Ember.where(aLost, 0.0, shared), Ember.where(bLost, 0.0, shared));
                    });
            // y = atan2(a, b);  dy/da = b/(a²+b²), dy/db = −a/(a²+b²)
            case ATAN2 -> FunctionNode.record("Atan2Backward0", out, inputs(a, b), saved(a, b), (n, g) -> {
                Tensor x = n.saved(0), y = n.saved(1);
                Tensor r = x.square().add(y.square());
                return grads(g.mul(y).div(r), g.mul(x).neg().div(r));
            });
            // y = a − b·⌊a/b⌋;  dy/da = 1, dy/db = −⌊a/b⌋  (PyTorch: ...0 for a number divisor, ...1 for a tensor)
            case REMAINDER -> FunctionNode.record(scalarB ? "RemainderBackward0" : "RemainderBackward1", out, inputs(a, b), saved(a, b),
                    (n, g) -> grads(g, g.mul(n.saved(0).floorDivide(n.saved(1))).neg()));
            // piecewise constant: zero gradient almost everywhere
            case FLOOR_DIVIDE -> FunctionNode.record("FloorDivideBackward0", out, inputs(a, b), null, (n, g) -> grads(null, null));
            default -> out; // predicates: BOOL results carry no gradient
        };
    }

    /**
     * {@code torch.add(a, b, out=out)}, and sub, mul and div's {@code out=}: a op b (broadcast) written into out, which
     * has the broadcast shape (it is not resized) and a dtype the result can be cast to; nothing is recorded for
     * autograd. out may be one of the operands, not part of one (PyTorch's overlap rules, as the in-place ops).
     */
    public static Tensor binaryOut(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        // ops that cannot fail halfway through the kernel (an integer floor division by zero could)
        String name = opName(op.name());
        if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV)
            throw new IllegalArgumentException(name + " has no out= form here; use the op's result");
        checkOutWithoutGrad(name, out, a, b);
        checkSubtraction(op, a.dtype(), b.dtype());
        DType compute = computeType(op, resultType(a, b));
        int[] shape = Shapes.broadcast(a.layout().shapeRef(), b.layout().shapeRef());
        checkOut(name, out, shape, compute);
        Tensor ar = readableWhileWriting(out, a), br = readableWhileWriting(out, b);
        if (compute == out.dtype()) {
            Tensor ac = rawCast(ar, compute), bc = rawCast(br, compute);
            K.binary(op, ac.storage(), ac.layout().expand(shape), bc.storage(), bc.layout().expand(shape), out.storage(),
                    out.layout());
        } else { // computed in its own dtype, then cast on the way into out
            Tensor r = compute(op, ar, br, compute);
            K.copy(r.storage(), r.layout(), out.storage(), out.layout());
        }
        out.storage().bumpVersion();
        return out;
    }

    /** PyTorch refuses out= while autograd would have to record the op ({@code op} as PyTorch names it, e.g. "mm"). */
    static void checkOutWithoutGrad(String op, Tensor out, Tensor... inputs) {
        if (!GradMode.isEnabled()) return;
        boolean grad = out.requiresGrad();
        for (Tensor t : inputs) grad |= t.requiresGrad();
        if (grad)
            throw new IllegalArgumentException(op + "(): functions with out=... arguments don't support automatic"
                    + " differentiation, but one of the arguments requires grad. Hint: call " + op + " without out to"
                    + " record it, or write into out under noGrad()");
    }

    /** out's shape (the result's: Ember does not resize out tensors) and dtype (the result castable to it). */
    private static void checkOut(String op, Tensor out, int[] shape, DType result) {
        if (!Arrays.equals(out.layout().shapeRef(), shape))
            throw new IllegalArgumentException(op + "(): out has shape " + Shapes.format(out.shape()) + " but the result"
                    + " has shape " + Shapes.format(shape) + "; Ember tensors keep their shape, so out is not resized (as"
                    + " PyTorch resizes it). Hint: pass a tensor of the result's shape, e.g. " + emptyCall(out.dtype(), shape));
        if (!DType.canCast(result, out.dtype()))
            throw new IllegalArgumentException("result type " + result.shortName() + " can't be cast to the desired output"
                    + " type " + out.dtype().shortName() + " (" + op + "() into out). Hint: pass an out of dtype "
                    + result.shortName() + ", e.g. " + emptyCall(result, shape) + ", or convert an operand first");
    }

    /** The Ember call that makes an empty tensor of this dtype and shape, for the hints of messages. */
    static String emptyCall(DType dtype, int[] shape) {
        StringJoiner arguments = new StringJoiner(", ", "Ember.empty(", ")");
        if (dtype != DType.FLOAT32) arguments.add("DType." + dtype.name());
        for (int size : shape) arguments.add(Integer.toString(size));
        return arguments.toString();
    }

    private static String opName(String constant) { return constant.toLowerCase(java.util.Locale.ROOT); }

    // ---------------------------------------------------------------------------------------------
    // Unary
    // ---------------------------------------------------------------------------------------------

    public static Tensor unary(UnaryOp op, Tensor a) {
        return recordUnary(op, unaryRaw(op, a, Double.NaN, Double.NaN), a);
    }

    /**
     * {@code torch.exp(x, out=out)} and the other floating-point functions' {@code out=}: op(x) written into out, of x's
     * shape and a dtype the result can be cast to; nothing is recorded for autograd. out may be x itself, not part of it.
     */
    public static Tensor unaryOut(UnaryOp op, Tensor x, Tensor out) {
        String name = opName(op.name());
        if (!op.floatingOnly()) throw new IllegalArgumentException(name + " has no out= form here; use the op's result");
        checkOutWithoutGrad(name, out, x);
        DType compute = unaryComputeType(op, x.dtype());
        checkOut(name, out, x.layout().shapeRef(), compute);
        Tensor xr = readableWhileWriting(out, x);
        if (compute == out.dtype()) {
            Tensor xc = rawCast(xr, compute);
            K.unary(op, Double.NaN, Double.NaN, xc.storage(), xc.layout(), out.storage(), out.layout());
        } else { // computed in its own dtype, then cast on the way into out
            Tensor r = unaryRaw(op, xr, Double.NaN, Double.NaN);
            K.copy(r.storage(), r.layout(), out.storage(), out.layout());
        }
        out.storage().bumpVersion();
        return out;
    }

    /** The dtype a unary op computes in, with PyTorch's refusals for bool inputs. */
    private static DType unaryComputeType(UnaryOp op, DType input) {
        if (op.floatingOnly()) return DType.toFloating(input);
        if (input != DType.BOOL) return input;
        return switch (op) {
            case LOGICAL_NOT, SIGN -> DType.BOOL;
            case SQUARE, CLAMP -> DType.INT64; // square(True) is 1 as int64, as PyTorch's pow(x, 2)
            case NEG -> throw new IllegalArgumentException("Negation, the `-` operator, on a bool tensor is not supported. If"
                    + " you are trying to invert a mask, use the `~` or `logicalNot()` operator instead.");
            case RELU -> throw new IllegalArgumentException("Boolean inputs not supported for relu");
            default -> throw new IllegalArgumentException("\"" + op.name().toLowerCase(java.util.Locale.ROOT)
                    + "\" not implemented for 'Bool' (convert first, e.g. x.toLong())");
        };
    }

    private static Tensor unaryRaw(UnaryOp op, Tensor a, double p0, double p1) {
        DType compute = unaryComputeType(op, a.dtype());
        Tensor ac = rawCast(a, compute);
        Tensor tiny = Tiny.unary(op, ac, p0, p1);
        if (tiny != null) return tiny;
        DType result = op == UnaryOp.LOGICAL_NOT ? DType.BOOL : compute;
        Layout ol = Layout.contiguous(a.shape());
        // Note [Large outputs made as copies of an operand]
        Storage os = Storage.allocateForOverwrite(result, ol.numel(), ac.storage());
        if (result == DType.BOOL) {
            Storage tmp = Storage.allocateForOverwrite(compute, ol.numel());
            K.unary(op, p0, p1, ac.storage(), ac.layout(), tmp, ol);
            K.copy(tmp, ol, os, ol);
        } else {
            K.unary(op, p0, p1, ac.storage(), ac.layout(), os, ol);
        }
        return Tensor.wrap(os, ol);
    }

    private static Tensor recordUnary(UnaryOp op, Tensor y, Tensor x) {
        if (!FunctionNode.needsGrad(x)) return y;
        return switch (op) {
            // y = −x;  dy/dx = −1
            case NEG -> FunctionNode.record("NegBackward0", y, inputs(x), null, (n, g) -> grads(g.neg()));
            // y = |x|;  dy/dx = sign(x)
            case ABS -> FunctionNode.record("AbsBackward0", y, inputs(x), saved(x), (n, g) -> grads(g.mul(n.saved(0).sign())));
            // y = x²;  dy/dx = 2x
            case SQUARE -> FunctionNode.record("PowBackward0", y, inputs(x), saved(x), (n, g) -> grads(g.mul(n.saved(0).mul(2.0))));
            // y = max(x, 0);  dy/dx = 1 where y > 0 (0 where y ≤ 0, as a select: a NaN y passes the gradient and an infinite one is not turned into NaN)
            case RELU -> FunctionNode.record("ReluBackward0", y, inputs(x), saved(y), (n, g) -> grads(Fused.reluBackward(g, n.saved(0))));
            // y = eˣ;  dy/dx = y
            case EXP -> FunctionNode.record("ExpBackward0", y, inputs(x), saved(y), (n, g) -> grads(g.mul(n.saved(0))));
            // y = ln x;  dy/dx = 1/x
            case LOG -> FunctionNode.record("LogBackward0", y, inputs(x), saved(x), (n, g) -> grads(g.div(n.saved(0))));
            // y = log₂ x;  dy/dx = 1/(x ln 2)
            case LOG2 -> FunctionNode.record("Log2Backward0", y, inputs(x), saved(x), (n, g) -> grads(g.div(n.saved(0).mul(Math.log(2)))));
            // y = log₁₀ x;  dy/dx = 1/(x ln 10)
            case LOG10 -> FunctionNode.record("Log10Backward0", y, inputs(x), saved(x), (n, g) -> grads(g.div(n.saved(0).mul(Math.log(10)))));
            // y = ln(1 + x);  dy/dx = 1/(1 + x)
            case LOG1P -> FunctionNode.record("Log1PBackward0", y, inputs(x), saved(x), (n, g) -> grads(g.div(n.saved(0).add(1.0))));
            // y = eˣ − 1;  dy/dx = y + 1
            case EXPM1 -> FunctionNode.record("Expm1Backward0", y, inputs(x), saved(y), (n, g) -> grads(g.mul(n.saved(0).add(1.0))));
            // y = √x;  dy/dx = 1/(2y)
            case SQRT -> FunctionNode.record("SqrtBackward0", y, inputs(x), saved(y), (n, g) -> grads(g.div(n.saved(0).mul(2.0))));
            // y = x^(−1/2);  dy/dx = −y³/2
            case RSQRT -> FunctionNode.record("RsqrtBackward0", y, inputs(x), saved(y), (n, g) -> grads(g.mul(n.saved(0).pow(3.0)).mul(-0.5)));
            // y = sin x;  dy/dx = cos x
            case SIN -> FunctionNode.record("SinBackward0", y, inputs(x), saved(x), (n, g) -> grads(g.mul(n.saved(0).cos())));
            // y = cos x;  dy/dx = −sin x
            case COS -> FunctionNode.record("CosBackward0", y, inputs(x), saved(x), (n, g) -> grads(g.mul(n.saved(0).sin()).neg()));
            // y = tan x;  dy/dx = 1 + y²
            case TAN -> FunctionNode.record("TanBackward0", y, inputs(x), saved(y), (n, g) -> grads(g.mul(n.saved(0).square().add(1.0))));
            // y = tanh x;  dy/dx = 1 − y²
            case TANH -> FunctionNode.record("TanhBackward0", y, inputs(x), saved(y), (n, g) -> grads(g.mul(n.saved(0).square().rsub(1.0))));
            // y = σ(x);  dy/dx = y(1 − y)
            case SIGMOID -> FunctionNode.record("SigmoidBackward0", y, inputs(x), saved(y),
                    (n, g) -> grads(g.mul(n.saved(0).mul(n.saved(0).rsub(1.0)))));
            // y = 1/x;  dy/dx = −y²
            case RECIPROCAL -> FunctionNode.record("ReciprocalBackward0", y, inputs(x), saved(y), (n, g) -> grads(g.mul(n.saved(0).square()).neg()));
            // piecewise constant: zero gradient
            case SIGN -> zeroGrad("SignBackward0", y, x);
            case FLOOR -> zeroGrad("FloorBackward0", y, x);
            case CEIL -> zeroGrad("CeilBackward0", y, x);
            case ROUND -> zeroGrad("RoundBackward0", y, x);
            case TRUNC -> zeroGrad("TruncBackward0", y, x);
            case LOGICAL_NOT, CLAMP -> y; // BOOL result; clamp records its own node
        };
    }

    private static Tensor zeroGrad(String name, Tensor y, Tensor x) {
        return FunctionNode.record(name, y, inputs(x), null, (n, g) -> grads(Ember.zerosLike(g)));
    }

    /**
     * Clamp to [min, max]; NaN means no bound on that side. The bounds are Java numbers in PyTorch's promotion
     * ({@code integralBounds}: longs), so an int64 tensor clamped to 0.5 becomes float32, as in PyTorch.
     */
    public static Tensor clamp(Tensor x, double min, double max, boolean integralBounds) {
        if (Double.isNaN(min) && Double.isNaN(max))
            throw new IllegalArgumentException("clamp: At least one of 'min' or 'max' must not be None");
        DType result = resultTypeWithScalar(x, integralBounds);
        Tensor y = unaryRaw(UnaryOp.CLAMP, rawCast(x, result), min, max);
        // y = clamp(x, lo, hi);  dy/dx = 1 where lo ≤ x ≤ hi, else 0 -- a select, as PyTorch's: a NaN input gets 0, and an
        // infinite gradient outside the range gives 0 rather than 0·∞ = NaN
        return FunctionNode.record(clampNodeName(min, max), y, inputs(x), saved(x), (n, g) -> {
            Tensor v = n.saved(0);
            Tensor mask = Double.isNaN(min) ? v.le(max) : Double.isNaN(max) ? v.ge(min) : v.ge(min).logicalAnd(v.le(max));
            return grads(Ember.where(mask, g, 0.0));
        });
    }

    /** PyTorch names the one-sided forms after clamp_min and clamp_max. */
    private static String clampNodeName(double min, double max) {
        return Double.isNaN(max) ? "ClampMinBackward0" : Double.isNaN(min) ? "ClampMaxBackward0" : "ClampBackward1";
    }

    /** A copy converted to {@code dtype} (the tensor itself when it already has that dtype). */
    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor y = rawCast(x, dtype);
        // a cast passes the gradient through (converted back to x's dtype by the engine)
        return FunctionNode.record("ToCopyBackward0", y, inputs(x), null, (n, g) -> grads(g));
    }

    /** {@code where(cond, a, b)}: a where cond is true, else b, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL)
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + cond.dtype().shortName());
        DType compute = resultType(a, b);
        int[] shape = Shapes.broadcast(Shapes.broadcast(cond.shape(), a.shape()), b.shape());
        Tensor ac = rawCast(a, compute), bc = rawCast(b, compute);
        Layout ol = Layout.contiguous(shape), cl = cond.layout().expand(shape);
        Layout al = ac.layout().expand(shape), bl = bc.layout().expand(shape);
        Storage as = ac.storage(), bs = bc.storage(), os;
        if ((os = copyOfOperand(ac, compute, ol)) != null) { // Note [Large outputs made as copies of an operand]
            as = os;
            al = ol;
        } else if ((os = copyOfOperand(bc, compute, ol)) != null) {
            bs = os;
            bl = ol;
        } else {
            os = Storage.allocateForOverwrite(compute, ol.numel());
        }
        K.where(cond.storage(), cl, as, al, bs, bl, os, ol);
        Tensor out = Tensor.wrap(os, ol);
        // y = c ? a : b;  dy/da = c, dy/db = ¬c
        return FunctionNode.record("WhereBackward0", out, inputs(a, b), saved(cond), (n, g) -> {
            Tensor c = n.saved(0), z = Ember.zerosLike(g);
            return grads(n.needsInputGrad(0) ? where(c, g, z) : null, n.needsInputGrad(1) ? where(c, z, g) : null);
        });
    }

    /**
     * {@code where(cond, a, value)} (or {@code where(cond, value, a)} when {@code valueFirst}) with a Java number,
     * promoted as PyTorch: {@code where(c, int64 tensor, 2.5)} is float32, {@code where(c, int64 tensor, 0)} int64.
     */
    public static Tensor whereScalar(Tensor cond, Tensor a, double value, boolean integral, boolean valueFirst) {
        DType dtype = resultTypeWithScalar(a, integral);
        Tensor t = cast(a, dtype), s = Ember.scalar(value, dtype);
        return valueFirst ? where(cond, s, t) : where(cond, t, s);
    }

    public static Tensor isinf(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return Ember.zeros(DType.BOOL, x.shape());
        return x.abs().eq(Double.POSITIVE_INFINITY);
    }

    public static Tensor isfinite(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return Ember.ones(DType.BOOL, x.shape());
        return x.sub(x).eq(0.0); // inf − inf and NaN − NaN are NaN
    }

    // ---------------------------------------------------------------------------------------------
    // In place
    // ---------------------------------------------------------------------------------------------

    /**
     * Note [In-place ops and autograd]: an in-place op on a tensor in the graph is computed out of place against a
     * snapshot of the old value (so the saved value cannot be clobbered), then written into this tensor's storage,
     * which then takes over the new node as its grad_fn. A leaf that requires grad refuses in-place updates outside
     * {@code noGrad()}, as in PyTorch. When this tensor is a view, its base takes the new history instead, wrapped in
     * a CopySlices node (see ember.autograd.InPlaceViews's Note [In-place ops on views (CopySlices)]).
     */
    public static Tensor binaryInPlace(BinaryOp op, Tensor self, Tensor other) {
        checkSubtraction(op, self.dtype(), other.dtype());
        DType compute = computeType(op, resultType(self, other));
        return inPlace(op, self, other, compute, x -> binary(op, x, other));
    }

    /** {@code self op= value} with a Java number, promoted as PyTorch ({@code int64.add_(1.5)} is refused). */
    public static Tensor binaryInPlaceScalar(BinaryOp op, Tensor self, double value, boolean integral) {
        checkSubtraction(op, self.dtype(), integral ? DType.INT64 : DType.FLOAT32);
        checkIntegerPower(op, self.dtype(), value, integral);
        DType compute = computeType(op, resultTypeWithScalar(self, integral));
        return inPlace(op, self, Ember.scalar(value, compute), compute, x -> binaryScalar(op, x, value, integral));
    }

    /**
     * The shared body of the binary in-place ops: every check first (shape, cast, autograd, memory overlap), then the
     * write, so a refused op leaves self untouched. {@code outOfPlace} records the op's node when autograd needs it.
     */
    private static Tensor inPlace(BinaryOp op, Tensor self, Tensor other, DType compute, UnaryOperator<Tensor> outOfPlace) {
        int[] shape = Shapes.broadcast(self.layout().shapeRef(), other.layout().shapeRef());
        if (!Arrays.equals(shape, self.layout().shapeRef()))
            throw new IllegalArgumentException("output with shape " + Shapes.format(self.shape())
                    + " doesn't match the broadcast shape " + Shapes.format(shape));
        DType result = op.isPredicate() ? DType.BOOL : compute;
        checkCast(result, self.dtype());
        checkInPlace(self);
        Tensor src = readableWhileWriting(self, other);
        if (FunctionNode.needsGrad(self, other)) {
            boolean formulaReadsSelf = op != BinaryOp.ADD && op != BinaryOp.SUB;
            return writeBack(self, outOfPlace.apply(formulaReadsSelf ? snapshot(self) : self));
        }
        // pow_ computes as pow (Note [Powers computed by other ops]) and copies the result back
        if (compute == self.dtype() && op != BinaryOp.POW) {
            Tensor bc = rawCast(src, compute);
            if (!Tiny.binaryInPlace(op, self, bc))
                K.binary(op, self.storage(), self.layout(), bc.storage(), bc.layout().expand(shape), self.storage(), self.layout());
            self.storage().bumpVersion();
            return self;
        }
        return writeBack(self, op == BinaryOp.POW ? outOfPlace.apply(self) : compute(op, self, src, compute));
    }

    private static void checkCast(DType result, DType target) {
        if (!DType.canCast(result, target))
            throw new IllegalArgumentException("result type " + result.shortName() + " can't be cast to the desired output type "
                    + target.shortName() + " (an in-place op keeps its tensor's dtype; use the out-of-place op instead)");
    }

    /**
     * PyTorch's memory-overlap rules for an op writing {@code self} while reading {@code input}: self may not repeat an
     * element (an expanded tensor), and input may not partly overlap self. Returns the tensor to read: input itself,
     * or a copy when the overlap cannot be decided cheaply (so that writes never feed back into reads).
     */
    private static Tensor readableWhileWriting(Tensor self, Tensor input) {
        checkNoInternalOverlap(self);
        if (input.storage() != self.storage()) return input;
        return switch (self.layout().overlapWith(input.layout())) {
            case SAME, NONE -> input;
            case PARTIAL -> throw new IllegalArgumentException("unsupported operation: some elements of the input tensor and"
                    + " the written-to tensor refer to a single memory location. Please clone() the tensor before performing"
                    + " the operation.");
            case UNKNOWN -> rawCast(Shape.contiguousCopy(input.detach()), input.dtype());
        };
    }

    private static void checkNoInternalOverlap(Tensor self) {
        if (self.layout().hasInternalOverlap())
            throw new IllegalArgumentException("unsupported operation: more than one element of the written-to tensor refers to"
                    + " a single memory location. Please clone() the tensor before performing the operation.");
    }

    /** {@code self.pow_(p)} for a number p: recorded as PyTorch's number-exponent PowBackward0. */
    public static Tensor unaryInPlace(UnaryOp op, Tensor self) {
        checkCast(unaryComputeType(op, self.dtype()), self.dtype());
        checkInPlace(self);
        checkNoInternalOverlap(self);
        if (FunctionNode.needsGrad(self)) return writeBack(self, unary(op, snapshot(self)));
        K.unary(op, Double.NaN, Double.NaN, self.storage(), self.layout(), self.storage(), self.layout());
        self.storage().bumpVersion();
        return self;
    }

    public static Tensor clampInPlace(Tensor self, double min, double max, boolean integralBounds) {
        checkCast(resultTypeWithScalar(self, integralBounds), self.dtype());
        checkInPlace(self);
        checkNoInternalOverlap(self);
        return writeBack(self, clamp(FunctionNode.needsGrad(self) ? snapshot(self) : self, min, max, integralBounds));
    }

    public static Tensor fill_(Tensor self, double value) { return fill(self, value, "FillBackward2"); }

    public static Tensor zero_(Tensor self) { return fill(self, 0, "ZeroBackward0"); }

    private static Tensor fill(Tensor self, double value, String nodeName) {
        checkInPlace(self);
        Tensor holder = null;
        if (FunctionNode.needsGrad(self)) {
            // self := value;  nothing flows to the old self
            holder = emptyHolder(self.dtype());
            FunctionNode.record(nodeName, holder, inputs(self), null, (n, g) -> grads((Tensor) null));
        }
        if (!Tiny.fill(self, value)) {
            if (self.dtype().isFloatingPoint() || value != Math.rint(value)) K.fill(self.storage(), self.layout(), value);
            else K.fillLong(self.storage(), self.layout(), (long) value);
        }
        self.storage().bumpVersion();
        if (holder != null) InPlaceViews.rebaseHistory(self, holder.gradFn());
        return self;
    }

    /** Copies src (broadcast, converted) into self. */
    public static Tensor copy_(Tensor self, Tensor src) {
        int[] shape = Shapes.broadcast(self.shape(), src.shape());
        if (!Arrays.equals(shape, self.shape()))
            throw new IllegalArgumentException("output with shape " + Shapes.format(self.shape())
                    + " doesn't match the broadcast shape " + Shapes.format(shape));
        checkInPlace(self);
        Tensor from = readableWhileWriting(self, src);
        if (FunctionNode.needsGrad(self, src)) {
            Tensor r = src; // no expand or cast node: the engine sums the gradient to src's shape and casts it
            // self := src;  d/d(src) = g (summed back to src's shape), nothing flows to the old self
            Tensor holder = emptyHolder(self.dtype());
            FunctionNode.record("CopyBackwards", holder, inputs(self, r), null, (n, g) -> grads(null, g));
            K.copy(from.storage(), from.layout().expand(self.shape()), self.storage(), self.layout());
            self.storage().bumpVersion();
            InPlaceViews.rebaseHistory(self, holder.gradFn());
            return self;
        }
        K.copy(from.storage(), from.layout().expand(self.shape()), self.storage(), self.layout());
        self.storage().bumpVersion();
        return self;
    }

    /**
     * Autograd's refusals, raised before any in-place write (nothing is modified when they fire).
     */
    static void checkInPlace(Tensor self) {
        if (!GradMode.isEnabled()) return;
        if (self.isLeaf() && self.requiresGrad())
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation."
                    + " Hint: update parameters inside `try (var g = noGrad()) { ... }`, e.g. w.sub_(w.grad().mul(lr)),"
                    + " or work on w.detach().");
        Tensor base = self.viewBase();
        if (base != null && base.isLeaf() && base.requiresGrad())
            throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an in-place"
                    + " operation. Hint: update parameters inside `try (var g = noGrad()) { ... }`, or work on a clone().");
    }

    /** The old value of self as a tensor with its own storage that still routes gradients to self's producer. */
    private static Tensor snapshot(Tensor self) {
        Layout l = Layout.contiguous(self.shape());
        Storage s = Storage.allocateForOverwrite(self.dtype(), l.numel());
        K.copy(self.storage(), self.layout(), s, l);
        Tensor snap = Tensor.wrap(s, l);
        if (self.gradFn() != null) snap.setGradFn(self.gradFn());
        else if (self.requiresGrad()) snap.requiresGrad_(); // a leaf inside noGrad-free code is rejected earlier
        return snap;
    }

    /** An empty tensor that receives a node for an in-place op; the modified tensor then takes the node over. */
    private static Tensor emptyHolder(DType dtype) {
        return Tensor.wrap(Storage.allocate(dtype, 0), Layout.contiguous(0));
    }

    /** Writes r into self's storage and hands r's node to self. */
    private static Tensor writeBack(Tensor self, Tensor r) {
        K.copy(r.storage(), r.layout(), self.storage(), self.layout());
        self.storage().bumpVersion();
        if (r.gradFn() != null) InPlaceViews.rebaseHistory(self, r);
        return self;
    }
}
