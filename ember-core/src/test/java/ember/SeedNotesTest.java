package ember;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The user's week-1 notes on "Dive into Deep Learning" (PyTorch edition, pp. 0–41), bullet by bullet, as Ember code.
 * Each test quotes the bullet it checks. The bullets about {@code torch.matmul}/{@code torch.dot} are in
 * {@link SeedNotesMatmulTest}; here the same mathematics is written with element-wise ops and sums.
 *
 * <p>Python lines in comments are the notes' (or the book's) code; numbers came from {@code /usr/bin/python3} with
 * torch 1.13 or are derived by hand next to them.
 */
class SeedNotesTest {

    // ---------------------------------------------------------------------------------------------------------
    // 神经网络的核心 — the core of a neural network
    // ---------------------------------------------------------------------------------------------------------

    /** "交替使用线性处理单元与非线性处理单元" and "使用链式法则(即反向传播)来更新网络的参数". */
    @Test
    void linearThenNonlinearLayersTrainedByTheChainRule() {
        Tensor w = scalar(3.).requiresGrad_(), b = scalar(-1.).requiresGrad_();
        Tensor x = scalar(2.);
        // linear unit, then a non-linear one: h = relu(w·x + b) = relu(3·2 − 1) = 5; out = h² = 25
        Tensor h = w.mul(x).add(b).relu();
        Tensor out = h.square();
        assertEquals(25, out.item());
        out.backward();
        // chain rule: d out/dw = 2h · relu'(5) · x = 2·5·1·2 = 20;  d out/db = 2h · 1 · 1 = 10
        assertEquals(20, w.grad().item());
        assertEquals(10, b.grad().item());
        // one step of gradient descent (lr = 0.01) lowers the output: w = 3 − 0.2, b = −1 − 0.1 → h = 4.5, out = 20.25
        try (var g = noGrad()) {
            w.sub_(w.grad().mul(0.01));
            b.sub_(b.grad().mul(0.01));
        }
        assertEquals(20.25, w.mul(x).add(b).relu().square().item(), 1e-5);
        // where the linear unit is negative the non-linearity passes no gradient back: relu'(−3) = 0
        Tensor v = scalar(-1.).requiresGrad_();
        v.mul(3.0).relu().backward();
        assertEquals(0, v.grad().item());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Tensor基础 — tensor basics
    // ---------------------------------------------------------------------------------------------------------

    /** "常用创建Tensor: empty, rand, zeros, ones, arange, randn_like, eye, linspace". */
    @Test
    void creatingTensors() {
        // x = torch.empty(5, 3): the shape is set, the values are whatever memory held (Ember: zeros)
        Tensor e = empty(5, 3);
        assertArrayEquals(new int[]{5, 3}, e.shape());
        assertEquals(DType.FLOAT32, e.dtype());

        // x = torch.rand(5, 3): uniform in [0, 1); the same seed gives the same numbers
        manualSeed(0);
        Tensor r = rand(5, 3);
        for (double v : r.toDoubleArray()) assertTrue(v >= 0 && v < 1, "rand value " + v);
        manualSeed(0);
        assertArrayEquals(r.toDoubleArray(), rand(5, 3).toDoubleArray());

        // x = torch.zeros(5, 3, dtype=torch.long)
        Tensor z = zeros(DType.INT64, 5, 3);
        assertEquals(DType.INT64, z.dtype());
        assertArrayEquals(new long[15], z.toLongArray());

        // torch.ones(2, 3)
        assertArrayEquals(new double[]{1, 1, 1, 1, 1, 1}, ones(2, 3).toDoubleArray());

        // torch.tensor([5.5, 3]) is float32
        Tensor t = tensor(5.5, 3);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new double[]{5.5, 3}, t.toDoubleArray());

        // torch.arange(4) is int64 [0, 1, 2, 3]; torch.arange(4.0) float32; torch.arange(1, 10, 2) = [1, 3, 5, 7, 9]
        assertEquals(DType.INT64, arange(4).dtype());
        assertArrayEquals(new long[]{0, 1, 2, 3}, arange(4).toLongArray());
        assertEquals(DType.FLOAT32, arange(4.0).dtype());
        assertArrayEquals(new long[]{1, 3, 5, 7, 9}, arange(1, 10, 2).toLongArray());

        // x = torch.randn_like(x, dtype=torch.float): same shape and dtype as its argument, N(0, 1) values
        Tensor d = zeros(DType.FLOAT64, 4, 250);
        Tensor n = randnLike(d);
        assertArrayEquals(d.shape(), n.shape());
        assertEquals(DType.FLOAT64, n.dtype());
        double mean = n.mean().item();
        assertEquals(0, mean, 0.2, "the mean of 1000 N(0, 1) samples is within 0.2 of 0 (6 standard errors)");
        assertThrows(IllegalArgumentException.class, () -> randnLike(arange(3)), "randn_like needs a floating dtype");

        // torch.eye(3) and torch.eye(2, 3)
        assertArrayEquals(new double[]{1, 0, 0, 0, 1, 0, 0, 0, 1}, eye(3).toDoubleArray());
        assertArrayEquals(new double[]{1, 0, 0, 0, 1, 0}, eye(2, 3).toDoubleArray());

        // torch.linspace(0, 1, 5): 5 points, both ends included, step (1 − 0)/4 = 0.25
        assertArrayEquals(new double[]{0, 0.25, 0.5, 0.75, 1}, linspace(0, 1, 5).toDoubleArray());
        assertArrayEquals(new double[]{-10, -5, 0, 5, 10}, linspace(-10, 10, 5).toDoubleArray());
    }

    /** "reshape 改变形状". */
    @Test
    void reshapeChangesTheShape() {
        // y = x.view(15); z = x.view(-1, 5)  # the size -1 is inferred from the others: 15 / 5 = 3
        Tensor x = arange(15.0).reshape(5, 3);
        Tensor y = x.view(15), z = x.view(-1, 5);
        assertArrayEquals(new int[]{15}, y.shape());
        assertArrayEquals(new int[]{3, 5}, z.shape());
        // the book: view() returns a tensor sharing data with the source — change one, the other changes
        x.add_(1L);
        assertEquals(1, y.select(0, 0).item());
        assertEquals(15, z.select(0, 2).select(0, 4).item());
        // reshape() does the same when it can; clone() first for a real copy: x_cp = x.clone().view(15)
        Tensor copy = x.clone().view(15);
        x.sub_(1L);
        assertEquals(1, copy.select(0, 0).item());
        assertEquals(0, y.select(0, 0).item());
        assertThrows(IllegalArgumentException.class, () -> x.view(4, 4), "15 elements do not make a 4×4 tensor");
    }

    /** "使用 .numpy() 将 Tensor 转换成NumPy数组" and "使用torch.from_numpy() 将NumPy数组转换成 Tensor". */
    @Test
    void javaArraysShareMemoryWithTensorsLikeNumPy() {
        // a = np.ones(5); b = torch.from_numpy(a): fromArray wraps the Java array without copying
        float[] a = {1, 1, 1, 1, 1};
        Tensor b = fromArray(a);
        // a += 1 changes b ...
        for (int i = 0; i < a.length; i++) a[i] += 1;
        assertArrayEquals(new double[]{2, 2, 2, 2, 2}, b.toDoubleArray());
        // ... and b += 1 changes a
        b.add_(1L);
        assertArrayEquals(new float[]{3, 3, 3, 3, 3}, a);
        // a shape can be given; double[] becomes float64 and long[] int64, as NumPy's dtypes carry over
        double[] m = {1, 2, 3, 4, 5, 6};
        Tensor mt = fromArray(m, 2, 3);
        assertEquals(DType.FLOAT64, mt.dtype());
        mt.select(0, 1).mul_(10L);
        assertArrayEquals(new double[]{1, 2, 3, 40, 50, 60}, m);
        assertEquals(DType.INT64, fromArray(new long[]{1, 2}).dtype());
        // b.numpy(): toFloatArray reads the values out in row-major order; it is a copy (unlike .numpy()), so a Java
        // array that must stay shared is made first and wrapped with fromArray, as above
        float[] out = b.toFloatArray();
        assertArrayEquals(a, out);
        out[0] = -1;
        assertEquals(3, b.select(0, 0).item());
        // torch.tensor(a) copies: Ember's tensor(float[]) too
        Tensor copied = tensor(a);
        a[0] = 100;
        assertEquals(3, copied.select(0, 0).item());
        assertThrows(IllegalArgumentException.class, () -> fromArray(new float[5], 2, 3), "6 ≠ 5 elements");
    }

    /** "索引出来的结果与原数据共享内存,也即修改一个,另一个会跟着修改". */
    @Test
    void indexingResultsShareMemoryWithTheSource() {
        Tensor x = arange(6.0).reshape(2, 3); // [[0, 1, 2], [3, 4, 5]]
        // y = x[0, :]; y += 1  → x[0] is now [1, 2, 3]   (Ember string form: x.get("0, :"))
        Tensor y = x.select(0, 0);
        y.add_(1L);
        assertArrayEquals(new double[]{1, 2, 3}, x.select(0, 0).toDoubleArray());
        // x[:, 1:3] (x.get(":, 1:3")) sees the change, and writing it changes x
        Tensor cols = x.narrow(1, 1, 2);
        assertArrayEquals(new double[]{2, 3, 4, 5}, cols.toDoubleArray());
        cols.fill_(0);
        assertArrayEquals(new double[]{1, 0, 0, 3, 0, 0}, x.toDoubleArray());
        // x[:, ::2] (x.get(":, ::2")) — a view with a step; so is x[-1] (x.get("-1"))
        x.slice(1, null, null, 2).mul_(-1L);
        assertArrayEquals(new double[]{-1, 0, -0.0, -3, 0, -0.0}, x.toDoubleArray());
        assertSame(x.storage(), x.select(0, -1).storage());
        // the views also share the version counter that autograd relies on
        assertEquals(x.version(), y.version());
    }

    // ---------------------------------------------------------------------------------------------------------
    // 梯度 — gradients
    // ---------------------------------------------------------------------------------------------------------

    /**
     * "输入输出都为向量的函数, 那么y关于x的梯度就是一个雅可比矩阵": the notes' example f(x) = A x with
     * A = [[1, 2], [3, 4], [5, 6]], whose gradient ∇f = [∇f₁, ∇f₂, ∇f₃] = Aᵀ. A x is written here as the row sums of
     * A ⊙ x (x broadcast over the rows); backward with the unit vector eᵢ gives row i of the Jacobian, ∇fᵢ.
     */
    @Test
    void theJacobianOfALinearMapIsItsMatrix() {
        Tensor a = tensor(new double[][]{{1, 2}, {3, 4}, {5, 6}});
        Tensor x = tensor(1., 1.).requiresGrad_();
        Tensor f = a.mul(x).sum(1); // f(x) = [x₁ + 2x₂, 3x₁ + 4x₂, 5x₁ + 6x₂] = [3, 7, 11] at x = (1, 1)
        assertArrayEquals(new double[]{3, 7, 11}, f.toDoubleArray());
        double[][] gradients = new double[3][];
        for (int i = 0; i < 3; i++) {
            Tensor unit = zeros(3);
            unit.select(0, i).fill_(1);
            x.setGrad(null);
            f.backward(unit, true);
            gradients[i] = x.grad().toDoubleArray();
        }
        // ∇f₁ = (1, 2)ᵀ, ∇f₂ = (3, 4)ᵀ, ∇f₃ = (5, 6)ᵀ: the columns of Aᵀ = [[1, 3, 5], [2, 4, 6]]
        assertArrayEquals(new double[][]{{1, 2}, {3, 4}, {5, 6}}, gradients);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Tensor的自动求梯度 — automatic gradients
    // ---------------------------------------------------------------------------------------------------------

    /** "将Tensor属性 .requires_grad 设置为 True即可自动追踪梯度". */
    @Test
    void requiresGradTracksTheOperations() {
        // x = torch.ones(2, 2, requires_grad=True); y = x + 2; z = y * y * 3; out = z.mean()
        Tensor x = ones(2, 2).requiresGrad_();
        assertTrue(x.requiresGrad());
        assertTrue(x.isLeaf());
        assertNull(x.gradFn(), "a leaf made by the user has no grad_fn");
        Tensor y = x.add(2L);
        assertEquals("AddBackward0", y.gradFn().name());
        assertFalse(y.isLeaf());
        Tensor z = y.mul(y).mul(3L);
        assertEquals("MulBackward0", z.gradFn().name());
        Tensor out = z.mean();
        assertEquals("MeanBackward0", out.gradFn().name());
        // out = mean(3(x+2)²) = 3·3² = 27
        assertEquals(27, out.item());
        // a tensor made without requires_grad is not tracked
        assertFalse(ones(2).add(2L).requiresGrad());
        assertNull(ones(2).add(2L).gradFn());
        // requires_grad_() can be turned on later: a = ((a * 3) / (a - 1)); a.requires_grad_(True)
        Tensor a = randn(2, 2);
        a = a.mul(3L).div(a.sub(1L));
        assertFalse(a.requiresGrad());
        a.requiresGrad_(true);
        assertTrue(a.requiresGrad());
        assertEquals("SumBackward0", a.mul(a).sum().gradFn().name());
        assertThrows(IllegalArgumentException.class, () -> arange(3).requiresGrad_(), "only floating tensors take gradients");
    }

    /** ".backward() 来完成所有梯度计算。此 Tensor 的梯度将累积到 .grad 属性中". */
    @Test
    void backwardAccumulatesIntoGrad() {
        Tensor x = ones(2, 2).requiresGrad_();
        Tensor out = x.add(2L).square().mul(3L).mean();
        out.backward();
        // d out/dx = 3·2(x + 2)/4 = 6·3/4 = 4.5 for every element
        assertArrayEquals(new double[]{4.5, 4.5, 4.5, 4.5}, x.grad().toDoubleArray());
        // out2 = x.sum(); out2.backward(): the gradient 1 is added to what is there → 5.5
        x.sum().backward();
        assertArrayEquals(new double[]{5.5, 5.5, 5.5, 5.5}, x.grad().toDoubleArray());
        // out3 = x.sum(); x.grad.data.zero_(); out3.backward() → 1
        Tensor out3 = x.sum();
        x.grad().zero_();
        out3.backward();
        assertArrayEquals(new double[]{1, 1, 1, 1}, x.grad().toDoubleArray());
    }

    /** "要求对标量求使用.backward(),否则,需要传入一个与 y 同形的 Tensor". */
    @Test
    void aNonScalarBackwardNeedsAGradientOfTheSameShape() {
        // x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True); y = 2 * x; z = y.view(2, 2)
        Tensor x = tensor(1., 2., 3., 4.).requiresGrad_();
        Tensor z = x.mul(2L).view(2, 2);
        String m = assertThrows(IllegalArgumentException.class, z::backward).getMessage();
        assertTrue(m.startsWith("grad can be implicitly created only for scalar outputs"), m);
        Tensor wrong = ones(3);
        m = assertThrows(IllegalArgumentException.class, () -> z.backward(wrong, true)).getMessage();
        assertTrue(m.startsWith("Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape"
                + " of torch.Size([2, 2])"), m);
        // v = torch.tensor([[1.0, 0.1], [0.01, 0.001]]); z.backward(v): x.grad = 2·v = [2, 0.2, 0.02, 0.002]
        Tensor v = tensor(new double[][]{{1.0, 0.1}, {0.01, 0.001}});
        z.backward(v);
        assertArrayEquals(new double[]{2, 0.2, 0.02, 0.002}, x.grad().toDoubleArray(), 1e-7);
        // a one-element result needs no gradient argument
        Tensor s = tensor(3.).requiresGrad_();
        s.mul(s).backward();
        assertEquals(6, s.grad().item());
    }

    // ---------------------------------------------------------------------------------------------------------
    // torch的反向传播 — the worked example: x = [0, 1, 2, 3], y = xᵀx, loss = (10 − y)²
    // ---------------------------------------------------------------------------------------------------------

    /** The notes' hand computation, with y = xᵀx written as Σ x ⊙ x (the dot-product form is in SeedNotesMatmulTest). */
    @Test
    void theWorkedBackpropagationExample() {
        double lr = 0.01;
        Tensor x = arange(4.0).requiresGrad_();            // x = torch.arange(4.0, requires_grad=True)
        Tensor y = x.mul(x).sum();                          // y = 0 + 1 + 4 + 9 = 14
        assertEquals(14, y.item());
        Tensor loss = y.rsub(10L).pow(2L);                  // loss = (y_target - y)**2 = (10 − 14)² = 16
        assertEquals(16, loss.item());
        assertEquals("PowBackward0", loss.gradFn().name()); // tensor(16., grad_fn=<PowBackward0>)
        assertEquals("RsubBackward1", loss.gradFn().nextFunctions().get(0).node().name());
        loss.backward();
        // ∂loss/∂xₙ = 2(y − y_t)·2xₙ = 4·4·xₙ = [0, 16, 32, 48]
        assertArrayEquals(new double[]{0, 16, 32, 48}, x.grad().toDoubleArray());

        Tensor updated = x.sub(x.grad().mul(lr));           // x = x - lr * x.grad
        // [0, 1 − 0.16, 2 − 0.32, 3 − 0.48]
        assertArrayEquals(new double[]{0, 0.84, 1.68, 2.52}, updated.toDoubleArray(), 1e-6);
        assertEquals("SubBackward0", updated.gradFn().name());
        Tensor y2 = updated.mul(updated).sum();
        // 0.84² + 1.68² + 2.52² = 0.7056 + 2.8224 + 6.3504 = 9.8784 (torch in float32: 9.878400802612305)
        assertEquals(9.8784, y2.item(), 1e-5);
        Tensor loss2 = y2.rsub(10L).pow(2L);
        // (10 − 9.8784)² = 0.01478656 (torch in float32: 0.014786364510655403)
        assertEquals(0.0148, loss2.item(), 1e-4);
        assertEquals(0.01478656, loss2.item(), 1e-5);
    }

    /**
     * "疑问: 在使用x = x-lr*x.grad更新x后,再查看x的梯度就会报错,那如何进行进一步的梯度下降呢。" — after
     * {@code x = x - lr * x.grad} the name x points to a new, computed tensor: not a leaf, so backward fills no .grad
     * for it. The way on is to update the leaf in place without recording (torch.no_grad()), then zero its .grad.
     */
    @Test
    void answerToTheOpenQuestionHowToKeepDescending() {
        Tensor x = arange(4.0).requiresGrad_();
        Tensor computed = x.sub(ones(4).mul(0.01));
        assertFalse(computed.isLeaf());
        computed.mul(computed).sum().backward();
        assertNull(computed.grad(), "a non-leaf gets no .grad (PyTorch warns, then returns None)");
        // updating the leaf itself in place is refused while gradients are recorded ...
        Tensor step = ones(4);
        assertThrows(IllegalStateException.class, () -> x.sub_(step));
        x.setGrad(null);

        // ... and is the way to descend: for each step, backward, update under noGrad(), zero the gradient
        double lr = 0.01, previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 5; i++) {
            Tensor loss = x.mul(x).sum().rsub(10L).pow(2L);
            assertTrue(loss.item() < previous, "loss decreases: " + loss.item() + " after " + previous);
            previous = loss.item();
            loss.backward();
            try (var g = noGrad()) {
                x.sub_(x.grad().mul(lr));
            }
            x.grad().zero_();
        }
        assertTrue(x.isLeaf());
        // the first step is the notes' update: after it, loss was 0.0148; later steps keep it shrinking
        assertTrue(previous < 0.0148, "loss after four steps: " + previous);
    }
}
