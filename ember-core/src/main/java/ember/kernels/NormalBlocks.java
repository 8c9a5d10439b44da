package ember.kernels;

/**
 * The Box–Muller step of PyTorch's {@code normal_fill}: a block of 16 uniforms in [0, 1) becomes 16 normals, element j
 * (j &lt; 8) giving the radius and element j + 8 the angle of a pair, r·cos θ written over j and r·sin θ over j + 8.
 * Which uniforms the blocks hold is the caller's business ({@code ember.ops.NormalFill}). This is the scalar reference;
 * {@link KernelProvider#normalBlocks()} hands out {@code VectorNormalBlocks} when the Vector API is there, which gives
 * the same bits.
 *
 * <p>Float32 follows PyTorch's AVX2 path ({@code normal_fill_16_AVX2}), whose log, sin and cos are the Cephes
 * single-precision approximations of {@code avx_mathfun.h}; they are reproduced here operation for operation,
 * including the multiply-adds GCC fuses into FMA instructions (which ones was found by comparing 4M normals with
 * Debian's torch 1.13: every one matches), so the results are bit-identical to PyTorch on x86-64 CPUs with AVX2. Only
 * IEEE operations are used (no library function), so any implementation performing the same ones agrees.
 *
 * <p>Float64 uses the C library's log, sin and cos in PyTorch and {@link Math}'s here. They disagree in the last bit
 * for about one argument in a thousand (glibc's are not correctly rounded either), so about 0.4% of float64 normals
 * differ from PyTorch's by one ulp.
 */
public class NormalBlocks {
    NormalBlocks() {}

    /** Turns the {@code blocks} blocks of 16 uniforms from {@code d[at]} into N(mean, std²) float32 values. */
    public void float16(float[] d, int at, int blocks, float mean, float std) {
        for (int b = at; b < at + 16 * blocks; b += 16) {
            for (int j = b; j < b + 8; j++) {
                float u1 = 1f - d[j]; // [0, 1) -> (0, 1] for the log
                float radius = (float) Math.sqrt(-2f * cephesLog(u1));
                float theta = TWO_PI * d[j + 8];
                int q = octant(theta);
                float reduced = reduce(theta, q);
                d[j] = Math.fma(radius * cephesCos(reduced, q), std, mean);
                d[j + 8] = Math.fma(radius * cephesSin(theta, reduced, q), std, mean);
            }
        }
    }

    /** Turns the {@code blocks} blocks of 16 uniforms from {@code d[at]} into N(mean, std²) float64 values. */
    public final void double16(double[] d, int at, int blocks, double mean, double std) {
        for (int b = at; b < at + 16 * blocks; b += 16) {
            for (int j = b; j < b + 8; j++) {
                double u1 = 1 - d[j];
                double radius = Math.sqrt(-2 * Math.log(u1));
                double theta = 2.0 * Math.PI * d[j + 8];
                d[j] = Math.fma(radius * Math.cos(theta), std, mean);
                d[j + 8] = Math.fma(radius * Math.sin(theta), std, mean);
            }
        }
    }

    static final float TWO_PI = (float) (2.0 * Math.PI);

    // ---- Cephes single-precision log, sin and cos, as in PyTorch's avx_mathfun.h (after Julien Pommier's
    // sse_mathfun, zlib licence). Coefficients are written as the double literals the C source converts to float. ----

    static final float SQRT_HALF = (float) 0.707106781186547524;
    static final float[] LOG_P = {
        (float) 7.0376836292E-2, (float) -1.1514610310E-1, (float) 1.1676998740E-1, (float) -1.2420140846E-1,
        (float) 1.4249322787E-1, (float) -1.6668057665E-1, (float) 2.0000714765E-1, (float) -2.4999993993E-1,
        (float) 3.3333331174E-1};
    static final float LOG_Q1 = (float) -2.12194440e-4, LOG_Q2 = (float) 0.693359375;

    /**
     * Natural log of a normal float in (0, 1] (the only arguments here): x = m·2^e with m in [√½, √2),
     * log x = e·ln2 + log m, log m by a degree-9 polynomial and ln2 split in two parts.
     */
    private static float cephesLog(float x) {
        int bits = Float.floatToRawIntBits(x);
        float e = (float) ((bits >>> 23) - 0x7f) + 1f;
        float m = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f)); // in [0.5, 1)
        if (m < SQRT_HALF) {
            e -= 1f;
            m = (m - 1f) + m;
        } else {
            m = m - 1f;
        }
        float z = m * m;
        float y = LOG_P[0];
        for (int k = 1; k < LOG_P.length; k++) y = Math.fma(y, m, LOG_P[k]);
        y = Math.fma(y * m, z, e * LOG_Q1);
        y = Math.fma(-z, 0.5f, y);
        return Math.fma(e, LOG_Q2, m + y);
    }

    static final float FOUR_OVER_PI = (float) 1.27323954473516;
    static final float MINUS_DP1 = (float) -0.78515625, MINUS_DP2 = (float) -2.4187564849853515625e-4,
            MINUS_DP3 = (float) -3.77489497744594108e-8;
    static final float SIN_P0 = (float) -1.9515295891E-4, SIN_P1 = (float) 8.3321608736E-3,
            SIN_P2 = (float) -1.6666654611E-1;
    static final float COS_P0 = (float) 2.443315711809948E-005, COS_P1 = (float) -1.388731625493765E-003,
            COS_P2 = (float) 4.166664568298827E-002;

    /** The even octant index j of |x|: (trunc(|x|·4/π) + 1) & ~1, so |x| - j·π/4 lies in [-π/4, π/4]. */
    private static int octant(float x) {
        return ((int) (Math.abs(x) * FOUR_OVER_PI) + 1) & ~1;
    }

    /** |x| - j·π/4 with π/4 split in three parts (Cody–Waite), each product fused into the sum. */
    private static float reduce(float x, int j) {
        float y = j;
        float r = Math.fma(y, MINUS_DP1, Math.abs(x));
        r = Math.fma(y, MINUS_DP2, r);
        return Math.fma(y, MINUS_DP3, r);
    }

    /** cos of the reduced argument r by its polynomial: 1 - r²/2 + r⁴·P(r²). */
    private static float cosPoly(float r) {
        float z = r * r;
        float y = Math.fma(COS_P0, z, COS_P1);
        y = Math.fma(y, z, COS_P2);
        y = Math.fma(y * z, z, -(z * 0.5f));
        return y + 1f;
    }

    /** sin of the reduced argument r by its polynomial: r + r³·P(r²). */
    private static float sinPoly(float r) {
        float z = r * r;
        float y = Math.fma(SIN_P0, z, SIN_P1);
        y = Math.fma(y, z, SIN_P2);
        y = y * z;
        return Math.fma(y, r, r);
    }

    /** sin x from r = |x| - j·π/4: the polynomial j calls for, negated when j mod 8 is 4 or 6 and for a negative x. */
    private static float cephesSin(float x, float r, int j) {
        float v = (j & 2) == 0 ? sinPoly(r) : cosPoly(r);
        boolean negative = (Float.floatToRawIntBits(x) < 0) ^ ((j & 4) != 0);
        return negative ? -v : v;
    }

    /** cos x from r = |x| - j·π/4: the polynomial j calls for, negated when j mod 8 is 2 or 4. */
    private static float cephesCos(float r, int j) {
        float v = (j & 2) == 0 ? cosPoly(r) : sinPoly(r);
        return ((j - 2) & 4) == 0 ? -v : v;
    }
}
