package ember;

/**
 * A seeded source of random numbers (PyTorch's CPU {@code torch.Generator}): a 32-bit Mersenne Twister (mt19937), so
 * the same seed gives the same numbers on every run and platform. The global one is reset by
 * {@link Ember#manualSeed(long)}.
 */
public final class Generator {
    private static final int N = 624, M = 397;
    private static final Generator DEFAULT = new Generator(67280421310721L); // PyTorch's default_rng_seed_val

    private final int[] mt = new int[N];
    private int index;
    private long seed;
    /** Box–Muller makes normals in pairs; the second one is kept for the next scalar draw (PyTorch caches it too). */
    private double nextNormal;
    private boolean hasNextNormal;

    public Generator(long seed) { manualSeed(seed); }

    /** The generator used when none is passed. */
    public static Generator global() { return DEFAULT; }

    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
        hasNextNormal = false;
        return this;
    }

    public long initialSeed() { return seed; }

    /** The next 32 random bits (unsigned, in a long). */
    public synchronized long nextUInt32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    /** 64 random bits from two 32-bit draws (high word first... as PyTorch's random64: low draw first). */
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

    /** Uniform in [0, 1) with 24 random bits, as PyTorch draws float32 values. */
    public double nextFloat() { return (nextUInt32() & ((1 << 24) - 1)) * 0x1.0p-24; }

    /** Uniform in [0, 1) with 53 random bits, as PyTorch draws float64 values. */
    public double nextDouble() { return (nextUInt64() & ((1L << 53) - 1)) * 0x1.0p-53; }

    /** A standard normal sample (Box–Muller). */
    public synchronized double nextGaussian() {
        if (hasNextNormal) {
            hasNextNormal = false;
            return nextNormal;
        }
        double u1 = nextDouble(), u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log1p(-u2));
        double theta = 2 * Math.PI * u1;
        nextNormal = r * Math.sin(theta);
        hasNextNormal = true;
        return r * Math.cos(theta);
    }

    /** Uniform integer in [0, n). */
    public long nextLong(long n) {
        if (n <= 0) throw new IllegalArgumentException("bound must be positive, got " + n);
        if (n <= (1L << 32)) return nextUInt32() % n;
        return Long.remainderUnsigned(nextUInt64(), n);
    }
}
