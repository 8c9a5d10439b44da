package ember.optim;

import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import ember.autograd.GradMode;
import ember.nn.F;
import ember.nn.Linear;
import ember.nn.NnGolden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Optimizer trajectories against PyTorch (golden/nn.txt, optim.*): a Linear(3, 2) starting from recorded weights,
 * trained on recorded data with MSE for 5 steps ({@code zero_grad; mse_loss(net(X), Y).backward(); step;
 * scheduler.step()}); weight, bias and every group's lr after each step agree within 1e-6. The configurations
 * mirror optim_section in nn.py line for line.
 */
class OptimizerGoldenTest {
    private static final NnGolden GOLDEN = NnGolden.get();
    private static final double TOLERANCE = 1e-6;

    /** An optimizer and an optional scheduler for a fresh Linear. */
    record Setup(Optimizer optimizer, LRScheduler scheduler) {}

    static final Map<String, Function<Linear, Setup>> CONFIGS = new LinkedHashMap<>();

    static {
        // o.SGD(n.parameters(), lr=0.1)
        CONFIGS.put("sgd", n -> new Setup(new SGD(n.parameters(), 0.1), null));
        // o.SGD(n.parameters(), lr=0.1, momentum=0.9)
        CONFIGS.put("sgd.momentum", n -> new Setup(new SGD(n.parameters(), SGD.options().lr(0.1).momentum(0.9)), null));
        // o.SGD(n.parameters(), lr=0.1, momentum=0.9, dampening=0.5)
        CONFIGS.put("sgd.dampening", n -> new Setup(new SGD(n.parameters(), SGD.options().lr(0.1).momentum(0.9).dampening(0.5)), null));
        // o.SGD(n.parameters(), lr=0.1, momentum=0.9, nesterov=True)
        CONFIGS.put("sgd.nesterov", n -> new Setup(new SGD(n.parameters(), SGD.options().lr(0.1).momentum(0.9).nesterov(true)), null));
        // o.SGD(n.parameters(), lr=0.1, momentum=0.5, weight_decay=0.01)
        CONFIGS.put("sgd.wd", n -> new Setup(new SGD(n.parameters(), SGD.options().lr(0.1).momentum(0.5).weightDecay(0.01)), null));
        // o.SGD(n.parameters(), lr=0.01, momentum=0.9, maximize=True)
        CONFIGS.put("sgd.maximize", n -> new Setup(new SGD(n.parameters(), SGD.options().lr(0.01).momentum(0.9).maximize(true)), null));
        // o.SGD([{"params": n.weight, "weight_decay": 3}, {"params": n.bias}], lr=0.1)
        CONFIGS.put("sgd.groups", n -> new Setup(new SGD(SGD.options().lr(0.1),
                ParamGroup.of(n.weight()).option("weightDecay", 3), ParamGroup.of(n.bias())), null));
        // o.SGD([{"params": n.weight}, {"params": n.bias, "lr": 0.5, "momentum": 0.3}], lr=0.1)
        CONFIGS.put("sgd.groups.lr", n -> new Setup(new SGD(SGD.options().lr(0.1),
                ParamGroup.of(n.weight()), ParamGroup.of(n.bias()).option("lr", 0.5).option("momentum", 0.3)), null));
        // o.Adam(n.parameters(), lr=0.01)
        CONFIGS.put("adam", n -> new Setup(new Adam(n.parameters(), 0.01), null));
        // o.Adam(n.parameters(), lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)
        CONFIGS.put("adam.custom", n -> new Setup(new Adam(n.parameters(),
                Adam.options().lr(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1)), null));
        // o.Adam(n.parameters(), lr=0.05, amsgrad=True)
        CONFIGS.put("adam.amsgrad", n -> new Setup(new Adam(n.parameters(), Adam.options().lr(0.05).amsgrad(true)), null));
        // o.Adam(n.parameters(), lr=0.05, maximize=True)
        CONFIGS.put("adam.maximize", n -> new Setup(new Adam(n.parameters(), Adam.options().lr(0.05).maximize(true)), null));
        // o.AdamW(n.parameters(), lr=0.01)
        CONFIGS.put("adamw", n -> new Setup(new AdamW(n.parameters(), 0.01), null));
        // o.AdamW(n.parameters(), lr=0.05, betas=(0.5, 0.9), eps=1e-4, weight_decay=0.5)
        CONFIGS.put("adamw.custom", n -> new Setup(new AdamW(n.parameters(),
                AdamW.options().lr(0.05).betas(0.5, 0.9).eps(1e-4).weightDecay(0.5)), null));
        // o.AdamW([{"params": n.weight}, {"params": n.bias, "weight_decay": 0}], lr=0.05)
        CONFIGS.put("adamw.groups", n -> new Setup(new AdamW(AdamW.options().lr(0.05),
                ParamGroup.of(n.weight()), ParamGroup.of(n.bias()).option("weightDecay", 0)), null));
        // opt = o.SGD(n.parameters(), lr=0.1, momentum=0.9); o.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        CONFIGS.put("steplr", n -> {
            SGD opt = new SGD(n.parameters(), SGD.options().lr(0.1).momentum(0.9));
            return new Setup(opt, new StepLR(opt, 2, 0.5));
        });
        // opt = o.Adam(n.parameters(), lr=0.1); o.lr_scheduler.CosineAnnealingLR(opt, T_max=3, eta_min=0.001)
        CONFIGS.put("cosine", n -> {
            Adam opt = new Adam(n.parameters(), 0.1);
            return new Setup(opt, new CosineAnnealingLR(opt, 3, 0.001));
        });
        // opt = o.SGD([{"params": n.weight}, {"params": n.bias, "lr": 0.3}], lr=0.1); CosineAnnealingLR(opt, T_max=2)
        CONFIGS.put("cosine.groups", n -> {
            SGD opt = new SGD(SGD.options().lr(0.1), ParamGroup.of(n.weight()), ParamGroup.of(n.bias()).option("lr", 0.3));
            return new Setup(opt, new CosineAnnealingLR(opt, 2));
        });
    }

    /** Linear(3, 2) with the recorded initial weight and bias. */
    static Linear freshNet() {
        Linear net = new Linear(3, 2);
        try (var off = GradMode.set(false)) {
            net.weight().copy_(GOLDEN.tensor("optim.data.W0"));
            net.bias().copy_(GOLDEN.tensor("optim.data.B0"));
        }
        return net;
    }

    /** One training step as the script's run(): zero_grad, MSE backward, step, scheduler step. */
    static void trainStep(Linear net, Setup s) {
        s.optimizer().zeroGrad();
        F.mseLoss(net.forward(GOLDEN.tensor("optim.data.X")), GOLDEN.tensor("optim.data.Y")).backward();
        s.optimizer().step();
        if (s.scheduler() != null) s.scheduler().step();
    }

    @TestFactory
    Stream<DynamicTest> trajectoriesMatchTorch() {
        List<String> recorded = new ArrayList<>();
        for (String k : GOLDEN.keys("optim.")) if (k.endsWith(".1.weight")) recorded.add(k.substring(6, k.length() - 9));
        assertEquals(recorded, List.copyOf(CONFIGS.keySet()), "the configurations mirror nn.py's");
        return CONFIGS.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            Linear net = freshNet();
            Setup s = c.getValue().apply(net);
            for (int step = 1; step <= 5; step++) {
                trainStep(net, s);
                String key = "optim." + c.getKey() + "." + step + ".";
                assertClose(GOLDEN.tensor(key + "weight"), net.weight(), key + "weight");
                assertClose(GOLDEN.tensor(key + "bias"), net.bias(), key + "bias");
                double[] lrs = s.optimizer().paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
                assertArrayEquals(GOLDEN.tensor(key + "lr").toDoubleArray(), lrs, 1e-15, key + "lr");
            }
        }));
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++)
            if (!(Math.abs(e[i] - a[i]) <= TOLERANCE * Math.max(1, Math.abs(e[i]))))
                fail(what + "[" + i + "]: expected " + e[i] + " but was " + a[i]);
    }
}
