package ember.nn;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Device;
import ember.Tensor;
import ember.nn.ModulePrintTest.FixedHiddenMLP;
import ember.nn.ModulePrintTest.MLP;
import ember.nn.ModulePrintTest.NestMLP;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Module semantics as PyTorch's: traversal orders, sharing, modes, apply, zeroGrad, registration rules, devices. */
class ModuleStructureTest {
    private static final NnGolden GOLDEN = NnGolden.get();

    private static List<String> jsonList(String json) {
        List<String> out = new ArrayList<>();
        for (String item : json.substring(1, json.length() - 1).split(", ")) out.add(item.substring(1, item.length() - 1));
        return out;
    }

    @Test
    void stateDictKeysFollowRegistrationOrderRecursively() {
        // list(nn.Sequential(block2(), nn.Linear(4, 1)).state_dict().keys()), keys with spaces included
        Sequential rgnet = new Sequential(ModulePrintTest.block2(), new Linear(4, 1));
        assertEquals(jsonList(GOLDEN.string("keys.rgnet")), List.copyOf(rgnet.stateDict().keySet()));
        assertEquals(jsonList(GOLDEN.string("keys.rgnet")), List.copyOf(rgnet.namedParameters().keySet()));
        Sequential chimera = new Sequential(new NestMLP(), new Linear(16, 20), new FixedHiddenMLP());
        assertEquals(jsonList(GOLDEN.string("keys.chimera")), List.copyOf(chimera.stateDict().keySet()));
        // parameters() is namedParameters' values in the same order
        assertEquals(List.copyOf(chimera.namedParameters().values()), chimera.parameters());
        // rgnet[0][1][0].bias: d2l's access of a nested block
        Linear first = (Linear) ((Sequential) ((Sequential) rgnet.get(0)).get(1)).get(0);
        assertSame(first.bias(), rgnet.namedParameters().get("0.block 1.0.bias"));
    }

    @Test
    void childrenAndModulesArePreorderWithoutRepeats() {
        MLP mlp = new MLP();
        assertEquals(List.of(mlp.hidden, mlp.out), mlp.children());
        assertEquals(List.of(mlp, mlp.hidden, mlp.out), mlp.modules());
        assertEquals(List.of("", "hidden", "out"), List.copyOf(mlp.namedModules().keySet()));
        Linear shared = new Linear(2, 2);
        Sequential net = new Sequential(shared, new ReLU(), shared);
        assertEquals(2, net.children().size(), "a module registered twice is one child");
        assertEquals(List.of("", "0", "1"), List.copyOf(net.namedModules().keySet()));
        assertEquals(3, net.size(), "but Sequential applies it twice");
        assertSame(shared, net.get(2));
        assertSame(shared, net.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> net.get(3));
        List<Module> layers = new ArrayList<>();
        for (Module m : net) layers.add(m);
        assertEquals(List.of(shared, net.get(1), shared), layers);
    }

    @Test
    void sharedLayerIsAppliedTwiceAndItsGradientAccumulates() {
        // y = W·relu(W·x) with one W (bias-free): dy/dW gets both uses' contributions
        Linear shared = new Linear(1, 1, false);
        try (var off = noGrad()) {
            shared.weight().fill_(3);
        }
        Sequential net = new Sequential(shared, new ReLU(), shared);
        Tensor y = net.forward(tensor(new double[][]{{2}}));
        assertEquals(18, y.item()); // 3·relu(3·2)
        y.backward();
        assertEquals(12, shared.weight().grad().item()); // d(w²·2)/dw = 4w = 12
        assertEquals(1, net.parameters().size());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential net = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5), new ReLU()));
        net.eval();
        for (Module m : net.modules()) assertFalse(m.isTraining(), m + " still training");
        net.train();
        for (Module m : net.modules()) assertTrue(m.isTraining(), m + " not training");
        Sequential same = net.train(false);
        assertSame(net, same);
        assertFalse(((Sequential) net.get(1)).get(0).isTraining());
    }

    @Test
    void applyVisitsChildrenBeforeParents() {
        Sequential inner = new Sequential(new ReLU());
        Sequential net = new Sequential(new Linear(1, 1), inner);
        List<String> order = new ArrayList<>();
        net.apply(m -> order.add(m.getClass().getSimpleName() + (m == inner ? "(inner)" : m == net ? "(outer)" : "")));
        assertEquals(List.of("Linear", "ReLU", "Sequential(inner)", "Sequential(outer)"), order);
    }

    @Test
    void zeroGradClearsOrZeroesGradients() {
        Linear l = new Linear(2, 1);
        l.forward(ones(1, 2)).sum().backward();
        assertNotNull(l.weight().grad());
        l.zeroGrad(false);
        assertArrayEquals(new float[]{0, 0}, l.weight().grad().toFloatArray());
        l.zeroGrad();
        assertNull(l.weight().grad());
        assertNull(l.bias().grad());
    }

    @Test
    void requiresGradFreezesParameters() {
        Sequential net = new Sequential(new Linear(2, 2), new Linear(2, 1));
        net.get(0).requiresGrad_(false);
        net.forward(ones(1, 2)).sum().backward();
        assertNull(((Linear) net.get(0)).weight().grad());
        assertNotNull(((Linear) net.get(1)).weight().grad());
    }

    @Test
    void registrationFollowsTorchsRules() {
        Sequential net = new Sequential();
        var e = assertThrows(IllegalArgumentException.class, () -> net.addModule("a.b", new ReLU()));
        assertEquals("module name can't contain \".\", got: a.b", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.addModule("", new ReLU()));
        assertEquals("module name can't be empty string \"\"", e.getMessage());
        net.registerParameter("w", zeros(2));
        e = assertThrows(IllegalArgumentException.class, () -> net.addModule("w", new ReLU()));
        assertEquals("attribute 'w' already exists", e.getMessage());
        // re-registering the same kind replaces it, keeping its place
        Tensor w2 = net.registerParameter("w", ones(2));
        assertSame(w2, net.parameter("w"));
        assertTrue(w2.requiresGrad() && w2.isLeaf());
        e = assertThrows(IllegalArgumentException.class, () -> net.registerParameter("i", arange(3)));
        assertTrue(e.getMessage().contains("floating point"), e.getMessage());
    }

    @Test
    void absentBiasIsSkipped() {
        Linear l = new Linear(3, 2, false);
        assertEquals(List.of("weight"), List.copyOf(l.namedParameters().keySet()));
        assertEquals(List.of("weight"), List.copyOf(l.stateDict().keySet()));
        assertArrayEquals(new int[]{4, 2}, l.forward(ones(4, 3)).shape());
    }

    @Test
    void linearRefusesAMismatchedInputInTorchsWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2).forward(ones(4, 5)));
        assertEquals("mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2)", e.getMessage());
    }

    @Test
    void devicesRunGpuReadyCodeOnTheCpu() {
        // d2l use-gpu: net = nn.Sequential(nn.Linear(3, 1)); net = net.to(device=try_gpu()); net[0].weight.data.device
        assertEquals(0, gpuCount());
        Device device = tryGpu();
        assertEquals(Device.CPU, device);
        assertEquals(Device.CPU, tryGpu(10));
        assertEquals(List.of(Device.CPU), tryAllGpus());
        Sequential net = new Sequential(new Linear(3, 1));
        Sequential moved = net.to(device); // net = net.to(device=try_gpu()) keeps its type
        assertSame(net, moved);
        Tensor x = ones(2, 3).to(device);
        assertEquals(Device.CPU, x.device());
        assertEquals(Device.CPU, ((Linear) net.get(0)).weight().device());
        assertArrayEquals(new int[]{2, 1}, net.forward(x).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> net.to(Device.cuda(0)));
        assertTrue(e.getMessage().contains("tryGpu()"), e.getMessage());
    }

    @Test
    void moduleIsAFunctionOfATensor() {
        java.util.function.Function<Tensor, Tensor> f = new Sequential(new ReLU());
        assertArrayEquals(new float[]{0, 2}, f.apply(tensor(-1, 2)).toFloatArray());
    }
}
