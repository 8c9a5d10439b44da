package ember.autograd;

import ember.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Entry points of reverse-mode differentiation: {@code torch.autograd} in Java. */
public final class Autograd {
    private Autograd() {}

    /**
     * Accumulates d(roots)/d(leaves) · gradients into every leaf's {@code .grad} (what {@code Tensor.backward} calls).
     * A root that is not a single element needs a gradient of its own shape.
     */
    public static void backward(List<Tensor> roots, List<Tensor> gradients, boolean retainGraph, boolean createGraph) {
        Engine.run(roots, makeGrads(roots, gradients), retainGraph, createGraph, null, true);
    }

    /**
     * Gradients of {@code outputs} with respect to {@code inputs}, returned instead of accumulated into {@code .grad}
     * ({@code torch.autograd.grad}). {@code gradOutputs} may be null for single-element outputs.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, retainGraph, createGraph, false);
    }

    /** As {@link #grad(List, List, List, boolean, boolean)}; with {@code allowUnused} an unreached input gives null. */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        Tensor[] r = Engine.run(outputs, makeGrads(outputs, gradOutputs), retainGraph, createGraph, inputs, allowUnused);
        return new ArrayList<>(java.util.Arrays.asList(r));
    }

    /** The common case: d(output)/d(input) for a single-element output. */
    public static Tensor grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(List.of(output), List.of(input), null, createGraph, createGraph).get(0);
    }

    /** Makes a backward that produces NaN name the forward op that created the failing node, with its stack trace. */
    public static void setDetectAnomaly(boolean enabled) { Anomaly.set(enabled); }

    public static boolean isAnomalyEnabled() { return Anomaly.isEnabled(); }

    private static List<Tensor> makeGrads(List<Tensor> roots, List<Tensor> given) {
        List<Tensor> out = new ArrayList<>(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            Tensor root = roots.get(i);
            Tensor g = given == null ? null : given.get(i);
            if (!root.requiresGrad()) {
                out.add(g); // the engine reports it, in PyTorch's words, before anything runs
                continue;
            }
            if (g == null) {
                if (root.numel() != 1)
                    throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs (this output"
                            + " has shape " + java.util.Arrays.toString(root.shape()) + "). Hint: reduce it first, e.g."
                            + " y.sum().backward(), or pass a gradient of its shape, e.g. y.backward(onesLike(y))");
                g = ember.Ember.onesLike(root);
            } else if (!java.util.Arrays.equals(g.shape(), root.shape())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of "
                        + ember.storage.Shapes.formatSize(g.shape()) + " and output[" + i + "] has a shape of "
                        + ember.storage.Shapes.formatSize(root.shape()) + ".");
            }
            out.add(g);
        }
        return out;
    }
}
