package ember.autograd;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FunctionalTest {
    private static Tensor vec(double... v) { return tensor(DType.FLOAT64, v); }

    @Test
    void jacobianHasOutputDimsThenInputDims() {
        // f(x) = sin(x)·Σx;  ∂f[i]/∂x[j] = cos(x[i])·Σx·δij + sin(x[i])
        Tensor x = tensor(DType.FLOAT64, new double[][]{{1, 2}, {3, 4}, {5, 6}});
        Tensor j = Functional.jacobian(t -> t.sin().mul(t.sum()), x);
        // jacobian(lambda x: x.sin().mul(x.sum()), x).shape → torch.Size([3, 2, 3, 2])
        assertArrayEquals(new int[]{3, 2, 3, 2}, j.shape());
        double[] xs = x.toDoubleArray(), js = j.toDoubleArray();
        double sum = 21;
        for (int i = 0; i < 6; i++)
            for (int k = 0; k < 6; k++) {
                double expected = Math.sin(xs[i]) + (i == k ? Math.cos(xs[i]) * sum : 0);
                assertEquals(expected, js[i * 6 + k], 1e-12);
            }
        assertFalse(j.requiresGrad());
    }

    @Test
    void jacobianOfScalarsAndConstants() {
        // jacobian(lambda x: x * 2, torch.tensor(3.)) → tensor(2.); jacobian(lambda x: x.sum(), torch.ones(3)) → [1, 1, 1]
        Tensor s = Functional.jacobian(t -> t.mul(2.0), scalar(3.0));
        assertEquals(0, s.dim());
        assertEquals(2.0, s.item());
        Tensor g = Functional.jacobian(Tensor::sum, ones(3));
        assertArrayEquals(new float[]{1, 1, 1}, g.toFloatArray());
        // an output that does not depend on x has a zero Jacobian
        Tensor z = Functional.jacobian(t -> ones(2), ones(3));
        assertArrayEquals(new int[]{2, 3}, z.shape());
        assertArrayEquals(new float[6], z.toFloatArray());
    }

    @Test
    void hessianDifferentiatesTheGradient() {
        // hessian(lambda x: (x**3).sum(), torch.tensor([1., 2.], dtype=torch.float64)) → [[6, 0], [0, 12]]
        Tensor h = Functional.hessian(t -> t.pow(3.0).sum(), vec(1, 2));
        assertArrayEquals(new int[]{2, 2}, h.shape());
        assertArrayEquals(new double[]{6, 0, 0, 12}, h.toDoubleArray(), 1e-12);
        // mixed terms: f = x0²·x1 → H = [[2·x1, 2·x0], [2·x0, 0]]
        Tensor m = Functional.hessian(t -> t.select(0, 0).square().mul(t.select(0, 1)), vec(3, 5));
        assertArrayEquals(new double[]{10, 6, 6, 0}, m.toDoubleArray(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Functional.hessian(t -> t.mul(2.0), vec(1, 2)));
    }

    @Test
    void vjpAndJvp() {
        // vjp(lambda x: x**2, [1., 2.], [1., 1.]) → ([1, 4], [2, 4]); jvp(lambda x: x**2, [1., 2.], [1., .5]) → ([1, 4], [2, 2])
        Tensor x = vec(1, 2).requiresGrad_();
        Functional.VjpResult v = Functional.vjp(t -> t.square(), x, vec(1, 1));
        assertArrayEquals(new double[]{1, 4}, v.output().toDoubleArray());
        assertArrayEquals(new double[]{2, 4}, v.vjp().toDoubleArray());
        Functional.JvpResult j = Functional.jvp(t -> t.square(), x, vec(1, 0.5));
        assertArrayEquals(new double[]{1, 4}, j.output().toDoubleArray());
        assertArrayEquals(new double[]{2, 2}, j.jvp().toDoubleArray());
        assertNull(x.grad()); // x itself is never differentiated
        assertFalse(v.output().requiresGrad());
        // a single-element output needs no v
        assertArrayEquals(new double[]{2, 4}, Functional.vjp(t -> t.square().sum(), x, null).vjp().toDoubleArray());
    }

    @Test
    void jvpAndVjpAgreeWithTheJacobian() {
        Function<Tensor, Tensor> f = t -> t.exp().mul(t.sum(1, true)).transpose(0, 1);
        Tensor x = randn(DType.FLOAT64, 2, 3);
        Tensor v = randn(DType.FLOAT64, 2, 3), w = randn(DType.FLOAT64, 3, 2);
        double[] jac = Functional.jacobian(f, x).toDoubleArray(); // [3, 2] × [2, 3] flattened: 6 × 6
        double[] vs = v.toDoubleArray(), ws = w.toDoubleArray();
        double[] jv = new double[6], wj = new double[6];
        for (int o = 0; o < 6; o++)
            for (int i = 0; i < 6; i++) {
                jv[o] += jac[o * 6 + i] * vs[i];
                wj[i] += ws[o] * jac[o * 6 + i];
            }
        assertArrayEquals(jv, Functional.jvp(f, x, v).jvp().toDoubleArray(), 1e-10);
        assertArrayEquals(wj, Functional.vjp(f, x, w).vjp().toDoubleArray(), 1e-10);
    }
}
