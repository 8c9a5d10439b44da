package ember;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bullets of the week-1 notes that need {@code torch.matmul} / {@code torch.dot} (see {@link SeedNotesTest} for
 * the rest). Every expected value was printed by {@code /usr/bin/python3} with torch 1.13; the Python line is beside it.
 *
 * <p>{@code LinearAlgebra} is written in parallel with this test: until it lands these tests are skipped (not
 * failed); from then on they run like any other.
 */
class SeedNotesMatmulTest {

    @BeforeEach
    void linearAlgebraIsAvailable() {
        boolean available;
        try {
            tensor(1.).dot(tensor(1.));
            available = true;
        } catch (UnsupportedOperationException notYet) {
            available = false;
        }
        assumeTrue(available, "LinearAlgebra (dot/matmul) is not implemented yet");
    }

    static double[] values(Tensor t) { return t.toDoubleArray(); }

    /** "torch中的向量": {@code torch.dot(x, y) == torch.dot(y, x)  # tensor(True)} — a 1-D tensor is neither a row nor a column. */
    @Test
    void dotIsSymmetricAndKeepsIntegers() {
        Tensor x = arange(3), y = arange(3);
        Tensor xy = dot(x, y), yx = dot(y, x);
        // torch.dot(torch.arange(3), torch.arange(3)) -> tensor(new long[]{5}): 0·0 + 1·1 + 2·2, int64, 0-d
        assertEquals(DType.INT64, xy.dtype());
        assertArrayEquals(new int[]{}, xy.shape());
        assertEquals(5, xy.itemLong());
        // torch.dot(x, y) == torch.dot(y, x) -> tensor(True)
        Tensor same = xy.eq(yx);
        assertEquals(DType.BOOL, same.dtype());
        assertTrue(same.toBooleanArray()[0]);
        // torch.dot(torch.ones(3), torch.ones(3, dtype=torch.float64)):
        // "dot : expected both vectors to have same dtype, but found Float and Double"
        assertThrows(IllegalArgumentException.class, () -> dot(ones(3), ones(DType.FLOAT64, 3)));
        // torch.dot(torch.ones(3), torch.ones(4)): "inconsistent tensor size, expected tensor [3] and src [4] ..."
        assertThrows(IllegalArgumentException.class, () -> dot(ones(3), ones(4)));
    }

    /** "torch.matmul() 可以表示矩阵/向量各种情况相乘": every case of matmul. */
    @Test
    void matmulCoversVectorsMatricesAndBatches() {
        Tensor a = tensor(1., 2., 3.), b = tensor(4., 5., 6.);
        // torch.matmul(a, b) -> tensor(32.): 1-D · 1-D is the dot product, 0-d
        Tensor ab = matmul(a, b);
        assertArrayEquals(new int[]{}, ab.shape());
        assertEquals(32, ab.item());
        // torch.matmul(a.reshape(3, 1), b.reshape(1, 3)) -> the outer product [[4,5,6],[8,10,12],[12,15,18]]
        Tensor outer = matmul(a.reshape(3, 1), b.reshape(1, 3));
        assertArrayEquals(new int[]{3, 3}, outer.shape());
        assertArrayEquals(new double[]{4, 5, 6, 8, 10, 12, 12, 15, 18}, values(outer));
        // torch.matmul(a.reshape(1, 3), b.reshape(3, 1)) -> tensor([[32.]])
        Tensor inner = matmul(a.reshape(1, 3), b.reshape(3, 1));
        assertArrayEquals(new int[]{1, 1}, inner.shape());
        assertEquals(32, inner.item());

        Tensor m = tensor(new double[][]{{1, 2}, {3, 4}, {5, 6}});
        Tensor ones2 = tensor(1., 1.);
        // torch.matmul(A, torch.tensor([1., 1.])) -> tensor([ 3.,  7., 11.]): 2-D · 1-D, the vector is a column
        Tensor mv = matmul(m, ones2);
        assertArrayEquals(new int[]{3}, mv.shape());
        assertArrayEquals(new double[]{3, 7, 11}, values(mv));
        // torch.matmul(torch.tensor([1., 1.]), A.t()) -> tensor([ 3.,  7., 11.]): 1-D · 2-D, the vector is a row
        Tensor vm = matmul(ones2, m.t());
        assertArrayEquals(new int[]{3}, vm.shape());
        assertArrayEquals(new double[]{3, 7, 11}, values(vm));
        // torch.matmul(torch.arange(3.), torch.arange(6.).reshape(3, 2)) -> tensor([10., 13.])
        assertArrayEquals(new double[]{10, 13}, values(matmul(arange(3.0), arange(6.0).reshape(3, 2))));

        // torch.matmul(torch.arange(6.).reshape(2,3), torch.arange(12.).reshape(3,4))
        //   -> tensor([[20., 23., 26., 29.], [56., 68., 80., 92.]])
        Tensor mm = matmul(arange(6.0).reshape(2, 3), arange(12.0).reshape(3, 4));
        assertArrayEquals(new int[]{2, 4}, mm.shape());
        assertArrayEquals(new double[]{20, 23, 26, 29, 56, 68, 80, 92}, values(mm));

        // batches: torch.matmul(torch.arange(24.).reshape(2,3,4), torch.arange(4.))
        //   -> tensor([[ 14.,  38.,  62.], [ 86., 110., 134.]])
        Tensor batchVec = matmul(arange(24.0).reshape(2, 3, 4), arange(4.0));
        assertArrayEquals(new int[]{2, 3}, batchVec.shape());
        assertArrayEquals(new double[]{14, 38, 62, 86, 110, 134}, values(batchVec));
        // torch.matmul(torch.arange(24.).reshape(2,3,4), torch.arange(8.).reshape(4,2)): the matrix is broadcast
        //   -> [[[28, 34], [76, 98], [124, 162]], [[172, 226], [220, 290], [268, 354]]]
        Tensor batchMat = matmul(arange(24.0).reshape(2, 3, 4), arange(8.0).reshape(4, 2));
        assertArrayEquals(new int[]{2, 3, 2}, batchMat.shape());
        assertArrayEquals(new double[]{28, 34, 76, 98, 124, 162, 172, 226, 220, 290, 268, 354}, values(batchMat));

        // torch.matmul(torch.ones(2,3), torch.ones(2,3)): "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> matmul(ones(2, 3), ones(2, 3)));
        assertTrue(e.getMessage().contains("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"), e.getMessage());
    }

    /**
     * "输入输出都为向量的函数, 那么y关于x的梯度就是一个雅可比矩阵", with the notes' A x written as matmul:
     * torch.autograd.functional.jacobian(lambda v: torch.matmul(A, v), torch.tensor([1., 1.])) -> A itself, whose
     * transpose Aᵀ = [[1, 3, 5], [2, 4, 6]] is the notes' ∇f = [∇f₁, ∇f₂, ∇f₃].
     */
    @Test
    void theJacobianOfAxIsA() {
        Tensor a = tensor(new double[][]{{1, 2}, {3, 4}, {5, 6}});
        Tensor x = tensor(1., 1.).requiresGrad_();
        Tensor f = matmul(a, x);
        double[] rows = new double[6];
        for (int i = 0; i < 3; i++) {
            Tensor unit = zeros(3);
            unit.select(0, i).fill_(1);
            x.setGrad(null);
            f.backward(unit, true);
            System.arraycopy(x.grad().toDoubleArray(), 0, rows, 2 * i, 2);
        }
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, rows);
    }

    /** The notes' code, line by line, with the values the notes record in its comments. */
    @Test
    void theNotesBackpropagationCode() {
        double lr = 0.01;
        Tensor x = arange(4.0).requiresGrad_();                 // x = torch.arange(4.0, requires_grad=True)
        Tensor y = dot(x, x);                                   // y = torch.dot(x, x)  # y = 14
        assertEquals(14, y.item());
        assertEquals("DotBackward0", y.gradFn().name());        // tensor(14., grad_fn=<DotBackward0>)
        long yTarget = 10;                                      // y_target = 10
        Tensor loss = y.rsub(yTarget).pow(2L);                  // loss = (y_target - y)**2
        assertEquals(16, loss.item());                          // loss = tensor(16., grad_fn=<PowBackward0>)
        assertEquals("PowBackward0", loss.gradFn().name());
        assertEquals("RsubBackward1", loss.gradFn().nextFunctions().get(0).node().name());
        loss.backward();                                        // loss.backward()
        assertArrayEquals(new double[]{0, 16, 32, 48}, x.grad().toDoubleArray()); // x.grad = tensor([ 0., 16., 32., 48.])
        x = x.sub(x.grad().mul(lr));                            // x = x - lr * x.grad
        assertEquals("SubBackward0", x.gradFn().name());
        y = dot(x, x);                                          // y = torch.dot(x, x)  # y = 9.8784
        assertEquals(9.878400802612305, y.item(), 1e-6);        // torch: y.item() -> 9.878400802612305
        loss = y.rsub(yTarget).pow(2L);                         // loss = (y_target - y)**2
        assertEquals(0.014786364510655403, loss.item(), 1e-6);  // loss = tensor(0.0148, grad_fn=<PowBackward0>)
        // the notes' question: x is no longer the leaf, so x.grad is None
        assertFalse(x.isLeaf());
        assertNull(x.grad());
    }
}
