package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Vector API Box–Muller blocks against the scalar reference, bit for bit, over every uniform the generator can
 * hand them: float32 uniforms are k·2⁻²⁴ for k &lt; 2²⁴, and each one is tried both as a radius and as an angle (the
 * two inputs of a pair go through separate functions, log and sin/cos, before they meet in one product).
 */
class NormalBlocksTest {
    private static final NormalBlocks SCALAR = new NormalBlocks();
    private static final NormalBlocks VECTOR = new VectorNormalBlocks();
    private static final int GRID = 1 << 24, BLOCKS = 4096;

    /** Blocks pairing uniform k with uniform (k·a + c) mod 2²⁴, for every k from {@code first}. */
    private static float[] blocks(int first, int a, int c) {
        float[] d = new float[16 * BLOCKS];
        for (int p = 0; p < 8 * BLOCKS; p++) {
            int k = first + p, block = p / 8, lane = p % 8;
            d[16 * block + lane] = k * 0x1.0p-24f;
            d[16 * block + 8 + lane] = ((k * a + c) & (GRID - 1)) * 0x1.0p-24f;
        }
        return d;
    }

    private static void compare(float[] uniforms, float mean, float std) {
        float[] expected = uniforms.clone(), actual = uniforms.clone();
        SCALAR.float16(expected, 0, BLOCKS, mean, std);
        VECTOR.float16(actual, 0, BLOCKS, mean, std);
        for (int i = 0; i < expected.length; i++)
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                assertEquals(expected[i], actual[i], "normal from uniforms " + uniforms[i - i % 16 + i % 8] + ", "
                        + uniforms[i - i % 16 + i % 8 + 8] + " (element " + i + ")");
    }

    @Test
    void everyUniformAsRadiusAndAsAngleGivesTheScalarBits() {
        for (int first = 0; first < GRID; first += 8 * BLOCKS) {
            compare(blocks(first, 1, 0), 0f, 1f);                  // both the same uniform
            compare(blocks(first, 0x9E3779B9 | 1, 12345), 0f, 1f); // each with a scrambled partner
        }
    }

    @Test
    void meanStdAndAnOffsetIntoTheArrayAgree() {
        float[] d = blocks(GRID - 8 * BLOCKS, 5, 77); // the top of the grid: u near 1, radii near 0
        compare(d, -3.5f, 0.01f);
        compare(d, 1e3f, 250f);
        float[] expected = new float[d.length + 5], actual = new float[d.length + 5];
        System.arraycopy(d, 0, expected, 5, d.length);
        System.arraycopy(d, 0, actual, 5, d.length);
        SCALAR.float16(expected, 5, BLOCKS - 1, 0f, 1f);
        VECTOR.float16(actual, 5, BLOCKS - 1, 0f, 1f);
        for (int i = 0; i < expected.length; i++)
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
    }
}
