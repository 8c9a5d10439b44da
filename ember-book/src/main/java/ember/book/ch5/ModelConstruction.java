package ember.book.ch5;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.nn.F;
import ember.nn.Linear;
import ember.nn.Module;
import ember.nn.ReLU;
import ember.nn.Sequential;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d2l 5.1, layers and blocks: a Sequential MLP, the same MLP as a custom Module, a hand-written Sequential, a block
 * with a constant (not trained) weight and Java control flow in its forward, and blocks nested in blocks.
 */
public final class ModelConstruction implements Program {
    @Override public String name() { return "ch5/model-construction"; }

    @Override public String description() { return "Layers and blocks: custom Modules, a hand-written Sequential, nesting"; }

    /** The book's MLP: a hidden layer of 256 ReLU units and an output layer of 10, as registered sub-modules. */
    static final class MLP extends Module {
        private final Linear hidden = registerModule("hidden", new Linear(20, 256));
        private final Linear out = registerModule("out", new Linear(256, 10));

        @Override
        public Tensor forward(Tensor x) { return out.forward(F.relu(hidden.forward(x))); }
    }

    /** Sequential by hand: each block registered under its position, applied in registration order. */
    static final class MySequential extends Module {
        MySequential(Module... blocks) {
            for (int i = 0; i < blocks.length; i++) registerModule(Integer.toString(i), blocks[i]);
        }

        @Override
        public Tensor forward(Tensor x) {
            for (Module block : children()) x = block.forward(x);
            return x;
        }
    }

    /**
     * A constant random weight that is neither a parameter nor trained, one linear layer used twice (shared weights),
     * and a loop halving the output until its absolute sum is at most 1.
     */
    static final class FixedHiddenMLP extends Module {
        private final Tensor randWeight;
        private final Linear linear;

        FixedHiddenMLP() {
            randWeight = rand(20, 20);
            linear = registerModule("linear", new Linear(20, 20));
        }

        @Override
        public Tensor forward(Tensor x) {
            x = linear.forward(x);
            x = F.relu(x.mm(randWeight).add(1.0));
            x = linear.forward(x);
            while (x.abs().sum().item() > 1) x.div_(2.0);
            return x.sum();
        }
    }

    /** A Sequential inside a Module. */
    static final class NestMLP extends Module {
        private final Sequential net = registerModule("net",
                new Sequential(new Linear(20, 64), new ReLU(), new Linear(64, 32), new ReLU()));
        private final Linear linear = registerModule("linear", new Linear(32, 16));

        @Override
        public Tensor forward(Tensor x) { return linear.forward(net.forward(x)); }
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        Module net = new Sequential(new Linear(20, 256), new ReLU(), new Linear(256, 10));
        Tensor X = rand(2, 20);
        Tensor y = net.forward(X);
        out.println(y);
        result.put("sequentialColumns", (double) y.size(1));
        net = new MLP();
        out.println(net.forward(X));
        result.put("mlpParameters", (double) net.parameters().size());
        net = new MySequential(new Linear(20, 256), new ReLU(), new Linear(256, 10));
        y = net.forward(X);
        out.println(y);
        result.put("mySequentialColumns", (double) y.size(1));
        result.put("mySequentialParameters", (double) net.parameters().size());
        net = new FixedHiddenMLP();
        Tensor fixed = net.forward(X);
        out.println(fixed);
        result.put("fixedHidden", fixed.item());
        result.put("fixedHiddenParameters", (double) net.parameters().size()); // the constant weight is not one
        Module chimera = new Sequential(new NestMLP(), new Linear(16, 20), new FixedHiddenMLP());
        Tensor c = chimera.forward(X);
        out.println(c);
        result.put("chimera", c.item());
        result.put("chimeraParameters", (double) chimera.parameters().size());
        return result;
    }
}
