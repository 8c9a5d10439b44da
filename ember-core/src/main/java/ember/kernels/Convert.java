package ember.kernels;

import ember.storage.Storage;

/**
 * Note [Converting copies]: a copy between storages of different dtypes goes row by row through a small buffer, read
 * with one call of the source's bulk accessor and written with one call of the destination's, so each side's loop is
 * over its own array (element by element through {@link Storage#getDouble} and {@link Storage#setDouble}, calls on six
 * storage classes that the JIT does not inline, a cast of 256×256 took 400–600 µs; PyTorch's about 40). A floating
 * source goes through doubles: integers get the value truncated toward zero and bool "non-zero" (NaN is true), as
 * PyTorch's static_cast. Any other source goes through longs, which hold every integer exactly and round once into a
 * float (through a double, an int64 above 2⁵³ would be rounded twice).
 */
final class Convert {
    /** Elements per buffer: 4 KB of doubles or longs, in L1 between the read and the write. */
    private static final int CHUNK = 512;

    private Convert() {}

    /** dst[p1 + i·s1] = src[p0 + i·s0] converted, for i &lt; n. */
    static void row(Storage src, int p0, int s0, Storage dst, int p1, int s1, int n) {
        if (src.dtype().isFloatingPoint()) {
            double[] buf = new double[Math.min(n, CHUNK)];
            for (int i = 0; i < n; i += CHUNK) {
                int m = Math.min(CHUNK, n - i);
                src.getDoubles(p0 + i * s0, s0, buf, m);
                dst.setDoubles(p1 + i * s1, s1, buf, m);
            }
        } else {
            long[] buf = new long[Math.min(n, CHUNK)];
            for (int i = 0; i < n; i += CHUNK) {
                int m = Math.min(CHUNK, n - i);
                src.getLongs(p0 + i * s0, s0, buf, m);
                dst.setLongs(p1 + i * s1, s1, buf, m);
            }
        }
    }
}
