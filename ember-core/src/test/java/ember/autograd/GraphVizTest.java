package ember.autograd;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ember.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphVizTest {
    /** The seed's graph: loss = (10 − Σ x·x)² with x = arange(4.0). */
    private static Tensor seedLoss(Tensor x) { return x.mul(x).sum().rsub(10).pow(2); }

    /** The DOT id of the node whose label is exactly {@code label}. */
    private static String idOf(String dot, String label) {
        Matcher m = Pattern.compile("(?m)^\\t(\\d+) \\[label=\"" + Pattern.quote(label) + "\"").matcher(dot);
        assertTrue(m.find(), "no node labelled " + label + " in\n" + dot);
        return m.group(1);
    }

    @Test
    void dotDrawsTheGraphAsTorchvizDoes() {
        Tensor x = arange(4.0).requiresGrad_();
        String dot = GraphViz.makeDot(seedLoss(x)).source();
        assertTrue(dot.startsWith("digraph {\n\tgraph [size=\"12,12\"]\n\tnode [align=left fontname=monospace fontsize=10"
                + " height=0.2 ranksep=0.1 shape=box style=filled]\n"), dot);
        String out = idOf(dot, "\\n ()"), pow = idOf(dot, "PowBackward0"), rsub = idOf(dot, "RsubBackward1");
        String sum = idOf(dot, "SumBackward0"), mul = idOf(dot, "MulBackward0"), acc = idOf(dot, "AccumulateGrad");
        String leaf = idOf(dot, "\\n (4)");
        assertTrue(dot.contains("\t" + out + " [label=\"\\n ()\" fillcolor=darkolivegreen1]"), dot);
        assertTrue(dot.contains("\t" + leaf + " [label=\"\\n (4)\" fillcolor=lightblue]"), dot);
        // edges follow the forward pass: leaf → AccumulateGrad → MulBackward0 (twice: x·x) → ... → PowBackward0 → output
        for (String edge : List.of(leaf + " -> " + acc, sum + " -> " + rsub, mul + " -> " + sum, rsub + " -> " + pow,
                pow + " -> " + out))
            assertTrue(dot.contains("\t" + edge + "\n"), edge + " in\n" + dot);
        assertEquals(2, dot.split("\t" + acc + " -> " + mul + "\n", -1).length - 1, dot);
        assertEquals(1, dot.split("AccumulateGrad", -1).length - 1, "one AccumulateGrad per leaf");
        assertTrue(dot.endsWith("}\n"));
    }

    @Test
    void parametersAreNamedAndSavedTensorsShown() {
        Tensor w = randn(3, 2).requiresGrad_(), b = zeros(2).requiresGrad_();
        Tensor y = ones(3, 2).mul(w).add(b).relu().sum();
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("weight", w);
        params.put("bias", b);
        String plain = GraphViz.makeDot(y, params).source();
        assertTrue(plain.contains("[label=\"weight\\n (3, 2)\" fillcolor=lightblue]"), plain);
        assertTrue(plain.contains("[label=\"bias\\n (2)\" fillcolor=lightblue]"), plain);
        assertFalse(plain.contains("orange"));
        String saved = GraphViz.makeDot(List.of(y), params, true).source();
        String relu = idOf(saved, "ReluBackward0");
        Matcher m = Pattern.compile("\\t" + relu + " -> (\\d+) \\[dir=none]").matcher(saved);
        assertTrue(m.find(), saved);
        assertTrue(saved.contains("\t" + m.group(1) + " [label=\"saved[0]\\n (3, 2)\" fillcolor=orange]"), saved);
    }

    @Test
    void aViewOutputShowsItsBase() {
        Tensor x = ones(2, 3).requiresGrad_();
        Tensor h = x.mul(2.0);
        Tensor v = h.t();
        String dot = GraphViz.makeDot(v).source();
        String out = idOf(dot, "\\n (3, 2)"), mul = idOf(dot, "MulBackward0");
        Matcher base = Pattern.compile("\\t(\\d+) \\[label=\"\\\\n \\(2, 3\\)\" fillcolor=darkolivegreen3]").matcher(dot);
        assertTrue(base.find(), dot);
        assertTrue(dot.contains("\t" + base.group(1) + " -> " + out + " [style=dotted]"), dot);
        assertTrue(dot.contains("\t" + mul + " -> " + base.group(1) + "\n"), dot); // the base's own grad_fn
    }

    @Test
    void textTree() {
        Tensor x = arange(4.0).requiresGrad_();
        assertEquals("""
                PowBackward0
                └─ RsubBackward1
                   └─ SumBackward0
                      └─ MulBackward0
                         ├─ AccumulateGrad (4)
                         └─ AccumulateGrad (4)
                """, GraphViz.textTree(seedLoss(x)));
        // the seed as the book writes it, with torch.dot
        assertEquals("""
                PowBackward0
                └─ RsubBackward1
                   └─ DotBackward0
                      ├─ AccumulateGrad (4)
                      └─ AccumulateGrad (4)
                """, GraphViz.textTree(x.dot(x).rsub(10).pow(2)));
        Tensor w = ones(2).requiresGrad_();
        Tensor h = x.slice(0, 0, 2, 1).mul(w);
        assertEquals("""
                AddBackward0
                ├─ ExpBackward0
                │  └─ MulBackward0
                │     ├─ SliceBackward0
                │     │  └─ AccumulateGrad x (4)
                │     └─ AccumulateGrad w (2)
                └─ MulBackward0 (shared, shown above)
                """, GraphViz.textTree(h.exp().add(h), Map.of("x", x, "w", w)));
        assertEquals("no grad_fn: the tensor does not require grad", GraphViz.textTree(ones(2)));
    }

    @Test
    void deepGraphsNeedNoDeepStack() {
        Tensor y = ones(2).requiresGrad_();
        for (int i = 0; i < 10_000; i++) y = y.mul(1.0);
        String dot = GraphViz.makeDot(y).source();
        assertEquals(10_000, dot.split("MulBackward0", -1).length - 1);
        assertTrue(GraphViz.textTree(y).contains("… (deeper nodes not shown)"));
    }

    @Test
    void renderNeedsGraphvizAndSaysSoWhenMissing(@TempDir Path dir) {
        var dot = GraphViz.makeDot(seedLoss(arange(4.0).requiresGrad_()));
        var e = assertThrows(IllegalStateException.class,
                () -> dot.render(dir.resolve("g.svg"), "svg", dir.resolve("no-such-dot")));
        assertTrue(e.getMessage().contains("Graphviz's `dot` program was not found"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install graphviz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dot.render(dir.resolve("graph")));
    }

    @Test
    void renderToSvgWhenGraphvizIsInstalled(@TempDir Path dir) throws Exception {
        assumeTrue(GraphViz.findDot().isPresent(), "Graphviz's dot is not installed");
        Path svg = GraphViz.makeDot(seedLoss(arange(4.0).requiresGrad_())).render(dir.resolve("seed.svg"));
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), text);
        assertTrue(text.contains("PowBackward0"), text);
        Path png = GraphViz.makeDot(seedLoss(arange(4.0).requiresGrad_())).render(dir.resolve("seed.png"));
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }
}
