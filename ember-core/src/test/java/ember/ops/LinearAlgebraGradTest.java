package ember.ops;

import static ember.Ember.*;
import static ember.autograd.GradCheck.gradcheck;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.autograd.Autograd;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the matrix products against finite differences (float64), for every node name they record:
 * DotBackward0, MvBackward0, MmBackward0, BmmBackward0, MulBackward0 (outer), SqueezeBackward3 (1-D·2-D matmul),
 * UnsafeViewBackward0 (folded and batched matmul) and CloneBackward0 (2-D·N-D matmul), and for every matmul case.
 */
class LinearAlgebraGradTest {
    @BeforeEach
    void seed() { manualSeed(7); }

    static Tensor leaf(int... shape) { return randn(DType.FLOAT64, shape).requiresGrad_(); }

    /** Checks d(op(a, b))/da and /db, and that the output's node is {@code node}. */
    static void check(String node, BinaryOperator<Tensor> op, Tensor a, Tensor b) {
        assertEquals(node, op.apply(a, b).gradFn().name());
        assertTrue(gradcheck(in -> op.apply(in[0], in[1]), a, b));
    }

    /**
     * Second derivatives: the gradient with respect to {@code a} of ⟨op(a, b), w⟩, built with createGraph, checked
     * against finite differences in both a and b (so the backward formulas are differentiable Tensor code).
     */
    static void checkSecondOrder(BinaryOperator<Tensor> op, Tensor a, Tensor b) {
        Tensor w = randn(DType.FLOAT64, op.apply(a, b).shape());
        // gradcheck perturbs inputs with grad mode off; the inner backward needs it on
        assertTrue(gradcheck(in -> {
            try (var g = enableGrad()) {
                return Autograd.grad(List.of(op.apply(in[0], in[1])), List.of(in[0]), List.of(w), true, true).get(0);
            }
        }, a, b));
    }

    @Test
    void dot() {
        check("DotBackward0", Tensor::dot, leaf(4), leaf(4));
        checkSecondOrder(Tensor::dot, leaf(4), leaf(4));
        // strided operands: every other element, and a column
        Tensor v = leaf(8), m = leaf(4, 3);
        assertTrue(gradcheck(in -> in[0].slice(0, 0, null, 2).dot(in[1].select(1, 2)), v, m));
    }

    @Test
    void mv() {
        check("MvBackward0", Tensor::mv, leaf(3, 2), leaf(2));
        checkSecondOrder(Tensor::mv, leaf(3, 2), leaf(2));
        // a transposed matrix
        assertTrue(gradcheck(in -> in[0].t().mv(in[1]), leaf(2, 3), leaf(2)));
    }

    @Test
    void mm() {
        check("MmBackward0", Tensor::mm, leaf(2, 3), leaf(3, 4));
        checkSecondOrder(Tensor::mm, leaf(2, 3), leaf(3, 4));
        // transposed and sliced operands
        assertTrue(gradcheck(in -> in[0].t().mm(in[1].slice(1, 1, null, 2)), leaf(3, 2), leaf(3, 5)));
    }

    @Test
    void bmm() {
        check("BmmBackward0", Tensor::bmm, leaf(2, 2, 3), leaf(2, 3, 4));
        checkSecondOrder(Tensor::bmm, leaf(2, 2, 3), leaf(2, 3, 4));
        assertTrue(gradcheck(in -> in[0].mT().bmm(in[1].mT()), leaf(2, 3, 2), leaf(2, 4, 3)));
    }

    @Test
    void outer() {
        check("MulBackward0", Tensor::outer, leaf(3), leaf(4));
        checkSecondOrder(Tensor::outer, leaf(3), leaf(4));
    }

    @Test
    void matmulOfVectorsAndMatrices() {
        check("DotBackward0", Tensor::matmul, leaf(3), leaf(3));
        check("MvBackward0", Tensor::matmul, leaf(2, 3), leaf(3));
        check("SqueezeBackward3", Tensor::matmul, leaf(3), leaf(3, 2));
        check("MmBackward0", Tensor::matmul, leaf(2, 3), leaf(3, 4));
        checkSecondOrder(Tensor::matmul, leaf(3), leaf(3, 2));
    }

    @Test
    void matmulFoldedIntoMmOrMv() {
        check("UnsafeViewBackward0", Tensor::matmul, leaf(2, 2, 3), leaf(3, 4));
        check("UnsafeViewBackward0", Tensor::matmul, leaf(2, 1, 2, 3), leaf(3));
        check("UnsafeViewBackward0", Tensor::matmul, leaf(3), leaf(2, 3, 4));
        check("CloneBackward0", Tensor::matmul, leaf(2, 3), leaf(2, 3, 4));
        checkSecondOrder(Tensor::matmul, leaf(2, 2, 3), leaf(3, 4));
        checkSecondOrder(Tensor::matmul, leaf(2, 3), leaf(2, 3, 4));
        // a batch that is not viewable as rows is copied by the fold (as PyTorch's reshape does)
        assertTrue(gradcheck(in -> in[0].permute(1, 0, 2).matmul(in[1]), leaf(2, 3, 4), leaf(4, 2)));
    }

    @Test
    void matmulBatched() {
        check("UnsafeViewBackward0", Tensor::matmul, leaf(2, 2, 3), leaf(2, 3, 4));
        assertEquals("BmmBackward0", leaf(2, 2, 3).matmul(leaf(2, 3, 4)).gradFn().nextFunctions().get(0).node().name());
        checkSecondOrder(Tensor::matmul, leaf(2, 2, 3), leaf(2, 3, 4));
        // a transposed batch times a matrix is not folded: the matrix is broadcast over the batch with stride 0
        assertTrue(gradcheck(in -> in[0].mT().matmul(in[1]), leaf(2, 3, 2), leaf(3, 4)));
    }

    @Test
    void matmulBroadcastBatchDimsSumGradients() {
        // [2,1,2,3]·[4,3,2] → [2,4,2,2]: a's gradient sums over the 4, b's over the 2
        check("UnsafeViewBackward0", Tensor::matmul, leaf(2, 1, 2, 3), leaf(4, 3, 2));
        check("UnsafeViewBackward0", Tensor::matmul, leaf(3, 2, 3), leaf(2, 1, 3, 2));
        checkSecondOrder(Tensor::matmul, leaf(2, 1, 2, 3), leaf(4, 3, 2));
    }

    @Test
    void broadcastGradientByHand() {
        // y = Σ X[i]·Y[j] over i < 2, j < 3 with X = ones [2,1,2,2], Y = ones [3,2,2]:
        // ∂y/∂X[i][r][k] = Σⱼ Σc Y[j][k][c] = 3·2 = 6;  ∂y/∂Y[j][k][c] = Σᵢ Σr X[i][r][k] = 2·2 = 4
        Tensor x = ones(DType.FLOAT64, 2, 1, 2, 2).requiresGrad_(), y = ones(DType.FLOAT64, 3, 2, 2).requiresGrad_();
        x.matmul(y).sum().backward();
        assertArrayEquals(new double[]{6, 6, 6, 6, 6, 6, 6, 6}, x.grad().toDoubleArray());
        assertArrayEquals(new int[]{3, 2, 2}, y.grad().shape());
        for (double g : y.grad().toDoubleArray()) assertEquals(4.0, g);
    }

    @Test
    void mmGradientByHand() {
        // y = Σ (A·B) with A [2,3], B [3,2] of ones: ∂y/∂A = 1·Bᵀ → row sums of B = 2;  ∂y/∂B = Aᵀ·1 → column sums of A = 2
        Tensor a = ones(DType.FLOAT64, 2, 3).requiresGrad_(), b = tensor(DType.FLOAT64, new double[][]{{1, 2}, {3, 4}, {5, 6}})
                .requiresGrad_();
        a.mm(b).sum().backward();
        // ∂y/∂Aᵢₖ = Σⱼ Bₖⱼ = [3, 7, 11] for each row i;  ∂y/∂Bₖⱼ = Σᵢ Aᵢₖ = 2
        assertArrayEquals(new double[]{3, 7, 11, 3, 7, 11}, a.grad().toDoubleArray());
        assertArrayEquals(new double[]{2, 2, 2, 2, 2, 2}, b.grad().toDoubleArray());
    }

    @Test
    void zeroInnerDimensionGivesZeroShapedGradients() {
        // k = 0: y = 0 whatever A and B are, and the gradients are empty tensors of the inputs' shapes
        Tensor a = ones(DType.FLOAT64, 2, 0).requiresGrad_(), b = ones(DType.FLOAT64, 0, 3).requiresGrad_();
        a.matmul(b).sum().backward();
        assertArrayEquals(new int[]{2, 0}, a.grad().shape());
        assertArrayEquals(new int[]{0, 3}, b.grad().shape());
    }

    /** Note [Adopting a fresh gradient]: the products made for mm's gradients are marked for the leaf to take. */
    @Test
    void mmGradientProductsAreMarkedFresh() {
        Tensor g = randn(5, 3), a = randn(5, 4), b = randn(4, 3);
        assertFalse(LinearAlgebra.mmMat2Backward(g, a, false).storage().takeFreshGradient(), "not under createGraph");
        try (var off = noGrad()) {
            for (boolean columnMajor : new boolean[]{false, true}) {
                assertTrue(LinearAlgebra.mmMat1Backward(g, b, columnMajor).storage().takeFreshGradient());
                assertTrue(LinearAlgebra.mmMat2Backward(g, a, columnMajor).storage().takeFreshGradient());
            }
        }
        assertFalse(g.storage().takeFreshGradient(), "only the new products are marked");
    }
}
