package ember.ops;

import static ember.Ember.*;
import static ember.ops.OpOperands.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.kernels.BinaryOp;
import ember.kernels.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct path for tiny dense tensors (Note [Tiny tensors]) gives the kernels' values bit for bit: each op is
 * computed once on dense operands (the direct path up to {@link Tiny#MAX} elements) and once on strided views of the
 * same values (always the kernel path), for sizes on both sides of the limit.
 */
class TinyPathTest {
    private static final BinaryOp[] BINARY = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.POW,
        BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.REMAINDER, BinaryOp.FLOOR_DIVIDE, BinaryOp.ATAN2};
    private static final UnaryOp[] UNARY = {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.RELU, UnaryOp.EXP, UnaryOp.LOG,
        UnaryOp.SQRT, UnaryOp.SIN, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.RECIPROCAL, UnaryOp.ROUND};

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 63, 64, 65})
    void binaryOpsMatchTheKernels(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = values(dtype, n, n), b = values(dtype, n, n + 1).add(0.5);
            for (BinaryOp op : BINARY) {
                String what = op + " " + dtype + " n=" + n;
                assertSameValues(Elementwise.binary(op, strided(a), strided(b)), Elementwise.binary(op, a, b), what);
                // a 0-d operand on either side, and a Java number
                Tensor s = scalar(1.75, dtype);
                assertSameValues(Elementwise.binary(op, strided(a), s), Elementwise.binary(op, a, s), what + " tensor-scalar");
                assertSameValues(Elementwise.binary(op, s, strided(b)), Elementwise.binary(op, s, b), what + " scalar-tensor");
                assertSameValues(Elementwise.binaryScalar(op, strided(a), 1.75, false), Elementwise.binaryScalar(op, a, 1.75, false),
                        what + " number");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 64, 65})
    void inPlaceOpsMatchTheKernels(int n) {
        for (BinaryOp op : new BinaryOp[]{BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            Tensor a = values(DType.FLOAT32, n, n), b = values(DType.FLOAT32, n, 2 * n);
            Tensor viaKernel = strided(a);
            Elementwise.binaryInPlace(op, viaKernel, strided(b));
            int before = a.version();
            Elementwise.binaryInPlace(op, a, b);
            assertSameValues(viaKernel, a, op + " n=" + n);
            assertEquals(before + 1, a.version(), "an in-place op bumps the version");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 64, 65})
    void unaryOpsMatchTheKernels(int n) {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = values(dtype, n, 3L * n);
            for (UnaryOp op : UNARY)
                assertSameValues(Elementwise.unary(op, strided(a)), Elementwise.unary(op, a), op + " " + dtype + " n=" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 64, 65})
    void dotFillAndCloneMatchTheKernels(int n) {
        Tensor a = values(DType.FLOAT64, n, 5), b = values(DType.FLOAT64, n, 6);
        if (n > 0) a.set("0", 0.25); // no NaN: the sum must be comparable
        assertSameValues(strided(a).dot(strided(b)), a.dot(b), "dot n=" + n);
        assertSameValues(strided(a).clone(), a.clone(), "clone n=" + n);
        Tensor filled = a.clone().fill_(-2.5);
        assertSameValues(full(new int[]{n}, -2.5).toDouble(), filled, "fill n=" + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void resultsOwnTheirStorage(int n) {
        Tensor a = arange(n * 1.0), b = arange(n * 1.0);
        Tensor c = a.add(b);
        assertNotSame(a.storage(), c.storage());
        assertArrayEquals(a.shape(), c.shape());
        c.add_(1.0);
        assertArrayEquals(arange(n * 1.0).toFloatArray(), a.toFloatArray(), "writing the result leaves the operand alone");
    }
}
