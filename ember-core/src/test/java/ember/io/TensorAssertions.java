package ember.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ember.Tensor;
import java.util.Arrays;

/** Exact comparison of tensors (dtype, shape, every element) without the reductions, which other tests cover. */
public final class TensorAssertions {
    private TensorAssertions() {}

    public static void assertTensorEquals(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape " + Arrays.toString(actual.shape()));
        if (expected.dtype().isFloatingPoint())
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), () -> "values of " + actual);
        else
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), () -> "values of " + actual);
    }
}
