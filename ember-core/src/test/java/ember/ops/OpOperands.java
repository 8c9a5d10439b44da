package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ember.DType;
import ember.Tensor;

/** Operands for tests that run an op along two paths and compare the values bit for bit. */
final class OpOperands {
    private OpOperands() {}

    /** Dense values: floating ones with NaN, signed zeros and negatives mixed in, integers in [-50, 50). */
    static Tensor values(DType dtype, int n, long seed) {
        manualSeed(seed);
        if (!dtype.isFloatingPoint()) return randint(dtype, -50, 50, n);
        Tensor t = randn(dtype, n).mul(3.0);
        if (n > 2) {
            t.set("0", Double.NaN);
            t.set("1", -0.0);
        }
        return t;
    }

    /** The same values as a stride-2 view, which no dense-only path takes. */
    static Tensor strided(Tensor dense) {
        Tensor wide = zeros(dense.dtype(), dense.numel(), 2);
        wide.select(1, 0).copy_(dense);
        return wide.select(1, 0);
    }

    static void assertSameValues(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertArrayEquals(expected.shape(), actual.shape(), what);
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0.0, what);
    }
}
