package ember;

import java.util.Objects;

/**
 * A seeded source of random numbers, PyTorch's CPU {@code torch.Generator}: a 32-bit Mersenne Twister (mt19937)
 * seeded with the low 32 bits of the seed, drawn from exactly as PyTorch's {@code CPUGeneratorImpl} does, so that
 * {@code manualSeed(s)} followed by the same calls gives the same numbers as {@code torch.manual_seed(s)} in PyTorch.
 * The global one is reset by {@link Ember#manualSeed(long)}; a {@code new Generator(seed)} is independent of it.
 */
public final class Generator {
    private static final int N = 624, M = 397;
    /** PyTorch's {@code default_rng_seed_val}: what the global generator holds before any manual seed. */
    private static final long DEFAULT_SEED = 67280421310721L;
    private static final Generator GLOBAL = new Generator(DEFAULT_SEED);

    private final int[] mt = new int[N];
    private int index;
    private long seed;
    /**
     * The second normal of the last Box–Muller pair, kept for the next scalar draw as PyTorch's
     * {@code next_double_normal_sample} is; {@link #manualSeed} forgets it.
     */
    private double cachedNormal;
    private boolean hasCachedNormal;

    public Generator(long seed) { manualSeed(seed); }

    /** The generator used when none is passed. */
    public static Generator global() { return GLOBAL; }

    /** Restarts the sequence: mt19937 seeded with the seed's low 32 bits, and no cached normal. */
    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
        hasCachedNormal = false;
        return this;
    }

    /** The seed last given (PyTorch prints it as an unsigned 64-bit number; this is the same bits as a long). */
    public synchronized long initialSeed() { return seed; }

    /** The next 32 random bits as an unsigned value (PyTorch's {@code random()}). */
    public synchronized long nextUInt32() { return draw32() & 0xFFFFFFFFL; }

    /** 64 random bits from two 32-bit draws, the first one high (PyTorch's {@code random64()}). */
    public synchronized long nextUInt64() { return draw64(); }

    /** Uniform in [0, 1) from the low 24 bits of one 32-bit draw: PyTorch's float32 {@code uniform_real_distribution}. */
    public synchronized float nextFloat() { return uniformFloat(draw32()); }

    /** Uniform in [0, 1) from the low 53 bits of a 64-bit draw: PyTorch's float64 {@code uniform_real_distribution}. */
    public synchronized double nextDouble() { return uniformDouble(draw64()); }

    /**
     * A standard normal sample as PyTorch's {@code normal_distribution<double>} draws it: Box–Muller on two float64
     * uniforms, u1 giving the angle and u2 the radius, returning r·cos θ and caching r·sin θ for the next call.
     * (PyTorch takes log, sin and cos from the C library; {@link Math}'s differ from glibc's in the last bit for about
     * one argument in a thousand, which a float32 result never shows but a float64 one occasionally does.)
     */
    public synchronized double nextGaussian() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u1 = uniformDouble(draw64()), u2 = uniformDouble(draw64());
        double r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormal = r * Math.sin(theta);
        hasCachedNormal = true;
        return r * Math.cos(theta);
    }

    /**
     * Uniform integer in [0, range) as PyTorch's {@code random_from_to} draws it: {@code random() % range} from one
     * 32-bit draw when the range is below 2^32, else {@code random64() % range}. The range is read as unsigned, so the
     * whole int64 span (2^64 - 1, passed as -1) is allowed.
     */
    public synchronized long nextLong(long range) {
        if (range == 0) throw new IllegalArgumentException("range must be positive");
        if (Long.compareUnsigned(range, 1L << 32) >= 0) return Long.remainderUnsigned(draw64(), range);
        return (draw32() & 0xFFFFFFFFL) % range;
    }

    // ---- many draws at once: what as many calls of the one-draw methods give, with one lock and no call per element.
    // The words are taken in runs: the rest of the state, then a twist and up to N words at a time, each run one loop
    // the JIT vectorises. (The twist stays out of any condition: written as "if (index >= N) twist();" before each
    // run, the JIT vectorised less whenever it inlined the twist there, and the loop took 3 to 4 times as long.) ----

    /** {@code dst[off, off + n)} = n calls of {@link #nextFloat}. */
    public synchronized void nextFloats(float[] dst, int off, int n) {
        Objects.checkFromIndexSize(off, n, dst.length); // before any draw: a refused call leaves the state as it was
        int count = Math.min(n, N - index);
        floats(index, dst, off, count);
        index += count;
        for (int done = count; done < n; done += count) {
            twist();
            count = Math.min(n - done, N);
            floats(0, dst, off + done, count);
            index = count;
        }
    }

    private void floats(int from, float[] dst, int off, int count) {
        for (int i = 0; i < count; i++) dst[off + i] = uniformFloat(temper(mt[from + i]));
    }

    /** {@code dst[off, off + n)} = n calls of {@link #nextDouble}. */
    public synchronized void nextDoubles(double[] dst, int off, int n) {
        Objects.checkFromIndexSize(off, n, dst.length); // before any draw: a refused call leaves the state as it was
        int end = off + n;
        while (off < end) {
            int count = Math.min(end - off, (N - index) / 2); // the values whose two words are both in the state
            for (int i = 0, from = index; i < count; i++)
                dst[off + i] = uniformDouble(bits64(temper(mt[from + 2 * i]), temper(mt[from + 2 * i + 1])));
            index += 2 * count;
            off += count;
            if (off < end) dst[off++] = uniformDouble(draw64()); // across the twist
        }
    }

    /** {@code dst[off, off + n)} = n calls of {@link #nextGaussian}, the cached sample first if there is one. */
    public synchronized void nextGaussians(double[] dst, int off, int n) {
        Objects.checkFromIndexSize(off, n, dst.length); // before any draw: a refused call leaves the state as it was
        int end = off + n;
        if (off < end && hasCachedNormal) dst[off++] = nextGaussian();
        for (; off + 2 <= end; off += 2) {
            double u1 = uniformDouble(draw64()), u2 = uniformDouble(draw64());
            double r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
            double theta = 2.0 * Math.PI * u1;
            dst[off] = r * Math.cos(theta);
            dst[off + 1] = r * Math.sin(theta);
        }
        if (off < end) dst[off] = nextGaussian();
    }

    /** {@code dst[off, off + n)} = n calls of {@link #nextLong}. */
    public synchronized void nextLongs(long[] dst, int off, int n, long range) {
        Objects.checkFromIndexSize(off, n, dst.length);
        if (range == 0) throw new IllegalArgumentException("range must be positive");
        if (Long.compareUnsigned(range, 1L << 32) >= 0) {
            for (int i = 0; i < n; i++) dst[off + i] = Long.remainderUnsigned(draw64(), range);
            return;
        }
        long c = Long.divideUnsigned(-1L, range) + 1;
        int count = Math.min(n, N - index);
        remainders(index, dst, off, count, c, range);
        index += count;
        for (int done = count; done < n; done += count) {
            twist();
            count = Math.min(n - done, N);
            remainders(0, dst, off + done, count, c, range);
            index = count;
        }
    }

    /**
     * Each word % range without dividing (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019):
     * with c = ceil(2^64 / range), the remainder is the high word of (c·word mod 2^64)·range, exact for every 32-bit
     * word and range; c wraps to 0 for a range of 1, giving 0.
     */
    private void remainders(int from, long[] dst, int off, int count, long c, long range) {
        for (int i = 0; i < count; i++)
            dst[off + i] = Math.unsignedMultiplyHigh(c * (temper(mt[from + i]) & 0xFFFFFFFFL), range);
    }

    // ---- mt19937 ----

    private int draw32() {
        if (index >= N) twist();
        return temper(mt[index++]);
    }

    private long draw64() {
        int hi = draw32();
        return bits64(hi, draw32());
    }

    private static long bits64(int hi, int lo) { return ((long) hi << 32) | (lo & 0xFFFFFFFFL); }

    private static float uniformFloat(int bits) { return (bits & ((1 << 24) - 1)) * 0x1.0p-24f; }

    private static double uniformDouble(long bits) { return (bits & ((1L << 53) - 1)) * 0x1.0p-53; }

    /** mt19937's output function: the state word with its bits mixed. */
    private static int temper(int y) {
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >>> 18);
    }

    /**
     * The next state, word i from words i, i + 1 and i + M (mod N), those before i already renewed: three loops
     * rather than one with {@code % N}, so that none divides, over a local copy of the array reference, which lets the
     * JIT vectorise them (about 4x faster than over the field).
     */
    private void twist() {
        int[] s = mt;
        for (int i = 0; i < N - M; i++) s[i] = renew(s[i], s[i + 1], s[i + M]);
        for (int i = N - M; i < N - 1; i++) s[i] = renew(s[i], s[i + 1], s[i + M - N]);
        s[N - 1] = renew(s[N - 1], s[0], s[M - 1]);
        index = 0;
    }

    /** The new word: the top bit of one word and the rest of the next, shifted, then xored with the far word (and
     * mt19937's matrix when the low bit is set, a mask made by shifting that bit to the top and back). */
    private static int renew(int word, int next, int far) {
        int y = (word & 0x80000000) | (next & 0x7fffffff);
        return far ^ (y >>> 1) ^ ((y << 31 >> 31) & 0x9908b0df);
    }
}
