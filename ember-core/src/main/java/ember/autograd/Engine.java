package ember.autograd;

import ember.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the backward graph (PyTorch's engine, simplified to one thread per backward call).
 *
 * <p>Note [Dependency counting]: a first pass counts, for every node reachable from the roots, how many edges lead
 * into it. A node runs once all of them have delivered their gradient, which the engine sums into the node's input
 * buffer. Both passes use explicit stacks, so a graph thousands of ops deep does not overflow the Java stack.
 *
 * <p>Note [Where broadcasting is undone]: formulas may return a gradient in the broadcast shape of the forward op's
 * output; {@link #deliver} sums it back to the input's recorded shape and casts it to the input's dtype. No formula
 * repeats that logic.
 */
final class Engine {
    private Engine() {}

    /**
     * Runs backward from {@code roots} with their gradients. When {@code captureFor} is non-null (Autograd.grad),
     * the gradients arriving at those tensors are returned instead of being accumulated into any {@code .grad}.
     */
    static Tensor[] run(List<Tensor> roots, List<Tensor> rootGrads, boolean retainGraph, boolean createGraph,
                        List<Tensor> captureFor, boolean allowUnused) {
        Map<Node, Integer> deps = new IdentityHashMap<>();
        Map<Node, Tensor> buffers = new IdentityHashMap<>();
        List<Node> rootNodes = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            Tensor root = roots.get(i);
            if (!root.requiresGrad())
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            Edge e = root.gradientEdge();
            rootNodes.add(e.node());
        }
        countDependencies(rootNodes, deps);

        Map<Node, Integer> captureIndex = null;
        Tensor[] captured = null;
        if (captureFor != null) {
            captureIndex = new IdentityHashMap<>();
            captured = new Tensor[captureFor.size()];
            for (int i = 0; i < captureFor.size(); i++) {
                Tensor t = captureFor.get(i);
                if (!t.requiresGrad())
                    throw new IllegalArgumentException("One of the differentiated Tensors does not require grad");
                captureIndex.put(t.gradientEdge().node(), i);
            }
        }

        ArrayDeque<Node> ready = new ArrayDeque<>();
        try (var mode = GradMode.set(createGraph)) {
            for (int i = 0; i < roots.size(); i++) {
                Node n = rootNodes.get(i);
                Tensor g = rootGrads.get(i);
                buffers.merge(n, g, Tensor::add);
            }
            for (Node n : rootNodes) if (deps.getOrDefault(n, 0) == 0 && !ready.contains(n)) ready.push(n);

            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor grad = buffers.remove(node);
                if (grad == null) continue;
                for (var hook : node.preHooks()) {
                    Tensor r = hook.apply(grad);
                    if (r != null) grad = r;
                }
                if (captureIndex != null) {
                    Integer idx = captureIndex.get(node);
                    if (idx != null) captured[idx] = grad;
                    if (node instanceof AccumulateGrad) continue;
                }
                Tensor[] inputGrads = node.apply(grad);
                if (node instanceof FunctionNode fn) {
                    checkAnomaly(fn, inputGrads);
                    for (int i = 0; i < fn.numInputs(); i++) {
                        Edge e = fn.edge(i);
                        if (e == null) continue;
                        Tensor g = i < inputGrads.length ? inputGrads[i] : null;
                        if (g != null) deliver(fn, i, g, e.node(), buffers);
                        int left = deps.merge(e.node(), -1, Integer::sum);
                        if (left == 0) ready.push(e.node());
                    }
                    if (!retainGraph) fn.release();
                }
            }
        }
        if (captured != null && !allowUnused) {
            for (int i = 0; i < captured.length; i++)
                if (captured[i] == null)
                    throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in the"
                            + " graph. Set allowUnused=true if this is the desired behavior.");
        }
        return captured;
    }

    private static void countDependencies(List<Node> roots, Map<Node, Integer> deps) {
        ArrayDeque<Node> stack = new ArrayDeque<>();
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node r : roots) if (seen.add(r)) stack.push(r);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (!(n instanceof FunctionNode fn)) continue;
            for (int i = 0; i < fn.numInputs(); i++) {
                Edge e = fn.edge(i);
                if (e == null) continue;
                deps.merge(e.node(), 1, Integer::sum);
                if (seen.add(e.node())) stack.push(e.node());
            }
        }
    }

    /** Sums {@code g} back to input {@code i}'s shape, casts it to its dtype, and adds it to the next node's buffer. */
    private static void deliver(FunctionNode fn, int i, Tensor g, Node target, Map<Node, Tensor> buffers) {
        int[] shape = fn.inputShapeRef(i);
        if (!java.util.Arrays.equals(g.shape(), shape)) g = g.sumToSize(shape);
        if (g.dtype() != fn.inputDType(i)) g = g.to(fn.inputDType(i));
        buffers.merge(target, g, Tensor::add);
    }

    private static void checkAnomaly(FunctionNode fn, Tensor[] grads) {
        if (!Anomaly.isEnabled()) return;
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g != null && g.isnan().any().item() != 0) {
                IllegalStateException ex = new IllegalStateException("Function '" + fn.name() + "' returned nan values in its "
                        + i + "th output. The forward op that created it is in the cause's stack trace.");
                if (fn.creationTrace != null) ex.initCause(fn.creationTrace);
                throw ex;
            }
        }
    }
}
