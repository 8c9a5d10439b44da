package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Vector API exp, log, tanh and sigmoid against the correctly rounded values (the double function rounded to
 * float, which is what the scalar reference computes), over random floats of every magnitude the functions see, the
 * edges of their ranges, and the IEEE special values.
 */
class VectorMathTest {
    private interface Row { void run(float[] x, int xo, float[] y, int yo, int n); }

    /** ulps between two finite floats of one sign (or 0 when both are the same special value). */
    private static long ulps(float expected, float actual) {
        if (Float.compare(expected, actual) == 0) return 0;
        if (Float.isNaN(expected) || Float.isNaN(actual) || Float.isInfinite(expected) || Float.isInfinite(actual))
            return Long.MAX_VALUE;
        return Math.abs((long) Float.floatToIntBits(expected) - Float.floatToIntBits(actual));
    }

    private static float[] sample(float lo, float hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[100_003]; // not a multiple of the lane count: the masked tail runs too
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(lo, hi);
        return x;
    }

    private static void check(String name, Row row, DoubleUnaryOperator exact, float[] x, long maxUlps) {
        float[] y = new float[x.length + 3];
        row.run(x, 0, y, 3, x.length);
        long worst = 0;
        int at = 0;
        for (int i = 0; i < x.length; i++) {
            long u = ulps((float) exact.applyAsDouble(x[i]), y[i + 3]);
            if (u > worst) { worst = u; at = i; }
        }
        assertTrue(worst <= maxUlps, name + "(" + x[at] + ") = " + y[at + 3] + ", correctly rounded "
                + (float) exact.applyAsDouble(x[at]) + ": " + worst + " ulp");
    }

    private static double exactSigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    private static final Row exp = (x, xo, y, yo, n) -> VectorMath.apply(UnaryOp.EXP, x, xo, 1, y, yo, 1, n);
    private static final Row log = (x, xo, y, yo, n) -> VectorMath.apply(UnaryOp.LOG, x, xo, 1, y, yo, 1, n);
    private static final Row tanh = (x, xo, y, yo, n) -> VectorMath.apply(UnaryOp.TANH, x, xo, 1, y, yo, 1, n);
    private static final Row sigmoid = (x, xo, y, yo, n) -> VectorMath.apply(UnaryOp.SIGMOID, x, xo, 1, y, yo, 1, n);

    @Test
    void expWithinOneUlp() {
        check("exp", exp, Math::exp, sample(-104, 89, 1), 1);
        check("exp", exp, Math::exp, sample(-1, 1, 2), 1);
        // subnormal results and overflow to ∞ at the ends of the range
        check("exp", exp, Math::exp, sample(-103.9f, -87, 3), 1);
        check("exp", exp, Math::exp, sample(88, 89, 4), 1);
    }

    /** Note [One scale factor in the normal range]: a lane gives the same bits whichever way its vector takes. */
    @Test
    void oneScaleFactorAndTwoAgree() {
        float[] x = sample(-87, 88, 15);
        float[] mixed = x.clone();
        for (int i = 0; i < mixed.length; i += 2) mixed[i] = i % 4 == 0 ? 100f : -100f; // every vector has a lane outside
        float[] half = new float[x.length], halfMixed = new float[x.length]; // tanh's eᵗ has t = 2|x|
        for (int i = 0; i < x.length; i++) {
            half[i] = x[i] / 2;
            halfMixed[i] = mixed[i] / 2;
        }
        for (UnaryOp op : new UnaryOp[]{UnaryOp.EXP, UnaryOp.SIGMOID, UnaryOp.TANH}) {
            float[] in = op == UnaryOp.TANH ? half : x, inMixed = op == UnaryOp.TANH ? halfMixed : mixed;
            float[] one = new float[x.length], two = new float[x.length];
            VectorMath.apply(op, in, 0, 1, one, 0, 1, x.length);
            VectorMath.apply(op, inMixed, 0, 1, two, 0, 1, x.length);
            for (int i = 1; i < x.length; i += 2)
                assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(two[i]), op + "(" + in[i] + ")");
        }
    }

    @Test
    void logWithinOneUlp() {
        check("log", log, Math::log, sample(0, 1000, 5), 1);
        check("log", log, Math::log, sample(0.5f, 2, 6), 1);
        check("log", log, Math::log, sample(0, 1e-37f, 7), 1); // subnormal inputs
        check("log", log, Math::log, sample(1e30f, 3e38f, 8), 1);
    }

    @Test
    void tanhAndSigmoidWithinTwoUlps() {
        check("tanh", tanh, Math::tanh, sample(-12, 12, 9), 2);
        check("tanh", tanh, Math::tanh, sample(-0.7f, 0.7f, 10), 2);
        check("tanh", tanh, Math::tanh, sample(-1e-3f, 1e-3f, 11), 2);
        check("sigmoid", sigmoid, VectorMathTest::exactSigmoid, sample(-87, 30, 12), 2);
        check("sigmoid", sigmoid, VectorMathTest::exactSigmoid, sample(-2, 2, 13), 2);
    }

    @Test
    void resultsDoNotDependOnLayoutOrPosition() {
        // the same inputs contiguous, strided (every third element), and shifted so the tail falls elsewhere
        float[] x = sample(-20, 20, 14);
        for (UnaryOp op : new UnaryOp[]{UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            int n = 1001;
            float[] plain = new float[n], strided = new float[3 * n], wide = new float[3 * n], shifted = new float[n + 5];
            for (int i = 0; i < n; i++) wide[3 * i] = x[i];
            VectorMath.apply(op, x, 0, 1, plain, 0, 1, n);
            VectorMath.apply(op, wide, 0, 3, strided, 0, 3, n);
            VectorMath.apply(op, x, 0, 1, shifted, 5, 1, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(plain[i]), Float.floatToRawIntBits(strided[3 * i]), op + " strided at " + i);
                assertEquals(Float.floatToRawIntBits(plain[i]), Float.floatToRawIntBits(shifted[i + 5]), op + " shifted at " + i);
            }
            for (int len = 1; len < 40; len++) { // a row ending at every position relative to the lanes
                float[] part = new float[len];
                VectorMath.apply(op, x, 0, 1, part, 0, 1, len);
                for (int i = 0; i < len; i++) assertEquals(plain[i], part[i], 0.0f, op + " row of " + len);
            }
        }
    }

    @Test
    void specialValues() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        float[] x = {nan, inf, -inf, 0f, -0f, Float.MIN_VALUE, -1f, 200f, -200f};
        float[] y = new float[x.length];
        exp.run(x, 0, y, 0, x.length);
        assertEquals("[NaN, Infinity, 0.0, 1.0, 1.0, 1.0, 0.36787945, Infinity, 0.0]", java.util.Arrays.toString(y));
        log.run(x, 0, y, 0, x.length);
        assertEquals("[NaN, Infinity, NaN, -Infinity, -Infinity, -103.27893, NaN, 5.2983174, NaN]", java.util.Arrays.toString(y));
        tanh.run(x, 0, y, 0, x.length);
        assertEquals("[NaN, 1.0, -1.0, 0.0, -0.0, 1.4E-45, -0.7615942, 1.0, -1.0]", java.util.Arrays.toString(y));
        sigmoid.run(x, 0, y, 0, x.length);
        assertEquals("[NaN, 1.0, 0.0, 0.5, 0.5, 0.5, 0.26894143, 1.0, 0.0]", java.util.Arrays.toString(y));
    }

    /**
     * A small log takes the scalar path (Note [Small calls stay scalar]) and must give the vector loop's bits: every
     * exponent and sign, random mantissas, subnormals, the √½ edge, ±0, ±∞ and NaNs, once through the vector loop (one
     * long row) and once element by element (rows of one).
     */
    @Test
    void smallLogsGiveTheVectorLoopsBits() {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[200_000];
        for (int i = 0; i < x.length; i++) x[i] = Float.intBitsToFloat(r.nextInt());
        float[] special = {0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fa00001), 1f,
                Math.nextUp(1f), Math.nextDown(1f), 0.70710677f, Math.nextUp(0.70710677f), Math.nextDown(0.70710677f), -1f};
        System.arraycopy(special, 0, x, 0, special.length);
        assertTrue(x.length >= VectorMath.SCALAR_LOG_BELOW, "the long row must take the vector loop");
        float[] vector = new float[x.length], scalar = new float[1];
        VectorMath.apply(UnaryOp.LOG, x, 0, 1, vector, 0, 1, x.length);
        for (int i = 0; i < x.length; i++) {
            VectorMath.apply(UnaryOp.LOG, x, i, 1, scalar, 0, 1, 1);
            float in = x[i];
            assertEquals(Float.floatToRawIntBits(vector[i]), Float.floatToRawIntBits(scalar[0]), () -> "log(" + in + ")");
        }
    }
}

