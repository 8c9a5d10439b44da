package ember;

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
    public synchronized long nextUInt32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    /** 64 random bits from two 32-bit draws, the first one high (PyTorch's {@code random64()}). */
    public synchronized long nextUInt64() {
        long hi = nextUInt32(), lo = nextUInt32();
        return (hi << 32) | lo;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) v ^= 0x9908b0df;
            mt[i] = v;
        }
        index = 0;
    }

    /** Uniform in [0, 1) from the low 24 bits of one 32-bit draw: PyTorch's float32 {@code uniform_real_distribution}. */
    public float nextFloat() { return (nextUInt32() & ((1 << 24) - 1)) * 0x1.0p-24f; }

    /** Uniform in [0, 1) from the low 53 bits of a 64-bit draw: PyTorch's float64 {@code uniform_real_distribution}. */
    public double nextDouble() { return (nextUInt64() & ((1L << 53) - 1)) * 0x1.0p-53; }

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
        double u1 = nextDouble(), u2 = nextDouble();
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
        if (Long.compareUnsigned(range, 1L << 32) >= 0) return Long.remainderUnsigned(nextUInt64(), range);
        return nextUInt32() % range;
    }
}
