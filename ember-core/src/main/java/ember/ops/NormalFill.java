package ember.ops;

import ember.Generator;
import ember.kernels.KernelProvider;
import ember.kernels.NormalBlocks;

/**
 * PyTorch's {@code normal_fill}: how its CPU kernel fills a contiguous tensor of 16 or more elements with normals.
 * Every element first gets a uniform; then each block of 16 turns into 16 normals by Box–Muller ({@link NormalBlocks}:
 * element j gives the radius and element j + 8 the angle); when the size is not a multiple of 16 the last 16 elements
 * get fresh uniforms and are transformed again, overlapping the previous block.
 */
final class NormalFill {
    private static final NormalBlocks BLOCKS = KernelProvider.normalBlocks();

    private NormalFill() {}

    /** Fills {@code data[off, off + n)} (n >= 16) with N(mean, std²) float32 values. */
    static void fillFloat(float[] data, int off, int n, float mean, float std, Generator g) {
        g.nextFloats(data, off, n);
        BLOCKS.float16(data, off, n / 16, mean, std);
        if (n % 16 != 0) {
            int tail = off + n - 16;
            g.nextFloats(data, tail, 16);
            BLOCKS.float16(data, tail, 1, mean, std);
        }
    }

    /** Fills {@code data[off, off + n)} (n >= 16) with N(mean, std²) float64 values. */
    static void fillDouble(double[] data, int off, int n, double mean, double std, Generator g) {
        g.nextDoubles(data, off, n);
        BLOCKS.double16(data, off, n / 16, mean, std);
        if (n % 16 != 0) {
            int tail = off + n - 16;
            g.nextDoubles(data, tail, 16);
            BLOCKS.double16(data, tail, 1, mean, std);
        }
    }
}
