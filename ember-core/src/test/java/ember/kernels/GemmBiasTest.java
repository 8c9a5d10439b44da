package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ember.DType;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * gemmBias (a linear layer's x·Wᵀ + b) gives the bits of the bias copied into C and the product added onto it, on
 * every path of the product: a direct small one, dot products, a few rows, one strip with B packed or read in place,
 * several strips; partial tiles, a transposed C, a strided bias, no k at all (Note [The bias written tile by tile]); and a
 * bias that is not a row, which takes the default copy.
 */
class GemmBiasTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    private static Storage random(DType dtype, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = Storage.allocate(dtype, n);
        for (int i = 0; i < n; i++) s.setDouble(i, r.nextDouble(-2, 2));
        return s;
    }

    @ParameterizedTest(name = "{0}x{1}·{1}x{2}, B transposed {3}, C transposed {4}, bias stride {5}")
    @CsvSource({
        "3, 4, 5, false, false, 1",      // direct
        "256, 784, 10, true, false, 1",  // dot products (x·Wᵀ, few columns)
        "10, 256, 100, false, false, 1", // a few rows
        "256, 784, 256, true, false, 1", // one strip, B packed (the MLP's first layer)
        "37, 100, 131, false, false, 1", // one strip, B read in place; partial tiles
        "37, 300, 131, true, false, 3",  // one strip, a strided bias
        "61, 90, 77, false, true, 1",    // C transposed: the tiles merged
        "40, 1024, 700, false, false, 1", // several strips
        "40, 1024, 700, true, false, 2",
        "9, 0, 33, false, false, 1"      // no k: C is the bias
    })
    void theBiasWrittenAsTheProductGoesGivesTheBitsOfTheBiasWrittenFirst(int m, int k, int n, boolean bTransposed,
                                                                         boolean cTransposed, int biasStride) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Storage a = random(dtype, m * k, 1), b = random(dtype, k * n, 2), bias = random(dtype, Math.max(m, n) * biasStride, 3);
            Layout aL = Layout.contiguous(m, k);
            Layout bL = bTransposed ? new Layout(new int[]{k, n}, new int[]{1, k}, 0) : Layout.contiguous(k, n);
            Layout cL = cTransposed ? new Layout(new int[]{m, n}, new int[]{1, m}, 0) : Layout.contiguous(m, n);
            // a row of n values down the rows (a linear layer's, written tile by tile), and a column of m values across
            // the columns (copied first, the default)
            for (Layout biasL : new Layout[]{new Layout(new int[]{n}, new int[]{biasStride}, 0).expand(cL.shape()),
                    new Layout(new int[]{m, n}, new int[]{biasStride, 0}, 0)})
                for (Kernels provider : new Kernels[]{VECTOR, SCALAR}) {
                    Storage expected = Storage.allocate(dtype, m * n), actual = Storage.allocate(dtype, m * n);
                    provider.copy(bias, biasL, expected, cL);
                    provider.gemm(a, aL, b, bL, expected, cL, true);
                    provider.gemmBias(a, aL, b, bL, bias, biasL, actual, cL);
                    for (int i = 0; i < m * n; i++)
                        assertEquals(Double.doubleToRawLongBits(expected.getDouble(i)), Double.doubleToRawLongBits(actual.getDouble(i)),
                                provider.name() + " " + dtype + " " + biasL + " element " + i + ": " + actual.getDouble(i)
                                        + ", expected " + expected.getDouble(i));
                }
        }
    }
}
