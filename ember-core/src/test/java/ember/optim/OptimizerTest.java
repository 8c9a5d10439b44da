package ember.optim;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.io.Safetensors;
import ember.nn.Linear;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optimizer semantics: groups, zeroGrad, steps without recording, state dicts that resume exactly, errors. */
class OptimizerTest {
    private static Tensor param(double... values) { return tensor(values).requiresGrad_(); }

    @Test
    void stepRunsWithoutRecordingAndKeepsLeaves() {
        // p = [1, 2], loss = Σp² → g = 2p = [2, 4]; SGD lr 0.1: p = [0.8, 1.6]
        Tensor p = param(1, 2);
        SGD opt = new SGD(List.of(p), 0.1);
        p.square().sum().backward();
        opt.step();
        assertArrayEquals(new float[]{0.8f, 1.6f}, p.toFloatArray(), 1e-7f);
        assertTrue(p.isLeaf() && p.requiresGrad());
        assertNull(p.gradFn());
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        // a frozen parameter (requires_grad False) is accepted, as PyTorch does, and never has a gradient to apply
        Tensor frozen = tensor(5, 5), live = param(1);
        SGD opt = new SGD(List.of(frozen, live), 1.0);
        live.mul(3).sum().backward();
        opt.step();
        assertArrayEquals(new float[]{5, 5}, frozen.toFloatArray());
        assertArrayEquals(new float[]{-2}, live.toFloatArray());
    }

    @Test
    void zeroGradSetsToNoneByDefault() {
        Tensor p = param(1, 2);
        Adam opt = new Adam(List.of(p), 0.1);
        p.sum().backward();
        opt.zeroGrad(false);
        assertArrayEquals(new float[]{0, 0}, p.grad().toFloatArray());
        opt.zeroGrad();
        assertNull(p.grad());
    }

    @Test
    void laterGroupsGetTheDefaults() {
        Tensor a = param(1), b = param(2);
        SGD opt = new SGD(List.of(a), SGD.options().lr(0.1).momentum(0.9));
        opt.addParamGroup(ParamGroup.of(b).option("lr", 0.01));
        ParamGroup g = opt.paramGroups().get(1);
        assertEquals(0.01, g.lr());
        assertEquals(0.9, g.get("momentum"));
        assertFalse(g.getBoolean("nesterov"));
        assertThrows(UnsupportedOperationException.class, () -> opt.paramGroups().clear());
    }

    /** The state after {@code steps} steps of minimizing Σ(p − target)², for a fresh copy of the start. */
    private static Tensor train(Optimizer opt, Tensor p, int steps) {
        Tensor target = tensor(3, -1, 0.5);
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            p.sub(target).square().sum().backward();
            opt.step();
        }
        return p;
    }

    private static void assertResumesExactly(Function<List<Tensor>, Optimizer> make, Path dir) throws IOException {
        Tensor straight = param(1, 2, 3);
        train(make.apply(List.of(straight)), straight, 5);

        Tensor first = param(1, 2, 3);
        Optimizer before = make.apply(List.of(first));
        train(before, first, 2);
        Path file = dir.resolve("opt.safetensors");
        Safetensors.save(before.stateDict(), file);

        Tensor resumed = first.detach().clone().requiresGrad_();
        Optimizer after = make.apply(List.of(resumed));
        after.loadStateDict(Safetensors.load(file));
        train(after, resumed, 3);
        assertArrayEquals(straight.toFloatArray(), resumed.toFloatArray(), "resumed training differs from uninterrupted");
    }

    @Test
    void stateDictResumesTrainingExactly(@TempDir Path dir) throws IOException {
        assertResumesExactly(ps -> new SGD(ps, SGD.options().lr(0.05).momentum(0.9).nesterov(true)), dir);
        assertResumesExactly(ps -> new Adam(ps, Adam.options().lr(0.1).amsgrad(true)), dir);
        assertResumesExactly(ps -> new AdamW(ps, 0.1), dir);
    }

    @Test
    void stateDictHasTorchsStructure() {
        Tensor w = param(1, 2), b = param(3);
        Adam opt = new Adam(Adam.options().lr(0.1), ParamGroup.of(w), ParamGroup.of(b).option("weightDecay", 0.5));
        w.sum().add(b.sum()).backward();
        opt.step();
        Map<String, Tensor> sd = opt.stateDict();
        assertArrayEquals(new long[]{0}, sd.get("param_groups.0.params").toLongArray());
        assertArrayEquals(new long[]{1}, sd.get("param_groups.1.params").toLongArray());
        assertEquals(0.5, sd.get("param_groups.1.weightDecay").item());
        assertEquals(DType.FLOAT32, sd.get("state.0.step").dtype()); // torch.tensor(1.)
        assertEquals(1, sd.get("state.1.step").item());
        assertArrayEquals(new int[]{2}, sd.get("state.0.exp_avg").shape());
        assertTrue(sd.containsKey("state.1.exp_avg_sq"));
        // a copy: later steps do not change it
        double m = sd.get("state.0.exp_avg").toDoubleArray()[0];
        opt.step();
        assertEquals(m, sd.get("state.0.exp_avg").toDoubleArray()[0]);
    }

    @Test
    void loadingAMismatchedStateDictChangesNothing() {
        Tensor w = param(1, 2), b = param(3);
        SGD source = new SGD(SGD.options().lr(0.1).momentum(0.9), ParamGroup.of(w), ParamGroup.of(b));
        w.sum().add(b.sum()).backward();
        source.step();
        Map<String, Tensor> sd = source.stateDict();

        SGD oneGroup = new SGD(List.of(param(1, 2), param(3)), SGD.options().lr(0.5).momentum(0.9));
        var e = assertThrows(IllegalArgumentException.class, () -> oneGroup.loadStateDict(sd));
        assertEquals("loaded state dict has a different number of parameter groups", e.getMessage());
        assertEquals(0.5, oneGroup.paramGroups().get(0).lr());

        SGD otherSizes = new SGD(SGD.options().lr(0.5), ParamGroup.of(param(1), param(2)), ParamGroup.of(param(3)));
        e = assertThrows(IllegalArgumentException.class, () -> otherSizes.loadStateDict(sd));
        assertEquals("loaded state dict contains a parameter group that doesn't match the size of optimizer's group", e.getMessage());

        SGD otherShapes = new SGD(SGD.options().lr(0.5).momentum(0.9), ParamGroup.of(param(1, 2, 3)), ParamGroup.of(param(3)));
        e = assertThrows(IllegalArgumentException.class, () -> otherShapes.loadStateDict(sd));
        assertTrue(e.getMessage().contains("state.0.momentum_buffer has shape torch.Size([2])"), e.getMessage());
        assertEquals(0.5, otherShapes.paramGroups().get(0).lr());

        Map<String, Tensor> bad = new LinkedHashMap<>(sd);
        bad.put("momentum", scalar(1));
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(SGD.options().lr(0.1), ParamGroup.of(param(1, 2)),
                ParamGroup.of(param(3))).loadStateDict(bad));
        assertTrue(e.getMessage().startsWith("not an optimizer state dict key: 'momentum'"), e.getMessage());
    }

    @Test
    void badConstructionIsRefusedInTorchsWords() {
        Tensor a = param(1);
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
        assertEquals("optimizer got an empty parameter list", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a.mul(2)), 0.1));
        assertEquals("can't optimize a non-leaf Tensor", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(Adam.options(), ParamGroup.of(a), ParamGroup.of(a)));
        assertEquals("some parameters appear in more than one parameter group", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a, a), 0.1));
        assertTrue(e.getMessage().startsWith("optimizer contains a parameter group with duplicate parameters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(SGD.options().lr(0.1), ParamGroup.of(a).option("weight_decay", 1)));
        assertTrue(e.getMessage().startsWith("unknown option 'weight_decay' for SGD"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(SGD.options(), ParamGroup.of(a)));
        assertEquals("parameter group didn't specify a value of required optimization parameter lr", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a), SGD.options().lr(0.1).nesterov(true)));
        assertEquals("Nesterov momentum requires a momentum and zero dampening", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SGD.options().lr(-0.1));
        assertEquals("Invalid learning rate: -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adam.options().betas(1.0, 0.9));
        assertEquals("Invalid beta parameter at index 0: 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adam.options().eps(-1e-8));
        assertEquals("Invalid epsilon value: -1.0E-8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AdamW.options().weightDecay(-1));
        assertEquals("Invalid weight_decay value: -1.0", e.getMessage());
        // a group's own lr satisfies SGD's required lr
        new SGD(SGD.options(), ParamGroup.of(a).option("lr", 0.1));
    }

    @Test
    void theBooksWeightDecayGroupsDecayOnlyTheWeight() {
        // trainer = torch.optim.SGD([{"params": net[0].weight, 'weight_decay': wd}, {"params": net[0].bias}], lr=lr)
        // with a zero gradient the weight shrinks by lr·wd per step and the bias stays
        Linear net = new Linear(2, 1);
        try (var off = noGrad()) {
            net.weight().fill_(1);
            net.bias().fill_(1);
        }
        SGD trainer = new SGD(SGD.options().lr(0.1), ParamGroup.of(net.weight()).option("weightDecay", 3), ParamGroup.of(net.bias()));
        net.weight().setGrad(zeros(1, 2));
        net.bias().setGrad(zeros(1));
        trainer.step();
        assertArrayEquals(new float[]{0.7f, 0.7f}, net.weight().toFloatArray(), 1e-7f); // 1 − 0.1·3·1
        assertArrayEquals(new float[]{1}, net.bias().toFloatArray());
    }
}
