package ember.kernels;

/**
 * Element-wise functions of one operand. The kernel computes in the operand's dtype; callers cast integral inputs
 * to a floating type first for the transcendental ones ({@link #floatingOnly()}).
 */
public enum UnaryOp {
    NEG, ABS, SQUARE, SIGN, RELU,
    EXP, LOG, SQRT, RSQRT, SIN, COS, TAN, TANH, SIGMOID, RECIPROCAL, LOG1P, EXPM1, LOG2, LOG10,
    FLOOR, CEIL, ROUND, TRUNC,
    /** Logical not: non-zero to false, zero to true; output BOOL. */
    LOGICAL_NOT,
    /** Clamp to [p0, p1]; NaN bounds mean "no bound". NaN inputs stay NaN, as PyTorch. */
    CLAMP;

    /** True for functions that only make sense on floating-point values. */
    public boolean floatingOnly() {
        return switch (this) {
            case EXP, LOG, SQRT, RSQRT, SIN, COS, TAN, TANH, SIGMOID, RECIPROCAL, LOG1P, EXPM1, LOG2, LOG10 -> true;
            default -> false;
        };
    }

    /** The function on doubles (float32 results are this rounded to float). */
    public double apply(double x, double p0, double p1) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : 0; // PyTorch's (0 < x) − (x < 0): NaN and −0 give 0
            case RELU -> x < 0 ? 0 : x; // NaN and −0 pass through, as torch.relu
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case TANH -> Math.tanh(x);
            // 1/(1+e^-x) overflows harmlessly to 0 for x << 0; no NaN for any finite x.
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case RECIPROCAL -> 1 / x;
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case LOG2 -> log2(x);
            case LOG10 -> Math.log10(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x); // round half to even, as torch.round
            case TRUNC -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
            case CLAMP -> {
                if (x != x) yield x;
                double r = x;
                if (!Double.isNaN(p0) && r < p0) r = p0;
                if (!Double.isNaN(p1) && r > p1) r = p1;
                yield r;
            }
        };
    }

    /**
     * The function on a float32 operand: {@link #apply}'s result rounded to float, except rsqrt, which PyTorch computes
     * as 1/√x with √x rounded to float first (rounded once, the result differs in the last bit for about a quarter of
     * inputs).
     */
    public float applyFloat(float x, double p0, double p1) {
        return this == RSQRT ? 1f / (float) Math.sqrt(x) : (float) apply(x, p0, p1);
    }

    /** log₂ x, exact at powers of two (ln x / ln 2 gives 29.000000000000004 for 2²⁹). */
    private static double log2(double x) {
        if (x >= Double.MIN_NORMAL && x < Double.POSITIVE_INFINITY) {
            int e = Math.getExponent(x);
            if (x == Math.scalb(1.0, e)) return e;
        }
        return Math.log(x) / Math.log(2);
    }

    /** The function on integers, for the ops defined on integral dtypes. */
    public long applyLong(long x, double p0, double p1) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case SIGN -> Long.signum(x);
            case RELU -> Math.max(x, 0);
            case FLOOR, CEIL, ROUND, TRUNC -> x;
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
            case CLAMP -> {
                long r = x;
                if (!Double.isNaN(p0) && r < p0) r = (long) Math.ceil(p0);
                if (!Double.isNaN(p1) && r > p1) r = (long) Math.floor(p1);
                yield r;
            }
            default -> throw new IllegalStateException(this + " is not defined on integers");
        };
    }
}
