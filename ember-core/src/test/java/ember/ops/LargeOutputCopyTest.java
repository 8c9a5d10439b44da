package ember.ops;

import static ember.Ember.*;
import static ember.ops.OpOperands.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.kernels.BinaryOp;
import ember.kernels.UnaryOp;
import ember.storage.Layout;
import ember.storage.Storage;
import org.junit.jupiter.api.Test;

/**
 * Outputs the JVM would zero-fill, made as copies of an operand and computed in place on the copy or written over it
 * (Note [Large outputs made as copies of an operand] in Elementwise): the same values as the kernels' path into a new
 * output (taken for strided operands), operands left as they were, and the copies made exactly where they should be.
 */
class LargeOutputCopyTest {
    /** Elements of a float32 tensor over the JVM's zero-fill limit (1.2 MB). */
    private static final int N = 300_001;

    /** The same values as a dense view that starts 7 elements into a larger storage. */
    private static Tensor offset(Tensor dense) {
        Tensor longer = zeros(dense.dtype(), dense.numel() + 9);
        longer.narrow(0, 7, dense.numel()).copy_(dense);
        return longer.narrow(0, 7, dense.numel());
    }

    @Test
    void theTestsSizeIsOneTheJvmZeroFills() {
        assertTrue(Storage.zeroFilledWhenMade(DType.FLOAT32, N));
        assertFalse(Storage.zeroFilledWhenMade(DType.FLOAT32, (int) (Storage.ZERO_FILLED_BYTES / 4) - 1));
        assertTrue(Storage.zeroFilledWhenMade(DType.FLOAT64, (int) (Storage.ZERO_FILLED_BYTES / 8)));
    }

    @Test
    void binaryOpsGiveTheKernelsValuesAndLeaveTheirOperands() {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            // integers: no zero divisor, no negative exponent
            Tensor a = values(dtype, N, 1), b = dtype.isFloatingPoint() ? values(dtype, N, 2).add(0.5) : values(dtype, N, 2).abs().add(1L);
            double[] aBefore = a.toDoubleArray(), bBefore = b.toDoubleArray();
            Tensor s = dtype.isFloatingPoint() ? scalar(1.75, dtype) : scalar(3L, dtype);
            for (BinaryOp op : BinaryOp.values()) {
                // in place on the copy (cheap ops) or reading the operands into it (the others)
                if (op.isPredicate() || op == BinaryOp.THRESHOLD_BACKWARD) continue;
                String what = op + " " + dtype;
                Tensor expected = Elementwise.binary(op, strided(a), strided(b));
                assertSameValues(expected, Elementwise.binary(op, a, b), what);
                assertSameValues(expected, Elementwise.binary(op, offset(a), b), what + ", a at an offset");
                assertSameValues(expected, Elementwise.binary(op, strided(a), b), what + ", b copied");
                assertSameValues(Elementwise.binary(op, s, strided(b)), Elementwise.binary(op, s, b), what + ", scalar-tensor");
                assertSameValues(Elementwise.binary(op, strided(a), s), Elementwise.binary(op, a, s), what + ", tensor-scalar");
                assertArrayEquals(aBefore, a.toDoubleArray(), 0.0, what + " wrote into a");
                assertArrayEquals(bBefore, b.toDoubleArray(), 0.0, what + " wrote into b");
            }
            // a broadcast row against a dense matrix: the matrix is copied, on either side
            Tensor m = a.narrow(0, 0, 1000 * 300).reshape(1000, 300), row = b.narrow(0, 0, 300);
            assertSameValues(strided(m.reshape(-1)).reshape(1000, 300).sub(row), m.sub(row), "matrix - row " + dtype);
            assertSameValues(row.sub(strided(m.reshape(-1)).reshape(1000, 300)), row.sub(m), "row - matrix " + dtype);
            assertArrayEquals(aBefore, a.toDoubleArray(), 0.0, "sub wrote into a " + dtype);
        }
    }

    @Test
    void reluBackwardGivesTheKernelsValues() {
        Tensor g = values(DType.FLOAT32, N, 3), y = values(DType.FLOAT32, N, 4).relu();
        Tensor expected = Elementwise.binary(BinaryOp.THRESHOLD_BACKWARD, strided(g), strided(y));
        assertSameValues(expected, Elementwise.binary(BinaryOp.THRESHOLD_BACKWARD, g, y), "threshold_backward");
        assertSameValues(expected, Elementwise.binary(BinaryOp.THRESHOLD_BACKWARD, strided(g), y), "threshold_backward, y copied");
    }

    @Test
    void whereGivesTheKernelsValuesAndLeavesItsOperands() {
        Tensor a = values(DType.FLOAT32, N, 7), b = values(DType.FLOAT32, N, 8), cond = values(DType.FLOAT32, N, 9).gt(0.0);
        double[] aBefore = a.toDoubleArray(), bBefore = b.toDoubleArray();
        Tensor s = scalar(2.5, DType.FLOAT32);
        assertSameValues(Elementwise.where(cond, strided(a), strided(b)), Elementwise.where(cond, a, b), "where");
        assertSameValues(Elementwise.where(cond, strided(a), strided(b)), Elementwise.where(cond, strided(a), b), "where, b copied");
        assertSameValues(Elementwise.where(cond, s, strided(b)), Elementwise.where(cond, s, b), "where, scalar a");
        assertSameValues(strided(a).maskedFill(cond, 3.0), a.maskedFill(cond, 3.0), "maskedFill");
        assertArrayEquals(aBefore, a.toDoubleArray(), 0.0, "where wrote into a");
        assertArrayEquals(bBefore, b.toDoubleArray(), 0.0, "where wrote into b");
    }

    @Test
    void unaryOpsGiveTheKernelsValuesAndLeaveTheirOperand() {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = values(dtype, N, 5);
            double[] before = x.toDoubleArray();
            for (UnaryOp op : UnaryOp.values()) {
                if (op == UnaryOp.LOGICAL_NOT) continue; // a bool output: never a copy
                String what = op + " " + dtype;
                Tensor expected = op == UnaryOp.CLAMP ? strided(x).clamp(-1.0, 2.0) : Elementwise.unary(op, strided(x));
                assertSameValues(expected, op == UnaryOp.CLAMP ? x.clamp(-1.0, 2.0) : Elementwise.unary(op, x), what);
                assertSameValues(expected, op == UnaryOp.CLAMP ? offset(x).clamp(-1.0, 2.0) : Elementwise.unary(op, offset(x)),
                        what + " at an offset");
                assertArrayEquals(before, x.toDoubleArray(), 0.0, what + " wrote into its operand");
            }
        }
    }

    @Test
    void clonesOfDenseViewsAreCopiesOfTheirElements() {
        for (DType dtype : DType.values()) {
            Tensor x = offset(values(dtype == DType.BOOL || dtype == DType.UINT8 ? DType.INT64 : dtype, N, 6)
                    .abs().to(dtype));
            Tensor y = x.clone();
            assertSameValues(x, y, "clone " + dtype);
            assertNotSame(x.storage(), y.storage());
            assertEquals(0, y.storageOffset());
            assertEquals(N, y.storage().size(), "the clone holds its own elements only");
        }
        assertEquals(0, zeros(DType.FLOAT32, 5).narrow(0, 5, 0).clone().numel(), "an empty view at its storage's end");
        // a range past the storage's end is refused, not padded with zeros as Arrays.copyOfRange would
        Storage five = zeros(DType.FLOAT64, 5).storage();
        assertThrows(IndexOutOfBoundsException.class, () -> Storage.copyOf(five, 1, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Storage.copyOf(five, -1, 2));
        assertArrayEquals(new double[]{0, 0}, ((ember.storage.DoubleStorage) Storage.copyOf(five, 3, 2)).data);
    }

    @Test
    void transposedClonesBorrowTheirSourcesArrayOnly() {
        Tensor x = values(DType.FLOAT32, 600 * 500, 10).reshape(600, 500);
        double[] before = x.toDoubleArray();
        Tensor y = x.t().clone();
        double[] expected = new double[before.length];
        for (int i = 0; i < 500; i++) for (int j = 0; j < 600; j++) expected[i * 600 + j] = before[j * 500 + i];
        assertArrayEquals(new int[]{500, 600}, y.shape());
        assertArrayEquals(expected, y.toDoubleArray(), 0.0, "the transpose's clone");
        assertNotSame(x.storage(), y.storage());
        assertArrayEquals(before, x.toDoubleArray(), 0.0, "the clone wrote into its source");
    }

    @Test
    void aDonorLendsAnArrayOnlyWhenItFitsAndTheJvmWouldZeroFill() {
        int large = (int) (Storage.ZERO_FILLED_BYTES / 4);
        Storage donor = ones(DType.FLOAT32, large + 3).storage();
        Storage lent = Storage.allocateForOverwrite(DType.FLOAT32, large, donor);
        assertEquals(DType.FLOAT32, lent.dtype());
        assertEquals(large, lent.size());
        assertNotSame(donor, lent);
        // the tests' poison covers a lent array too (Note [Outputs allocated without zeroing]): an element an op leaves
        // unwritten shows as NaN, not as the donor's value
        assertTrue(Double.isNaN(lent.getDouble(0)) && Double.isNaN(lent.getDouble(large - 1)), "poisoned");
        lent.setDouble(0, 5);
        assertEquals(1.0, donor.getDouble(0), "the donor is not written");
        assertEquals(1.0, donor.getDouble(large - 1), "the donor is not poisoned");
        for (int size : new int[]{large + 4, 1000}) { // donor too small; small enough to skip the zeroing
            Storage s = Storage.allocateForOverwrite(DType.FLOAT32, size, donor);
            assertEquals(size, s.size());
            assertTrue(Double.isNaN(s.getDouble(0)));
        }
        assertEquals(DType.FLOAT64, Storage.allocateForOverwrite(DType.FLOAT64, large / 2, donor).dtype(), "another dtype");
    }

    @Test
    void onlyOperandsThatAreTheOutputAsItStandsAreCopied() {
        Layout out = Layout.contiguous(1000, 300);
        Tensor dense = rand(DType.FLOAT32, 1000, 300);
        Storage copy = Elementwise.copyOfOperand(dense, DType.FLOAT32, out);
        assertNotNull(copy);
        assertNotSame(dense.storage(), copy);
        assertSameValues(dense, Tensor.wrap(copy, out), "the copy");
        assertNull(Elementwise.copyOfOperand(dense, DType.FLOAT64, out), "another dtype");
        assertNull(Elementwise.copyOfOperand(dense.t().contiguous().t(), DType.FLOAT32, out), "column-major");
        assertNull(Elementwise.copyOfOperand(dense.narrow(0, 0, 1), DType.FLOAT32, out), "broadcast");
        assertNull(Elementwise.copyOfOperand(dense.reshape(300, 1000), DType.FLOAT32, out), "another shape");
        Tensor small = rand(DType.FLOAT32, 100, 300);
        assertNull(Elementwise.copyOfOperand(small, DType.FLOAT32, Layout.contiguous(100, 300)), "small enough to skip zeroing");
    }
}
