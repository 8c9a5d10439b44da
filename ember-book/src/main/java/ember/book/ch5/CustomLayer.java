package ember.book.ch5;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Repr;
import ember.book.Settings;
import ember.nn.F;
import ember.nn.Linear;
import ember.nn.Module;
import ember.nn.Sequential;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** d2l 5.4, custom layers: one without parameters (subtracting the mean) and a linear layer with its own parameters. */
public final class CustomLayer implements Program {
    @Override public String name() { return "ch5/custom-layer"; }

    @Override public String description() { return "Custom layers: CenteredLayer without parameters, MyLinear with its own"; }

    /** Subtracts the mean from its input. */
    static final class CenteredLayer extends Module {
        @Override
        public Tensor forward(Tensor x) { return x.sub(x.mean()); }
    }

    /** A fully connected ReLU layer with registered weight [in, units] and bias [units], both N(0, 1). */
    static final class MyLinear extends Module {
        private final Tensor weight, bias;

        MyLinear(int inUnits, int units) {
            weight = registerParameter("weight", randn(inUnits, units));
            bias = registerParameter("bias", randn(units));
        }

        Tensor weight() { return weight; }

        @Override
        public Tensor forward(Tensor x) {
            // the book computes with .data: the output does not track gradients
            return F.relu(matmul(x, weight.detach()).add(bias.detach()));
        }
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        Module layer = new CenteredLayer();
        Tensor centered = layer.forward(tensor(1, 2, 3, 4, 5));
        out.println(centered);
        result.put("centeredFirst", centered.get(0).item());
        Module net = new Sequential(new Linear(8, 128), new CenteredLayer());
        Tensor Y = net.forward(rand(4, 8));
        Tensor mean = Y.mean();
        out.println(mean);
        result.put("meanAfterCentering", mean.item());

        MyLinear linear = new MyLinear(5, 3);
        out.println(Repr.parameter(linear.weight()));
        Tensor y = linear.forward(rand(2, 5));
        out.println(y);
        result.put("myLinearMin", y.min().item()); // after ReLU: never negative
        result.put("myLinearParameters", (double) linear.parameters().size());
        net = new Sequential(new MyLinear(64, 8), new MyLinear(8, 1));
        y = net.forward(rand(2, 64));
        out.println(y);
        result.put("netRows", (double) y.size(0));
        result.put("netColumns", (double) y.size(1));
        return result;
    }
}
