package ember;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void seedGradient() {
        Tensor x = arange(4.0).requiresGrad_();
        Tensor y = x.mul(x).sum();
        Tensor loss = y.rsub(10).pow(2);
        assertEquals(16.0, loss.item());
        assertEquals("PowBackward0", loss.gradFn().name());
        loss.backward();
        assertArrayEquals(new float[]{0, 16, 32, 48}, x.grad().toFloatArray());
        try (var g = noGrad()) {
            x.sub_(x.grad().mul(0.01));
        }
        assertArrayEquals(new float[]{0, 0.84f, 1.68f, 2.52f}, x.toFloatArray(), 1e-6f);
        Tensor b = x.reshape(2, 2).t().contiguous();
        assertArrayEquals(new float[]{0, 1.68f, 0.84f, 2.52f}, b.toFloatArray(), 1e-6f);
    }

    @Test
    void gradcheckElementwise() {
        Tensor a = randn(DType.FLOAT64, 3, 4).requiresGrad_();
        Tensor b = randn(DType.FLOAT64, 4).requiresGrad_();
        assertTrue(ember.autograd.GradCheck.gradcheck(in -> in[0].mul(in[1]).exp().sub(in[1].div(in[0].square().add(1.0))), a, b));
    }
}
