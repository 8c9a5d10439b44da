package ember;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.autograd.Autograd;
import ember.autograd.Functional;
import ember.autograd.GradCheck;
import ember.data.DataLoader;
import ember.data.TensorDataset;
import ember.nn.CrossEntropyLoss;
import ember.nn.F;
import ember.nn.Flatten;
import ember.nn.Init;
import ember.nn.Linear;
import ember.nn.MSELoss;
import ember.nn.Reduction;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every example of API.md (the PyTorch → Ember name map), written exactly as the table writes it: programs outside
 * the project use these names, so this class failing to compile or pass means the contract broke.
 */
class ApiContractTest {
    @Test
    void emberNamespace() {
        assertEquals(DType.FLOAT32, tensor(1, 2).dtype());
        assertArrayEquals(new int[]{2, 2}, tensor(new double[][]{{1, 2}, {3, 4}}).shape());
        assertEquals(DType.INT64, tensor(new long[]{1, 2}).dtype());
        assertEquals(DType.BOOL, tensor(new boolean[]{true, false}).dtype());
        assertEquals("tensor(10.)", scalar(10).toString());
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor shared = fromArray(data, 2, 3);
        data[0] = 9;
        assertEquals(9.0, shared.get("0, 0").item()); // no copy
        assertEquals(DType.FLOAT64, fromArray(new double[]{1}, 1).dtype());
        assertEquals(DType.INT64, fromArray(new long[]{1}, 1).dtype());
        assertArrayEquals(new int[]{2, 3}, empty(2, 3).shape());
        assertEquals(DType.FLOAT64, zeros(DType.FLOAT64, 2, 3).dtype());
        assertEquals(6.0, ones(2, 3).sum().item());
        assertArrayEquals(new int[]{2, 3}, rand(2, 3).shape());
        assertArrayEquals(new int[]{2, 3}, randn(2, 3).shape());
        assertEquals(42.0, full(new int[]{2, 3}, 7).sum().item());
        assertEquals(3.0, eye(3).sum().item());
        assertArrayEquals(new int[]{3, 4}, eye(3, 4).shape());
        assertEquals("tensor([0, 1, 2, 3])", arange(4).toString());
        assertEquals("tensor([0., 1., 2., 3.])", arange(4.0).toString());
        assertEquals("tensor([1, 3, 5, 7, 9])", arange(1, 10, 2).toString());
        assertEquals("tensor([0.0000, 0.2500, 0.5000, 0.7500])", arange(0.0, 1.0, 0.25).toString());
        assertEquals("tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])", linspace(0, 1, 5).toString());
        Tensor x = arange(4.0);
        assertEquals(0.0, zerosLike(x).sum().item());
        assertEquals(4.0, onesLike(x).sum().item());
        assertArrayEquals(x.shape(), randLike(x).shape());
        assertArrayEquals(x.shape(), randnLike(x).shape());
        assertArrayEquals(x.shape(), emptyLike(x).shape());
        assertEquals(8.0, fullLike(x, 2).sum().item());
        assertArrayEquals(new int[]{2, 1}, normal(0, 0.01, 2, 1).shape());
        assertEquals(DType.INT64, randint(0, 10, 5).dtype());
        manualSeed(0);
        Tensor a = rand(3);
        manualSeed(0);
        assertTrue(a.equal(rand(3)));
        Tensor b = ones(2), c = zeros(2);
        assertArrayEquals(new int[]{4}, cat(0, b, c).shape());
        assertArrayEquals(new int[]{4}, cat(List.of(b, c), 0).shape());
        assertArrayEquals(new int[]{2, 2}, stack(0, b, c).shape());
        assertTrue(where(b.gt(0.5), b, c).equal(b));
        Tensor m = tensor(new double[][]{{1, 2}, {3, 4}});
        assertEquals("tensor([[ 7., 10.],\n        [15., 22.]])", matmul(m, m).toString());
        assertEquals(5.0, dot(b.add(1.0), tensor(0.5, 2)).item()); // 2·0.5 + 2·2
        assertArrayEquals(new int[]{2, 2}, mm(m, m).shape());
        assertArrayEquals(new int[]{2}, mv(m, b).shape());
        assertArrayEquals(new int[]{1, 2, 2}, bmm(m.unsqueeze(0), m.unsqueeze(0)).shape());
        assertArrayEquals(new int[]{2, 2}, outer(b, b).shape());
        try (var g = noGrad()) {
            assertFalse(isGradEnabled());
            try (var e = enableGrad()) {
                assertTrue(isGradEnabled());
            }
        }
        assertTrue(isGradEnabled());
    }

    @Test
    void tensorMethods() {
        Tensor x = arange(12.0).reshape(3, -1);
        assertArrayEquals(new int[]{3, 4}, x.shape());
        assertEquals(4, x.size(1));
        assertEquals(2, x.dim());
        assertEquals(12, x.numel());
        assertEquals(DType.FLOAT32, x.dtype());
        assertArrayEquals(new int[]{4, 3}, x.view(4, 3).shape());
        assertArrayEquals(new int[]{12}, x.flatten().shape());
        assertArrayEquals(new int[]{4, 3}, x.T().shape());
        assertArrayEquals(new int[]{4, 3}, x.t().shape());
        assertArrayEquals(new int[]{4, 3}, x.transpose(0, 1).shape());
        assertArrayEquals(new int[]{4, 3}, x.permute(1, 0).shape());
        assertArrayEquals(new int[]{2, 3, 4}, x.expand(2, 3, 4).shape());
        assertArrayEquals(new int[]{3, 4}, x.unsqueeze(0).squeeze().shape());
        assertTrue(x.t().contiguous().isContiguous());
        assertNotSame(x.storage(), x.clone().storage());
        assertEquals("tensor([4., 5., 6., 7.])", x.get("1").toString());
        assertArrayEquals(new int[]{2, 4}, x.get("1:3").shape());
        assertEquals("tensor([0., 4., 8.])", x.get(":, 0").toString());
        assertEquals("tensor([ 8.,  9., 10., 11.])", x.get("-1").toString());
        assertArrayEquals(new int[]{2, 4}, x.get("::2").shape());
        assertArrayEquals(new int[]{3}, x.get(Index.all(), Index.i(0)).shape());
        assertEquals("tensor([[ 8.,  9., 10., 11.],\n        [ 0.,  1.,  2.,  3.]])", x.get(tensor(new long[]{2, 0})).toString());
        assertEquals(6, x.get(x.gt(5.0)).numel());
        Tensor yHat = tensor(new double[][]{{0.1, 0.3, 0.6}, {0.3, 0.2, 0.5}});
        Tensor y = tensor(new long[]{0, 2});
        assertEquals("tensor([0.1000, 0.5000])", yHat.get(arange(2), y).toString());
        x.set("1, 2", 9);
        assertEquals(9.0, x.get("1, 2").item());
        x.set("0:2, :", 12);
        assertEquals(96.0, x.get("0:2").sum().item());
        Tensor z = zerosLike(x);
        z.set(":", x.add(x));
        assertEquals(2 * x.sum().item(), z.sum().item());
        assertEquals(12.0, x.get("0, 0").item());
        assertArrayEquals(new float[]{1, 2}, tensor(1, 2).toFloatArray());
        assertArrayEquals(new double[]{1, 2}, tensor(1, 2).toDoubleArray());
        assertArrayEquals(new long[]{1, 2}, tensor(1, 2).toLongArray());
        assertEquals(DType.FLOAT64, x.to(DType.FLOAT64).dtype());
        assertEquals(DType.FLOAT32, x.toLong().toFloat().dtype());
        assertEquals(DType.FLOAT64, x.toDouble().dtype());
        assertEquals(DType.INT64, x.toLong().dtype());
        Tensor v = tensor(1, 2);
        assertEquals("tensor([3., 5.])", v.add(v).add(1.0).sub(tensor(0, 0)).mul(1.0).div(1.0).pow(1.0).toString());
        assertEquals("tensor([9., 8.])", v.rsub(10).toString());
        assertEquals("tensor([1.0000, 0.5000])", v.rdiv(1).toString());
        assertEquals("tensor([-1., -2.])", v.neg().toString());
        for (Tensor t : List.of(v.abs(), v.exp(), v.log(), v.sqrt(), v.sin(), v.cos(), v.tanh(), v.sigmoid(), v.relu(), v.square()))
            assertArrayEquals(new int[]{2}, t.shape());
        assertEquals("tensor([1.5000, 1.5000])", v.clamp(1.5, 1.5).toString());
        assertEquals("tensor([1.5000, 2.0000])", v.clampMin(1.5).toString());
        assertEquals("tensor([2., 2.])", v.maximum(tensor(2, 0)).toString());
        assertEquals("tensor([1., 0.])", v.minimum(tensor(2, 0)).toString());
        assertEquals(DType.BOOL, v.eq(v).dtype());
        assertEquals("tensor([False,  True])", v.gt(tensor(1, 1)).toString());
        Tensor s = arange(6.0).reshape(2, 3);
        assertEquals(15.0, s.sum().item());
        assertEquals("tensor([3., 5., 7.])", s.sum(0).toString());
        assertEquals(15.0, s.sum(new int[]{0, 1}, false).item());
        assertArrayEquals(new int[]{2, 1}, s.sum(1, true).shape());
        assertEquals("tensor([2, 2])", s.max(1).indices().toString());
        assertEquals("tensor([2., 5.])", s.max(1).values().toString());
        for (Tensor t : List.of(s.mean(), s.prod(), s.max(), s.min(), s.argmax(), s.argmin(), s.std(), s.var(), s.norm(),
                s.cumsum(0), s.logsumexp(1), s.softmax(1), s.logSoftmax(1)))
            assertNotNull(t);
        Tensor w = zeros(2);
        w.add_(1.0).sub_(0.5).mul_(4.0).div_(2.0);
        assertEquals("tensor([1., 1.])", w.toString());
        w.zero_().fill_(3).copy_(tensor(1, 2)).normal_(0, 1).uniform_(0, 1).clamp_(0, 0.5);
        assertTrue(w.max().item() <= 0.5);
    }

    @Test
    void autogradNames() {
        Tensor x = arange(4.0);
        assertFalse(x.requiresGrad());
        x.requiresGrad_();
        assertTrue(x.requiresGrad());
        Tensor loss = x.dot(x).rsub(10).pow(2);
        assertEquals("tensor(16., grad_fn=<PowBackward0>)", loss.toString());
        assertEquals("PowBackward0", loss.gradFn().name());
        assertEquals("RsubBackward1", loss.gradFn().nextFunctions().get(0).node().name());
        assertTrue(x.isLeaf());
        assertNull(x.grad());
        loss.backward();
        assertEquals("tensor([ 0., 16., 32., 48.])", x.grad().toString());
        x.setGrad(null);
        Tensor y = x.mul(2.0);
        y.retainGrad();
        y.registerHook(g -> g.mul(1.0));
        y.backward(onesLike(y), true);
        assertEquals("tensor([1., 1., 1., 1.])", y.grad().toString());
        assertEquals("tensor([2., 2., 2., 2.])", x.grad().toString());
        assertFalse(y.detach().requiresGrad());
        y.detach_();
        assertTrue(y.isLeaf());
        assertEquals(x.requiresGrad_(false), x);
        Tensor p = arange(3.0).requiresGrad_();
        assertEquals(2.0, Autograd.grad(p.sum().mul(2.0), p, false).get("0").item());
        Tensor jac = Functional.jacobian(t -> tensor(new double[][]{{1, 2}, {3, 4}, {5, 6}}).mv(t), tensor(1, 1));
        assertEquals("tensor([[1., 2.],\n        [3., 4.],\n        [5., 6.]])", jac.toString());
        assertTrue(GradCheck.gradcheck(in -> in[0].exp().sum(), randn(DType.FLOAT64, 3).requiresGrad_()));
        Autograd.setDetectAnomaly(false);
    }

    @Test
    void nnOptimData() {
        Sequential net = new Sequential(new Flatten(), new Linear(784, 10));
        Init.normal_(((Linear) net.get(1)).weight(), 0, 0.01);
        Init.zeros_(((Linear) net.get(1)).bias());
        assertEquals(2, net.parameters().size());
        assertEquals(List.of("1.weight", "1.bias"), List.copyOf(net.namedParameters().keySet()));
        Tensor images = rand(8, 1, 28, 28);
        Tensor labels = randint(0, 10, 8);
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.NONE);
        SGD opt = new SGD(net.parameters(), 0.1);
        for (List<Tensor> batch : new DataLoader(new TensorDataset(images, labels), 4, true)) {
            Tensor l = loss.forward(net.forward(batch.get(0)), batch.get(1));
            opt.zeroGrad();
            l.mean().backward();
            opt.step();
        }
        assertNotNull(net.stateDict().get("1.weight"));
        net.loadStateDict(net.stateDict());
        net.train();
        net.eval();
        net.zeroGrad();
        assertEquals(0.0, new MSELoss().forward(ones(2), ones(2)).item());
        assertTrue(F.crossEntropy(tensor(new double[][]{{1000, 0}}), tensor(new long[]{0})).item() < 1e-6);
        assertEquals(new SGD(net.parameters(), SGD.options().lr(0.1).momentum(0.9).weightDecay(1e-4)).paramGroups().size(), 1);
    }
}
