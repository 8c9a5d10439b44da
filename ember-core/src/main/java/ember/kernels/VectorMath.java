package ember.kernels;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 exp, log, tanh and sigmoid on whole rows with the Vector API. {@code FloatVector.lanewise(EXP)} is no help
 * here: on JDK 25 it falls back to {@code Math.exp} lane by lane (about 8 ns per element, measured), while these
 * polynomials take about 0.5 ns. They are Cephes' single-precision approximations (range reduction by ln 2, minimax
 * polynomials), with the IEEE special cases (NaN, ±∞, 0, subnormals) handled explicitly.
 *
 * <p>Accuracy against the correctly rounded result ({@code (float) Math.exp((double) x)}, the scalar reference): exp
 * and log within 1 ulp, tanh and sigmoid within 2 ulp (VectorMathTest sweeps them). PyTorch's CPU kernels (SLEEF, 1 ulp)
 * are no closer to the exact value, so results agree with PyTorch's far inside the rtol 2e-5 the golden tests use.
 *
 * <p>The arithmetic sits inside the loops themselves: C2 inlines a helper that takes or returns vectors only up to 325
 * bytecodes (and not at all once the helper is compiled on its own into a big method), and a helper it does not inline
 * boxes every vector, tens of times slower. For the same reason the constants are locals hoisted before each loop.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer, which then sits in the low bits. */
    private static final float ROUNDER = 12582912f;

    private static FloatVector k(float value) { return FloatVector.broadcast(F, value); }

    /** True for the functions {@link #apply} computes. */
    static boolean covers(UnaryOp op) {
        return op == UnaryOp.EXP || op == UnaryOp.LOG || op == UnaryOp.TANH || op == UnaryOp.SIGMOID;
    }

    /**
     * y[yo + i·ys] = op(x[xo + i·xs]) for i &lt; n. Every element goes through the same vector code whatever its layout
     * or position in the row (a strided row is gathered into a buffer, the last partial vector padded), so a result
     * never depends on where its input sits: a strided view gives exactly what its contiguous copy gives.
     */
    static void apply(UnaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, int n) {
        int fn = op == UnaryOp.EXP ? EXP : op == UnaryOp.SIGMOID ? SIGMOID : op == UnaryOp.TANH ? TANH : LOG;
        if (fn == LOG && n < SCALAR_LOG_BELOW) { // Note [Small calls stay scalar]
            for (int i = 0; i < n; i++) y[yo + i * ys] = log(x[xo + i * xs]);
            return;
        }
        if (xs == 1 && ys == 1) {
            int full = F.loopBound(n);
            vectors(fn, x, xo, y, yo, full);
            if (full < n) {
                float[] pad = new float[F.length()];
                System.arraycopy(x, xo + full, pad, 0, n - full);
                vectors(fn, pad, 0, pad, 0, pad.length);
                System.arraycopy(pad, 0, y, yo + full, n - full);
            }
            return;
        }
        float[] buffer = new float[Math.min(n, 1024) + F.length()];
        for (int start = 0; start < n; start += 1024) {
            int len = Math.min(1024, n - start);
            for (int i = 0; i < len; i++) buffer[i] = x[xo + (start + i) * xs];
            apply(op, buffer, 0, 1, buffer, 0, 1, len);
            for (int i = 0; i < len; i++) y[yo + (start + i) * ys] = buffer[i];
        }
    }

    /** Whole vectors only: n is a multiple of the lane count. */
    private static void vectors(int fn, float[] x, int xo, float[] y, int yo, int n) {
        if (fn == LOG) log(x, xo, y, yo, n);
        else expFamily(fn, x, xo, y, yo, n);
    }

    private static final int EXP = 0, SIGMOID = 1, TANH = 2, LOG = 3;

    /*
     * Note [Small calls stay scalar]
     * Vector code is fast only once C2 has compiled it: interpreted or compiled by C1, every vector operation is an
     * object, some fifty times slower. Code that runs once per training step on a few vectors reaches C2 late, its
     * counters growing slowly while the one C2 thread is busy with larger methods for many epochs: in softmax
     * regression the log of a log-softmax's 256 row sums (one call per batch) was compiled by C2 only after 5.6 s,
     * some fifteen epochs, and until then the log-softmax took 54-125 µs a batch instead of about 10. So a log of
     * fewer than SCALAR_LOG_BELOW elements runs {@link #log(float)}, the same operations one float at a time (Math.fma
     * for each vector fma): the same bits as the vector loop, and code C1 compiles well; hot, it costs about a
     * microsecond more at this size. The exp family keeps its vectors: the book runs it over whole blocks of thousands
     * of elements, which reach C2 within the first epochs.
     */
    static final int SCALAR_LOG_BELOW = 512;

    /*
     * Note [One scale factor in the normal range]
     * eᵗ = eʳ·2ᵏ needs 2ᵏ as a float. For t in [−87, 88], k is in [−126, 127] and 2ᵏ is one normal float built from k's
     * bits; beyond that (subnormal results, overflow to ∞) it takes two factors 2^(k/2), and t must first be clamped so
     * that k stays in [−150, 128]. A vector with every lane inside takes the first way, any other the second; both give
     * the same bits where both apply (the first factor of two is exact). Clamping with Java's max and min costs several
     * instructions each (they order NaN and −0 as the x86 instructions do not); the clamp here is a compare and a blend.
     * The two changes took exp's loop from 19–25 cycles per vector of 16 floats (by the inputs) to 12 (Zen 5).
     */

    /**
     * The functions built on eᵗ, one loop so the exponential is written once: t = x, −x or 2|x| by {@code fn}; eᵗ as
     * t = k·ln 2 + r, |r| ≤ ln 2 / 2, eʳ by a degree-7 polynomial, 2ᵏ applied as one factor or, for a vector with a
     * lane outside [−87, 88], as two factors 2^(k/2) (each a normal float for k in [−150, 128], so subnormal results
     * and ∞ come out right; Note [One scale factor in the normal range]); then the function's own finish:
     * sigmoid = 1 / (1 + e⁻ˣ) (as PyTorch's vectorised sigmoid), tanh = sign(x)·(1 − 2 / (e^{2|x|} + 1)), or
     * x + x³·P(x²) for |x| ≤ 0.625 where that would cancel; ±0 stays ±0.
     */
    private static void expFamily(int fn, float[] x, int xo, float[] y, int yo, int n) {
        // constants as locals: C2 inlines in bytecode order and stops at a node budget; a broadcast it then fails to
        // inline deep in this loop would be a boxed vector
        FloatVector one = k(1f), two = k(2f), ln2Hi = k(-0.693359375f), ln2Lo = k(2.12194440e-4f);
        FloatVector e3 = k(8.3334519073e-3f), e4 = k(4.1665795894e-2f), e5 = k(1.6666665459e-1f), e6 = k(5.0000001201e-1f);
        FloatVector t2 = k(-5.37397155531e-2f), t3 = k(1.33314422036e-1f), t4 = k(-3.33332819422e-1f);
        FloatVector low = k(-104f), high = k(89f);
        int i = 0;
        for (; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector t = fn == EXP ? v : fn == SIGMOID ? v.neg() : v.abs().mul(two);
            // Note [One scale factor in the normal range]
            boolean normal = !t.compare(LT, -87f).or(t.compare(GT, 88f)).anyTrue();
            if (!normal) { // beyond these eᵗ rounds to 0 or overflows to ∞ anyway; NaN stays NaN
                t = t.blend(low, t.compare(LT, low));
                t = t.blend(high, t.compare(GT, high));
            }
            FloatVector rounded = t.fma(1.44269504088896341f, ROUNDER);
            FloatVector kf = rounded.sub(ROUNDER);
            IntVector ki = rounded.reinterpretAsInts().sub(0x4B400000);
            FloatVector r = kf.fma(ln2Hi, t); // ln 2 in two parts (Cody–Waite): r stays exact
            r = kf.fma(ln2Lo, r);
            FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, e3).fma(r, e4).fma(r, e5).fma(r, e6);
            FloatVector e = p.fma(r.mul(r), r).add(one);
            if (normal) {
                e = e.mul(ki.add(127).lanewise(LSHL, 23).reinterpretAsFloats());
            } else {
                IntVector k1 = ki.lanewise(ASHR, 1), k2 = ki.sub(k1);
                e = e.mul(k1.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
                        .mul(k2.add(127).lanewise(LSHL, 23).reinterpretAsFloats());
            }
            FloatVector out;
            if (fn == EXP) {
                out = e;
            } else if (fn == SIGMOID) {
                out = one.div(e.add(one));
            } else {
                FloatVector large = one.sub(two.div(e.add(one)));
                large = large.blend(large.neg(), v.compare(LT, 0f));
                FloatVector s = v.mul(v);
                FloatVector small = s.fma(-5.70498872745e-3f, 2.06390887954e-2f).fma(s, t2).fma(s, t3).fma(s, t4)
                        .mul(s).fma(v, v);
                out = large.blend(small, v.abs().compare(GT, 0.625f).not()).blend(v, v.compare(EQ, 0f)); // ±0 stays ±0
            }
            out.intoArray(y, yo + i);
        }
    }

    /**
     * The log's constants, shared by the vector loop and its one-float twin (compile-time constants, so the loop's
     * bytecode is what literals would give): the polynomial's coefficients from the highest power down, ln 2 in two
     * parts (Cody–Waite), and √½, below which m is doubled.
     */
    private static final float LOG_C9 = 7.0376836292e-2f, LOG_C8 = -1.1514610310e-1f, LOG_C7 = 1.1676998740e-1f,
            LOG_C6 = -1.2420140846e-1f, LOG_C5 = 1.4249322787e-1f, LOG_C4 = -1.6668057665e-1f, LOG_C3 = 2.0000714765e-1f,
            LOG_C2 = -2.4999993993e-1f, LOG_C1 = 3.3333331174e-1f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f,
            SQRT_HALF = 0.707106781186547524f;

    /** {@link #log(float[], int, float[], int, int)} for one float: the same operations in the same order. */
    static float log(float v) {
        boolean tiny = v < 0x1p-126f;
        int bits = Float.floatToRawIntBits(tiny ? v * 0x1p23f : v);
        float e = Float.intBitsToFloat((bits >>> 23) & 0xff | 0x4B000000) - (8388608f + 126f);
        if (tiny) e = e - 23f;
        float m = Float.intBitsToFloat(bits & 0x807fffff | 0x3f000000);
        boolean low = m < SQRT_HALF;
        if (low) e = e - 1f;
        float f = (low ? m + m : m) - 1f;
        float z = f * f;
        float q = Math.fma(f, LOG_C9, LOG_C8);
        q = Math.fma(q, f, LOG_C7);
        q = Math.fma(q, f, LOG_C6);
        q = Math.fma(q, f, LOG_C5);
        q = Math.fma(q, f, LOG_C4);
        q = Math.fma(q, f, LOG_C3);
        q = Math.fma(q, f, LOG_C2);
        q = Math.fma(q, f, LOG_C1);
        q = q * f * z;
        q = Math.fma(z, -0.5f, Math.fma(e, LN2_LO, q));
        float r = Math.fma(e, LN2_HI, f + q);
        if (!(v >= 0f)) r = Float.NaN;
        if (v == 0f) r = Float.NEGATIVE_INFINITY;
        if (v == Float.POSITIVE_INFINITY) r = Float.POSITIVE_INFINITY;
        return r;
    }

    /**
     * Natural log: x = m·2ᵉ with m in [√½, √2), ln x = e·ln 2 + ln m, ln m by a degree-9 polynomial in m − 1.
     * Subnormals are scaled by 2²³ first; x &lt; 0 and NaN give NaN, ±0 gives −∞, +∞ gives +∞.
     */
    private static void log(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector p2 = k(LOG_C7), p3 = k(LOG_C6), p4 = k(LOG_C5);
        FloatVector p5 = k(LOG_C4), p6 = k(LOG_C3), p7 = k(LOG_C2);
        FloatVector p8 = k(LOG_C1), ln2Lo = k(LN2_LO), half = k(-0.5f), ln2Hi = k(LN2_HI);
        int i = 0;
        for (; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMask<Float> tiny = v.compare(LT, 0x1p-126f);
            IntVector bits = v.blend(v.mul(0x1p23f), tiny).reinterpretAsInts();
            // the biased exponent as a float, exactly: (2²³ + e) reinterpreted, minus 2²³
            FloatVector e = bits.lanewise(LSHR, 23).and(0xff).or(0x4B000000).reinterpretAsFloats().sub(8388608f + 126f);
            e = e.blend(e.sub(23f), tiny);
            FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // in [½, 1)
            VectorMask<Float> low = m.compare(LT, SQRT_HALF); // below √½: use 2m − 1 and e − 1
            e = e.blend(e.sub(1f), low);
            FloatVector f = m.blend(m.add(m), low).sub(1f);
            FloatVector z = f.mul(f);
            FloatVector q = f.fma(LOG_C9, LOG_C8).fma(f, p2).fma(f, p3).fma(f, p4).fma(f, p5)
                    .fma(f, p6).fma(f, p7).fma(f, p8).mul(f).mul(z);
            q = z.fma(half, e.fma(ln2Lo, q));
            FloatVector r = e.fma(ln2Hi, f.add(q));
            r = r.blend(Float.NaN, v.compare(GE, 0f).not());
            r = r.blend(Float.NEGATIVE_INFINITY, v.compare(EQ, 0f));
            r.blend(Float.POSITIVE_INFINITY, v.compare(EQ, Float.POSITIVE_INFINITY)).intoArray(y, yo + i);
        }
    }
}
