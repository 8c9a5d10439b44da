package ember.kernels;

/**
 * Element-wise functions of two operands of one dtype (the promoted type). Comparisons and logical ops write BOOL.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, REMAINDER, FLOOR_DIVIDE, ATAN2,
    EQ, NE, GT, GE, LT, LE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR,
    /** ReLU's backward, PyTorch's {@code threshold_backward(grad, output, 0)}: a where b &gt; 0, else 0 (NaN b passes a). */
    THRESHOLD_BACKWARD;

    /** True for ops whose result is BOOL whatever the input type. */
    public boolean isPredicate() {
        return switch (this) {
            case EQ, NE, GT, GE, LT, LE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR -> true;
            default -> false;
        };
    }

    /**
     * True for ops whose kernel costs a few instructions an element, so that over tensors larger than the caches its
     * time is the memory it moves: such ops run in place on a large output made as a copy of an operand (Note [Large
     * outputs made as copies of an operand] in {@code ember.ops.Elementwise}).
     */
    public boolean boundByMemory() {
        return switch (this) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, THRESHOLD_BACKWARD -> true;
            default -> false;
        };
    }

    /**
     * The function on doubles. Like {@link #applyLong}, kept small enough for the JIT to inline into the kernels' loops;
     * the predicates are {@link #holds}.
     */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> pow(a, b);
            // NaN wins in maximum/minimum; on a tie (−0 vs 0) the first operand is kept, as PyTorch's std::max/min
            case MAXIMUM -> a != a || b != b ? Double.NaN : (a < b ? b : a);
            case MINIMUM -> a != a || b != b ? Double.NaN : (b < a ? b : a);
            case REMAINDER -> remainder(a, b);
            case FLOOR_DIVIDE -> floorDivide(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case THRESHOLD_BACKWARD -> b <= 0 ? 0 : a;
            default -> holds(a < b, a == b, a > b, a != 0, b != 0) ? 1 : 0;
        };
    }

    /**
     * A comparison or logical op, from how a and b are ordered (all three false when a NaN leaves them unordered) and
     * whether each is non-zero: one definition for doubles and integers.
     */
    private boolean holds(boolean less, boolean equal, boolean greater, boolean aTrue, boolean bTrue) {
        return switch (this) {
            case EQ -> equal;
            case NE -> !equal;
            case GT -> greater;
            case GE -> greater || equal;
            case LT -> less;
            case LE -> less || equal;
            case LOGICAL_AND -> aTrue && bTrue;
            case LOGICAL_OR -> aTrue || bTrue;
            case LOGICAL_XOR -> aTrue != bTrue;
            default -> throw new IllegalStateException(this + " is not a predicate");
        };
    }

    /** Python's {@code a % b}: the remainder takes the divisor's sign. */
    private static double remainder(double a, double b) {
        double r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }

    /** C's {@code pow}, which PyTorch calls: 1ʸ = 1 and (−1)^±∞ = 1 for every y, where Java's Math.pow gives NaN. */
    static double pow(double a, double b) {
        if (a == 1 || (a == -1 && Double.isInfinite(b))) return 1;
        return Math.pow(a, b);
    }

    /**
     * Python's {@code a // b} on floats, computed as PyTorch's {@code div_floor_floating}: from the exact remainder, so
     * that {@code 1 // 0.1} is 9 (as Python), where {@code floor(1 / 0.1)} would round up to 10.
     */
    static double floorDivide(double a, double b) {
        if (b == 0) return a / b; // ±inf or NaN, as IEEE division
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        if (div == 0) return Math.copySign(0.0, a / b);
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1 : floor;
    }

    /**
     * The function on integers. Kept under C2's inlining limit for hot methods (325 bytes of bytecode), its bulkier cases
     * methods of their own, so that the kernels' loops do not pay a call per element.
     */
    public long applyLong(long a, long b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV, ATAN2 -> throw new IllegalStateException(this + " is computed in floating point, not on integers");
            case POW -> powi(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case REMAINDER -> floorMod(a, b);
            case FLOOR_DIVIDE -> floorDiv(a, b);
            case THRESHOLD_BACKWARD -> b <= 0 ? 0 : a;
            default -> holds(a < b, a == b, a > b, a != 0, b != 0) ? 1 : 0;
        };
    }

    /**
     * PyTorch's powi: a negative exponent gives 1/aᵇ truncated toward zero, i.e. 0 unless |a| = 1 (a negative
     * <em>scalar</em> exponent is refused earlier, before any output exists).
     */
    private static long powi(long a, long b) {
        if (b < 0) {
            if (a == 1) return 1;
            if (a == -1) return (b & 1) == 0 ? 1 : -1;
            return 0;
        }
        long r = 1, base = a, e = b;
        while (e > 0) { if ((e & 1) != 0) r *= base; base *= base; e >>= 1; }
        return r;
    }

    private static long floorMod(long a, long b) {
        if (b == 0) throw new ArithmeticException("ZeroDivisionError: integer remainder by zero");
        return Math.floorMod(a, b);
    }

    private static long floorDiv(long a, long b) {
        if (b == 0) throw new ArithmeticException("ZeroDivisionError: integer division by zero");
        return Math.floorDiv(a, b);
    }
}
