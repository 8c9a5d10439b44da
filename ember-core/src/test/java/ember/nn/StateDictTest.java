package ember.nn;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import ember.io.Safetensors;
import ember.nn.ModulePrintTest.MLP;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stateDict / loadStateDict: PyTorch's keys and error messages (golden/nn.txt, error.*), all-or-nothing loading,
 * and the round trip through safetensors files.
 */
class StateDictTest {
    private static final NnGolden GOLDEN = NnGolden.get();

    private static Map<String, Tensor> mlpState() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        new MLP().stateDict().forEach((k, v) -> sd.put(k, v.clone()));
        return sd;
    }

    private static void assertLoadFails(String golden, Module net, Map<String, Tensor> sd) {
        Map<String, Tensor> before = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> before.put(k, v.clone()));
        var e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(sd));
        assertEquals(GOLDEN.string(golden), e.getMessage());
        // nothing was copied, not even the entries that matched (PyTorch copies those before it raises)
        net.stateDict().forEach((k, v) -> assertTrue(before.get(k).equal(v), k + " changed"));
    }

    @Test
    void errorsAreTorchsWords() {
        Map<String, Tensor> sd = mlpState();
        sd.remove("out.bias");
        assertLoadFails("error.missing", new MLP(), sd);

        sd = mlpState();
        sd.put("extra.weight", zeros(1));
        sd.put("out.extra", zeros(1));
        assertLoadFails("error.unexpected", new MLP(), sd);

        sd = mlpState();
        sd.put("hidden.weight", zeros(256, 21));
        assertLoadFails("error.size", new MLP(), sd);

        sd = mlpState();
        sd.remove("hidden.bias");
        sd.put("hidden.weight", zeros(3));
        sd.put("more", zeros(2));
        assertLoadFails("error.all", new MLP(), sd);

        Map<String, Tensor> seq = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).stateDict();
        assertLoadFails("error.sequential", new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2)), seq);
    }

    @Test
    void nonStrictLoadReportsTheKeysItSkipped() {
        Map<String, Tensor> sd = mlpState();
        sd.remove("out.bias");
        sd.put("extra", zeros(1));
        MLP net = new MLP();
        IncompatibleKeys result = net.loadStateDict(sd, false);
        assertEquals(List.of("out.bias"), result.missingKeys());
        assertEquals(List.of("extra"), result.unexpectedKeys());
        assertTrue(net.hidden.weight().equal(sd.get("hidden.weight")), "matching keys are loaded");
        // shapes are checked even when not strict
        sd.put("out.weight", zeros(1));
        assertThrows(IllegalArgumentException.class, () -> new MLP().loadStateDict(sd, false));
    }

    @Test
    void stateDictSharesStorageWithoutGrad() {
        Linear l = new Linear(2, 3);
        Tensor w = l.stateDict().get("weight");
        assertFalse(w.requiresGrad());
        assertTrue(w.isLeaf());
        try (var off = noGrad()) {
            l.weight().fill_(7);
        }
        assertEquals(7, w.get("0, 0").item());
    }

    @Test
    void loadingConvertsDtypesAndKeepsParametersLeaves() {
        Linear l = new Linear(2, 1);
        Map<String, Tensor> sd = Map.of("weight", tensor(new double[][]{{1, 2}}).to(DType.FLOAT64), "bias", tensor(3.0).to(DType.FLOAT64));
        assertEquals("<All keys matched successfully>", l.loadStateDict(sd).toString());
        assertEquals(DType.FLOAT32, l.weight().dtype());
        assertArrayEquals(new float[]{1, 2}, l.weight().toFloatArray());
        assertTrue(l.weight().isLeaf() && l.weight().requiresGrad());
        assertNull(l.weight().grad());
    }

    @Test
    void roundTripThroughSafetensors(@TempDir Path dir) throws IOException {
        // d2l read-write: torch.save(net.state_dict(), 'mlp.params'); clone = MLP(); clone.load_state_dict(torch.load(...))
        MLP net = new MLP();
        Tensor x = randn(2, 20);
        Tensor y = net.forward(x);
        Path file = dir.resolve("mlp.safetensors");
        net.save(file);
        MLP clone = new MLP();
        assertEquals("<All keys matched successfully>", clone.load(file).toString());
        clone.eval();
        assertTrue(clone.forward(x).equal(y));
        // the file is a plain safetensors file with the state dict's keys
        assertEquals(net.stateDict().keySet(), Safetensors.load(file).keySet());
        assertTrue(Files.size(file) > 4 * (20 * 256 + 256 + 256 * 10 + 10));
    }

    @Test
    void buffersAreSavedAndLoaded() {
        class WithBuffer extends Module {
            final Tensor running = registerBuffer("running_mean", zeros(3));
            final Linear lin = registerModule("lin", new Linear(3, 3));

            @Override
            public Tensor forward(Tensor x) { return lin.forward(x.sub(running)); }
        }
        WithBuffer a = new WithBuffer(), b = new WithBuffer();
        a.running.fill_(5);
        assertEquals(List.of("running_mean", "lin.weight", "lin.bias"), List.copyOf(a.stateDict().keySet()));
        assertEquals(List.of("lin.weight", "lin.bias"), List.copyOf(a.namedParameters().keySet()));
        b.loadStateDict(a.stateDict());
        assertArrayEquals(new float[]{5, 5, 5}, b.running.toFloatArray());
    }

    @Test
    void sharedParametersAppearUnderEveryName() {
        // shared = nn.Linear(8, 8); nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))
        Linear shared = new Linear(8, 8);
        Sequential net = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias"),
                List.copyOf(net.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "6.weight", "6.bias"),
                List.copyOf(net.namedParameters().keySet()));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> sd.put(k, v.clone()));
        new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1)).loadStateDict(sd);
    }
}
