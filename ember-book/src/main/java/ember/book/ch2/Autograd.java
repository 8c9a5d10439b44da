package ember.book.ch2;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d2l 2.5, automatic differentiation: the gradient of y = 2xᵀx is 4x; gradients accumulate, so x.grad is zeroed
 * before the next backward; a non-scalar y needs a gradient argument (ones, i.e. the gradient of y.sum()); a detached
 * u = y.detach() is a constant for z = u·x; and gradients flow through Java control flow (the book's f(a) with a
 * while loop and an if), where f is linear in a, so a.grad == f(a) / a.
 */
public final class Autograd implements Program {
    @Override public String name() { return "ch2/autograd"; }

    @Override public String description() { return "Automatic differentiation: backward, accumulation, detach, control flow"; }

    /** The book's f: doubles b until its norm reaches 1000, then keeps it or scales it by 100 by its sign. */
    static Tensor f(Tensor a) {
        Tensor b = a.mul(2.0);
        while (b.norm().item() < 1000) b = b.mul(2.0);
        return b.sum().item() > 0 ? b : b.mul(100.0);
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        Tensor x = arange(4.0);
        out.println(x);
        x.requiresGrad_(true); // as x = torch.arange(4.0, requires_grad=True)
        out.println(x.grad() == null ? "None" : x.grad());
        Tensor y = dot(x, x).mul(2.0);
        out.println(y);
        y.backward();
        out.println(x.grad());
        Tensor fourX = x.grad().eq(x.mul(4.0));
        out.println(fourX);
        result.put("gradIs4x", fourX.all().item());
        result.put("grad3", x.grad().get(3).item());

        // gradients accumulate: clear the old one first
        x.grad().zero_();
        y = x.sum();
        y.backward();
        out.println(x.grad());
        result.put("sumGrad0", x.grad().get(0).item());

        // a non-scalar y: backward(gradient) with ones is the gradient of y.sum()
        x.grad().zero_();
        y = x.mul(x);
        y.backward(onesLike(y));
        out.println(x.grad());
        Tensor viaOnes = x.grad().clone();
        x.grad().zero_();
        y = x.mul(x);
        y.sum().backward();
        out.println(x.grad());
        result.put("onesEqualsSum", viaOnes.equal(x.grad()) ? 1.0 : 0.0);
        result.put("squareGrad3", x.grad().get(3).item());

        // detach: u is y's value without its history, so z = u * x has gradient u
        x.grad().zero_();
        y = x.mul(x);
        Tensor u = y.detach();
        Tensor z = u.mul(x);
        z.sum().backward();
        Tensor gradIsU = x.grad().eq(u);
        out.println(gradIsU);
        result.put("detachGradIsU", gradIsU.all().item());
        x.grad().zero_();
        y.sum().backward();
        Tensor gradIs2x = x.grad().eq(x.mul(2.0));
        out.println(gradIs2x);
        result.put("gradIs2x", gradIs2x.all().item());

        // control flow
        Tensor a = randn().requiresGrad_();
        Tensor d = f(a);
        d.backward();
        Tensor slope = a.grad().eq(d.div(a));
        out.println(slope);
        result.put("controlFlowGradIsSlope", slope.item());
        result.put("a", a.item());
        return result;
    }
}
