package ember.nn;

import static org.junit.jupiter.api.Assertions.*;

import ember.Ember;
import ember.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code toString()} prints modules exactly as PyTorch's {@code print(net)} (golden/nn.txt, repr.*). */
class ModulePrintTest {
    private static final NnGolden GOLDEN = NnGolden.get();

    /** d2l's MLP: two Linear layers registered as hidden and out. */
    static final class MLP extends Module {
        final Linear hidden = registerModule("hidden", new Linear(20, 256));
        final Linear out = registerModule("out", new Linear(256, 10));

        @Override
        public Tensor forward(Tensor x) { return out.forward(hidden.forward(x).relu()); }
    }

    /** d2l's NestMLP: a Sequential and a Linear. */
    static final class NestMLP extends Module {
        final Sequential net = registerModule("net", new Sequential(new Linear(20, 64), new ReLU(), new Linear(64, 32), new ReLU()));
        final Linear linear = registerModule("linear", new Linear(32, 16));

        @Override
        public Tensor forward(Tensor x) { return linear.forward(net.forward(x)); }
    }

    /** d2l's FixedHiddenMLP: a constant weight that is no parameter (not registered), and one Linear. */
    static final class FixedHiddenMLP extends Module {
        final Tensor randWeight = Ember.rand(20, 20);
        final Linear linear = registerModule("linear", new Linear(20, 20));

        @Override
        public Tensor forward(Tensor x) { return linear.forward(x.matmul(randWeight).add(1).relu()); }
    }

    static Sequential block1() { return new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 4), new ReLU()); }

    /** d2l's block2: four block1s added under the names "block 0" … "block 3". */
    static Sequential block2() {
        Sequential net = new Sequential();
        for (int i = 0; i < 4; i++) net.addModule("block " + i, block1());
        return net;
    }

    @Test
    void sequentialOfBuiltInLayers() {
        // nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
        Sequential net = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Dropout(0.5), new Linear(256, 10));
        assertEquals(GOLDEN.string("repr.flatten_mlp"), net.toString());
    }

    @Test
    void singleLayers() {
        assertEquals(GOLDEN.string("repr.dropout_small"), new Dropout(1e-5).toString()); // Dropout(p=1e-05, inplace=False)
        assertEquals(GOLDEN.string("repr.dropout_point2"), new Dropout(0.2).toString());
        assertEquals(GOLDEN.string("repr.linear_nobias"), new Linear(3, 4, false).toString());
        assertEquals(GOLDEN.string("repr.empty_sequential"), new Sequential().toString());
        assertEquals(GOLDEN.string("repr.activations"),
                new Sequential(new Sigmoid(), new Tanh(), new Softmax(1), new Identity(), new Flatten(0, 2)).toString());
        List<Module> losses = List.of(new MSELoss(), new CrossEntropyLoss(), new L1Loss(), new HuberLoss(), new NLLLoss(),
                new BCEWithLogitsLoss());
        assertEquals(GOLDEN.string("repr.losses"), losses.toString());
    }

    @Test
    void customAndNestedModules() {
        assertEquals(GOLDEN.string("repr.mlp"), new MLP().toString());
        // nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
        assertEquals(GOLDEN.string("repr.chimera"), new Sequential(new NestMLP(), new Linear(16, 20), new FixedHiddenMLP()).toString());
        // nn.Sequential(block2(), nn.Linear(4, 1))
        assertEquals(GOLDEN.string("repr.rgnet"), new Sequential(block2(), new Linear(4, 1)).toString());
    }

    @Test
    void anonymousModulesPrintAsTheirSuperclass() {
        Module m = new Identity() {};
        assertEquals("Identity()", m.toString());
    }

    @Test
    void multiLineExtraReprUsesTheTreeLayout() {
        // PyTorch puts a one-line extra_repr inside the parentheses and anything longer on indented lines
        Module m = new Module() {
            @Override
            public Tensor forward(Tensor x) { return x; }

            @Override
            protected String extraRepr() { return "a=1\nb=2"; }
        };
        assertEquals("Module(\n  a=1\n  b=2\n)", m.toString());
    }

    @Test
    void loadResultPrintsAsTorchs() {
        assertEquals(GOLDEN.string("repr.incompatible_ok"), new IncompatibleKeys(List.of(), List.of()).toString());
        assertEquals(GOLDEN.string("repr.incompatible_keys"), new IncompatibleKeys(List.of("out.bias"), List.of("extra")).toString());
    }
}
