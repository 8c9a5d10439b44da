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
            case REMAINDER -> { double r = a % b; yield r != 0 && (r < 0) != (b < 0) ? r + b : r; } // Python's sign rule
            case FLOOR_DIVIDE -> floorDivide(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
            case THRESHOLD_BACKWARD -> b <= 0 ? 0 : a;
        };
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

    public long applyLong(long a, long b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> throw new IllegalStateException("integer DIV: true division is computed in floating point");
            case POW -> {
                // PyTorch's powi: a negative exponent gives 1/aᵇ truncated toward zero, i.e. 0 unless |a| = 1
                // (a negative *scalar* exponent is refused earlier, before any output exists)
                if (b < 0) {
                    if (a == 1) yield 1;
                    if (a == -1) yield (b & 1) == 0 ? 1 : -1;
                    yield 0;
                }
                long r = 1, base = a, e = b;
                while (e > 0) { if ((e & 1) != 0) r *= base; base *= base; e >>= 1; }
                yield r;
            }
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case REMAINDER -> {
                if (b == 0) throw new ArithmeticException("ZeroDivisionError: integer remainder by zero");
                yield Math.floorMod(a, b);
            }
            case FLOOR_DIVIDE -> {
                if (b == 0) throw new ArithmeticException("ZeroDivisionError: integer division by zero");
                yield Math.floorDiv(a, b);
            }
            case ATAN2 -> throw new IllegalStateException("atan2 is computed in floating point");
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
            case THRESHOLD_BACKWARD -> b <= 0 ? 0 : a;
        };
    }
}
