package ember.nn;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Weights after a seed are PyTorch's, bit for bit: {@code torch.manual_seed(s); nn.Linear(i, o)} (kaiming_uniform_(a=√5)
 * on the weight, then U(±1/√in) on the bias, both from the global generator) and every nn.init function
 * (golden/nn.txt, init.*).
 */
class InitTest {
    private static final NnGolden GOLDEN = NnGolden.get();

    private static void assertExact(String key, Tensor actual) {
        Tensor expected = GOLDEN.tensor(key);
        assertArrayEquals(expected.shape(), actual.shape(), key + " shape");
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), key);
    }

    @Test
    void linearMatchesTorchAfterSeed() {
        // torch.manual_seed(seed); nn.Linear(in, out, bias=bias)
        int[][] cases = {{0, 3, 2, 1}, {42, 20, 7, 1}, {7, 5, 1, 1}, {3, 4, 3, 0}, {5, 64, 32, 1}, {11, 1, 17, 1}};
        for (int[] c : cases) {
            manualSeed(c[0]);
            Linear l = new Linear(c[1], c[2], c[3] == 1);
            String key = "init.linear." + c[0] + "." + c[1] + "." + c[2] + "." + c[3];
            assertExact(key + ".weight", l.weight());
            if (c[3] == 1) assertExact(key + ".bias", l.bias());
            else assertNull(l.bias());
        }
    }

    @Test
    void consecutiveLayersContinueTheStream() {
        // torch.manual_seed(1); nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
        manualSeed(1);
        Sequential net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        var sd = net.stateDict();
        assertEquals(java.util.List.of("0.weight", "0.bias", "2.weight", "2.bias"), java.util.List.copyOf(sd.keySet()));
        for (var e : sd.entrySet()) assertExact("init.seq." + e.getKey(), e.getValue());
    }

    private static void initCase(String name, long seed, int[] shape, Consumer<Tensor> init) {
        manualSeed(seed);
        Tensor w = empty(shape);
        init.accept(w);
        assertExact("init." + name, w);
    }

    @Test
    void initFunctionsMatchTorchAfterSeed() {
        initCase("normal.small", 0, new int[]{3, 4}, w -> Init.normal_(w, 0, 0.01));
        initCase("normal.large", 0, new int[]{20, 20}, w -> Init.normal_(w, 1.5, 2.0));
        initCase("uniform", 1, new int[]{5}, w -> Init.uniform_(w, -2, 3));
        initCase("uniform.default", 2, new int[]{2, 3}, Init::uniform_);
        initCase("constant", 0, new int[]{2, 2}, w -> Init.constant_(w, 42));
        initCase("xavier_uniform", 1, new int[]{5, 3}, Init::xavierUniform_);
        initCase("xavier_uniform.gain", 2, new int[]{7, 9}, w -> Init.xavierUniform_(w, 2.0));
        initCase("xavier_normal", 3, new int[]{6, 4}, Init::xavierNormal_);
        initCase("xavier_normal.gain", 4, new int[]{30, 20}, w -> Init.xavierNormal_(w, 0.5));
        initCase("kaiming_uniform", 5, new int[]{4, 6}, Init::kaimingUniform_);
        initCase("kaiming_uniform.fan_out", 6, new int[]{4, 6}, w -> Init.kaimingUniform_(w, 0.1, "fan_out", "leaky_relu"));
        initCase("kaiming_uniform.conv", 7, new int[]{3, 2, 5}, w -> Init.kaimingUniform_(w, 0, "fan_in", "relu"));
        initCase("kaiming_normal", 8, new int[]{8, 5}, Init::kaimingNormal_);
        initCase("kaiming_normal.fan_out", 9, new int[]{16, 10}, w -> Init.kaimingNormal_(w, 0, "fan_out", "relu"));
    }

    @Test
    void gainsAreTorchs() {
        // [calculate_gain(n) for n in (linear, sigmoid, tanh, relu, leaky_relu, selu)] + leaky_relu 0.2 and √5
        double[] expected = GOLDEN.tensor("init.gains").toDoubleArray();
        double[] actual = {Init.calculateGain("linear"), Init.calculateGain("sigmoid"), Init.calculateGain("tanh"),
                Init.calculateGain("relu"), Init.calculateGain("leaky_relu"), Init.calculateGain("selu"),
                Init.calculateGain("leaky_relu", 0.2), Init.calculateGain("leaky_relu", Math.sqrt(5))};
        assertArrayEquals(expected, actual);
    }

    @Test
    void initRunsWithoutRecordingOnParameters() {
        Linear l = new Linear(3, 2);
        Init.normal_(l.weight(), 0, 0.01);
        Init.zeros_(l.bias());
        assertTrue(l.weight().isLeaf());
        assertTrue(l.weight().requiresGrad());
        assertArrayEquals(new float[]{0, 0}, l.bias().toFloatArray());
        Init.ones_(l.bias());
        assertArrayEquals(new float[]{1, 1}, l.bias().toFloatArray());
    }

    @Test
    void badArgumentsAreRefusedInTorchsWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(empty(3)));
        assertEquals("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Init.kaimingUniform_(empty(3, 4), 0, "fan_x", "relu"));
        assertEquals("Mode fan_x not supported, please use one of ['fan_in', 'fan_out']", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("foo"));
        assertEquals("Unsupported nonlinearity foo", e.getMessage());
    }

    @Test
    void zeroElementTensorsAreLeftAlone() {
        // kaiming on a [0, 3] weight is a no-op in PyTorch (fan_in 3 exists, but there is nothing to fill)
        Tensor w = empty(0, 3);
        assertSame(w, Init.kaimingUniform_(w));
        new Linear(0, 3); // bias bound 0: U(0, 0)
    }
}
