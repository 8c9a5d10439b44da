package ember.autograd;

import ember.Tensor;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Pictures of a tensor's backward graph: Graphviz DOT laid out as torchviz's {@code make_dot} draws it, and a text
 * tree for the terminal.
 *
 * <p>In the DOT picture, as in torchviz: each backward node is a grey box with PyTorch's name
 * ({@code PowBackward0}, {@code AccumulateGrad}); each leaf that requires grad is a light-blue box with its name
 * (from {@code params}) and shape, e.g. {@code (4)}, pointing into its AccumulateGrad; the output tensor is a dark
 * green box; with {@code showSaved}, the tensors a node saved for backward are orange boxes joined to it by
 * undirected edges. Edges point the way the forward pass went. {@link Dot#render} runs Graphviz's {@code dot}
 * program when it is installed.
 */
public final class GraphViz {
    private GraphViz() {}

    /** DOT source with a way to render it. */
    public record Dot(String source) {
        /** Renders to {@code file} in the format its extension names (svg, png, pdf, ...), with {@code dot} from PATH. */
        public Path render(Path file) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (dot < 0) throw new IllegalArgumentException("render: cannot tell the format of '" + name + "'; name the file"
                    + " with an extension such as .svg or .png, or call render(file, format)");
            return render(file, name.substring(dot + 1));
        }

        /** Renders to {@code file} in {@code format} ({@code dot -T<format>}), with {@code dot} from PATH. */
        public Path render(Path file, String format) {
            Path executable = findDot().orElseThrow(() -> new IllegalStateException("Graphviz's `dot` program was not found"
                    + " on the PATH, so the graph cannot be rendered to " + format + ". Hint: install Graphviz (e.g."
                    + " `apt-get install graphviz`), or save source() to a .dot file and render it elsewhere."));
            return render(file, format, executable);
        }

        /** Renders with the given {@code dot} executable. */
        public Path render(Path file, String format, Path dotExecutable) {
            if (!Files.isExecutable(dotExecutable))
                throw new IllegalStateException("Graphviz's `dot` program was not found at " + dotExecutable + ". Hint:"
                        + " install Graphviz (e.g. `apt-get install graphviz`), or save source() to a .dot file and render"
                        + " it elsewhere.");
            try {
                Process p = new ProcessBuilder(dotExecutable.toString(), "-T" + format.toLowerCase(Locale.ROOT), "-o",
                        file.toString()).redirectErrorStream(true).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(source.getBytes(StandardCharsets.UTF_8));
                }
                String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("dot did not finish rendering " + file + " within 60 seconds");
                }
                if (p.exitValue() != 0)
                    throw new IllegalStateException("dot failed (exit " + p.exitValue() + ") rendering " + file + " as "
                            + format + ": " + messages);
                return file;
            } catch (IOException e) {
                throw new IllegalStateException("could not run " + dotExecutable + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while rendering " + file, e);
            }
        }

        @Override
        public String toString() { return source; }
    }

    /** Graphviz's {@code dot} executable on the PATH, if installed. */
    public static Optional<Path> findDot() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "dot");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** {@code make_dot(y)}. */
    public static Dot makeDot(Tensor output) { return makeDot(List.of(output), Map.of(), false); }

    /** {@code make_dot(y, params=dict(net.named_parameters()))}: leaves are labelled with their names. */
    public static Dot makeDot(Tensor output, Map<String, Tensor> params) { return makeDot(List.of(output), params, false); }

    /** {@code make_dot((y1, y2), params, show_saved)}. */
    public static Dot makeDot(List<Tensor> outputs, Map<String, Tensor> params, boolean showSaved) {
        return new DotWriter(names(params), showSaved).write(outputs);
    }

    /** The backward graph as an indented tree, e.g. {@code PowBackward0 / └─ RsubBackward1 / ...}. */
    public static String textTree(Tensor output) { return textTree(output, Map.of()); }

    /** As {@link #textTree(Tensor)}, naming leaves found in {@code params}. */
    public static String textTree(Tensor output, Map<String, Tensor> params) {
        Map<Tensor, String> names = names(params);
        Node root = output.gradFn();
        if (root == null)
            return output.requiresGrad() ? "leaf " + leafLabel(output, names) + " (no grad_fn)"
                    : "no grad_fn: the tensor does not require grad";
        StringBuilder out = new StringBuilder(root.name()).append('\n');
        Set<Node> shown = Collections.newSetFromMap(new IdentityHashMap<>());
        shown.add(root);
        record Item(Node node, String prefix, boolean last, int depth) {}
        ArrayDeque<Item> stack = new ArrayDeque<>();
        pushChildren(stack, root, "", 1, Item::new);
        while (!stack.isEmpty()) {
            Item it = stack.pop();
            out.append(it.prefix()).append(it.last() ? "└─ " : "├─ ");
            if (it.node() instanceof AccumulateGrad acc) {
                out.append("AccumulateGrad ").append(leafLabel(acc.variable(), names)).append('\n');
            } else if (!shown.add(it.node())) {
                out.append(it.node().name()).append(" (shared, shown above)\n");
            } else if (it.depth() >= MAX_TREE_DEPTH) {
                out.append(it.node().name()).append(" … (deeper nodes not shown)\n");
            } else {
                out.append(it.node().name()).append('\n');
                pushChildren(stack, it.node(), it.prefix() + (it.last() ? "   " : "│  "), it.depth() + 1, Item::new);
            }
        }
        return out.toString();
    }

    private static final int MAX_TREE_DEPTH = 200;

    private interface ItemMaker<T> { T make(Node node, String prefix, boolean last, int depth); }

    private static <T> void pushChildren(ArrayDeque<T> stack, Node node, String prefix, int depth, ItemMaker<T> make) {
        List<Node> children = new ArrayList<>();
        for (Edge e : node.nextFunctions()) if (e.node() != null) children.add(e.node());
        for (int i = children.size() - 1; i >= 0; i--)
            stack.push(make.make(children.get(i), prefix, i == children.size() - 1, depth));
    }

    private static Map<Tensor, String> names(Map<String, Tensor> params) {
        Map<Tensor, String> names = new IdentityHashMap<>();
        if (params != null) params.forEach((name, t) -> names.put(t, name));
        return names;
    }

    private static String leafLabel(Tensor t, Map<Tensor, String> names) {
        String name = names.get(t);
        return (name == null ? "" : name + " ") + sizeToStr(t.shape());
    }

    /** torchviz's size_to_str: {@code (2, 3)}, {@code (4)}, {@code ()}. */
    static String sizeToStr(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : ", ").append(shape[i]);
        return b.append(')').toString();
    }

    /** torchviz's make_dot, with its recursion unrolled onto a stack so deep graphs are fine. */
    private static final class DotWriter {
        private final Map<Tensor, String> names;
        private final boolean showSaved;
        private final List<String> body = new ArrayList<>();
        private final Map<Object, String> ids = new IdentityHashMap<>();
        private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        DotWriter(Map<Tensor, String> names, boolean showSaved) {
            this.names = names;
            this.showSaved = showSaved;
        }

        Dot write(List<Tensor> outputs) {
            for (Tensor out : outputs) addBaseTensor(out, "darkolivegreen1");
            // torchviz's resize_graph: 0.15 inch per statement, at least 12
            double size = Math.max(12, 0.15 * body.size());
            String sizeStr = size == 12 ? "12" : Double.toString(size);
            StringBuilder s = new StringBuilder("digraph {\n");
            s.append("\tgraph [size=\"").append(sizeStr).append(',').append(sizeStr).append("\"]\n");
            s.append("\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]\n");
            for (String line : body) s.append('\t').append(line).append('\n');
            return new Dot(s.append("}\n").toString());
        }

        private String id(Object o) { return ids.computeIfAbsent(o, k -> String.valueOf(ids.size() + 1)); }

        private String varLabel(Tensor t, String name) {
            if (name == null) name = names.getOrDefault(t, "");
            return name + "\\n " + sizeToStr(t.shape());
        }

        private void node(Object o, String label, String fill) {
            body.add(id(o) + " [label=\"" + label.replace("\"", "\\\"") + "\"" + (fill == null ? "" : " fillcolor=" + fill) + "]");
        }

        private void edge(Object from, Object to, String attrs) {
            body.add(id(from) + " -> " + id(to) + (attrs == null ? "" : " [" + attrs + "]"));
        }

        /** The output tensor, its graph, and for a view its base (dotted edge), as torchviz's add_base_tensor. */
        private void addBaseTensor(Tensor var, String color) {
            if (!seen.add(var)) return;
            node(var, varLabel(var, null), color);
            if (var.gradFn() != null) {
                addNodes(var.gradFn());
                edge(var.gradFn(), var, null);
            }
            Tensor base = var.viewBase(); // always a tensor that is not itself a view: this recurses once at most
            if (base != null) {
                addBaseTensor(base, "darkolivegreen3");
                edge(base, var, "style=dotted");
            }
        }

        private void addNodes(Node start) {
            record Frame(Node fn, List<Edge> next, int[] at) {}
            ArrayDeque<Frame> stack = new ArrayDeque<>();
            if (enter(start)) stack.push(new Frame(start, start.nextFunctions(), new int[1]));
            while (!stack.isEmpty()) {
                Frame f = stack.peek();
                if (f.at()[0] == f.next().size()) {
                    stack.pop();
                    continue;
                }
                Edge e = f.next().get(f.at()[0]++);
                if (e.node() == null) continue;
                edge(e.node(), f.fn(), null);
                if (enter(e.node())) stack.push(new Frame(e.node(), e.node().nextFunctions(), new int[1]));
            }
        }

        /** Emits a node the first time it is met (its saved tensors, its leaf, itself); false when already seen. */
        private boolean enter(Node fn) {
            if (!seen.add(fn)) return false;
            if (showSaved && fn instanceof FunctionNode f) {
                List<Tensor> saved = f.savedTensors();
                for (int i = 0; i < saved.size(); i++) {
                    Tensor t = saved.get(i);
                    if (t == null) continue;
                    // a box of its own even when the saved tensor is also drawn as a leaf (torchviz unpacks a copy)
                    Object box = new Object();
                    edge(fn, box, "dir=none");
                    node(box, varLabel(t, "saved[" + i + "]"), "orange");
                }
            }
            if (fn instanceof AccumulateGrad acc) {
                Tensor var = acc.variable();
                seen.add(var);
                node(var, varLabel(var, null), "lightblue");
                edge(var, fn, null);
            }
            node(fn, fn.name(), null);
            return true;
        }
    }
}
