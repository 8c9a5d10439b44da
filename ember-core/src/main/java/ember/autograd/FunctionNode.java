package ember.autograd;

import ember.DType;
import ember.Tensor;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The backward node of one differentiable op. Ops call {@link #record} right after computing their output, passing
 * the backward formula beside the forward one (micrograd's style), e.g.
 * <pre>{@code
 * // y = a·b;  dy/da = b, dy/db = a
 * return FunctionNode.record("MulBackward0", out, inputs(a, b), saved(a, b),
 *         (n, g) -> grads(g.mul(n.saved(1)), g.mul(n.saved(0))));
 * }</pre>
 * Formulas are written with Tensor ops, so they are themselves differentiable (create_graph). They may return
 * gradients of a broadcast shape or wider dtype: the engine sums each back to its input's shape and casts it to
 * the input's dtype in one place.
 */
public final class FunctionNode extends Node {
    /** A backward formula: input gradients from the node (for saved tensors) and the output gradient. */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(FunctionNode node, Tensor grad);
    }

    private final String name;
    private final Edge[] next;
    private final int[][] inputShapes;
    private final DType[] inputDTypes;
    private final Backward backward;
    private Tensor[] saved;
    private int[] savedVersions;
    /** Which saved tensors are this node's own output (the version error names this node for them, as PyTorch). */
    private boolean[] savedIsOutput;
    private boolean released;
    /** The in-place op's node a CopySlices runs inside its own backward (freed with it); null otherwise. */
    private FunctionNode wrapped;
    /** Where the forward op ran, kept only in anomaly mode. */
    final Throwable creationTrace;
    /** Whether the formula is one of Ember's own (Note [Formulas that keep what they are given]). */
    final boolean ownFormula;

    private FunctionNode(String name, Tensor[] inputs, Tensor[] saved, Backward backward) {
        this.name = name;
        this.backward = backward;
        this.next = new Edge[inputs.length];
        this.inputShapes = new int[inputs.length][];
        this.inputDTypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) continue;
            inputShapes[i] = t.layout().shapeRef(); // layouts never change their arrays: no copy needed
            inputDTypes[i] = t.dtype();
            if (t.requiresGrad()) next[i] = t.gradientEdge();
        }
        this.saved = saved;
        if (saved != null) {
            savedVersions = new int[saved.length];
            for (int i = 0; i < saved.length; i++) if (saved[i] != null) savedVersions[i] = saved[i].version();
        }
        this.creationTrace = Anomaly.isEnabled()
                ? new Throwable("Traceback of the forward call that created " + name + " (recorded in anomaly mode)") : null;
        this.ownFormula = OWN_FORMULA.get(backward.getClass());
    }

    /** A node with given edges and input metadata (CopySlices: its edges are not those of tensors at hand). */
    private FunctionNode(String name, Edge[] next, int[][] inputShapes, DType[] inputDTypes, Backward backward) {
        this.name = name;
        this.backward = backward;
        this.next = next;
        this.inputShapes = inputShapes;
        this.inputDTypes = inputDTypes;
        this.creationTrace = Anomaly.isEnabled()
                ? new Throwable("Traceback of the forward call that created " + name + " (recorded in anomaly mode)") : null;
        this.ownFormula = OWN_FORMULA.get(backward.getClass());
    }

    /*
     * Note [Formulas that keep what they are given]
     * A fresh gradient's storage may be adopted by a leaf or written over by ReLU's backward, so a formula that may keep
     * the gradient it is given (a user's, storing it in a list for later) must never hand it to such a consumer, nor
     * see it change afterwards: the engine spends the mark of what it gives a user's formula, before the call. Ember's
     * own formulas keep nothing of what they are given and call no user code with it, and its view formulas hand the
     * gradient on all the time: the linear layer's weight is W.t() in addmm, whose weight gradient (g^T x)^T reaches W
     * through TBackward0 as a view of that product; spending the mark there made every step copy the book's 800 KB
     * weight gradient (about 30 ms an epoch of the MLP). A formula is Ember's own when its class is in an ember package
     * and was loaded from where this class was (ember-core's formulas; not a test's, not a user's); a mistake the other
     * way (Ember relocated by a shading build, a class loader without code sources) only costs that copy.
     */
    private static final ClassValue<Boolean> OWN_FORMULA = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> formula) {
            String pkg = formula.getPackageName();
            CodeSource ours = FunctionNode.class.getProtectionDomain().getCodeSource();
            CodeSource theirs = formula.getProtectionDomain().getCodeSource();
            return (pkg.equals("ember") || pkg.startsWith("ember.")) && ours != null && theirs != null
                    && ours.getLocation() != null && ours.getLocation().equals(theirs.getLocation());
        }
    };

    /** A node for {@code inputs} whatever the grad mode (a view's grad_fn regenerated after an in-place op). */
    static FunctionNode create(String name, Tensor[] inputs, Backward backward) {
        return new FunctionNode(name, inputs, null, backward);
    }

    /**
     * PyTorch's CopySlices for the in-place op node {@code op} whose input 0 was a view of {@code base}: its first
     * edge is {@code baseEdge} (the base's history before the write, or null), the others are {@code op}'s.
     * {@code op}'s own input 0 is pointed at the base's history too, so {@code op.needsInputGrad(0)} answers for it.
     */
    static FunctionNode copySlices(Tensor base, Edge baseEdge, FunctionNode op, Backward backward) {
        Edge[] next = op.next.clone();
        int[][] shapes = op.inputShapes.clone();
        DType[] dtypes = op.inputDTypes.clone();
        next[0] = baseEdge;
        shapes[0] = base.shape();
        dtypes[0] = base.dtype();
        op.next[0] = baseEdge;
        FunctionNode node = new FunctionNode("CopySlices", next, shapes, dtypes, backward);
        node.wrapped = op;
        return node;
    }

    /**
     * Records the backward of an op on {@code out} when grad mode is on and any input requires grad; returns
     * {@code out}. Integral and bool outputs never require grad.
     */
    public static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] saved, Backward backward) {
        Objects.requireNonNull(backward, () -> "FunctionNode.record(" + name + "): the backward formula is null");
        if (!needsGrad(inputs) || !out.dtype().isFloatingPoint()) return out;
        FunctionNode node = new FunctionNode(name, inputs, saved, backward);
        if (saved != null) {
            node.savedIsOutput = new boolean[saved.length];
            for (int i = 0; i < saved.length; i++) node.savedIsOutput[i] = saved[i] == out;
        }
        out.setGradFn(node);
        return out;
    }

    /** True when grad mode is on and any of the tensors requires grad: the condition for recording. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /** Helper for readable call sites: the op's inputs. */
    public static Tensor[] inputs(Tensor... ts) { return ts; }

    /** Helper for readable call sites: tensors the backward formula reads. */
    public static Tensor[] saved(Tensor... ts) { return ts; }

    /** Helper for readable call sites: the gradients a formula returns (null for an input without one). */
    public static Tensor[] grads(Tensor... ts) { return ts; }

    /**
     * The {@code i}-th saved tensor, checked against in-place modification since it was saved and against use
     * after the graph was freed.
     */
    public Tensor saved(int i) {
        if (released) throw new IllegalStateException("Trying to backward through the graph a second time (or directly"
                + " access saved tensors after they have already been freed). Saved intermediate values of the graph are"
                + " freed when you call backward() or Autograd.grad(). Specify retainGraph=true if you need to backward"
                + " through the graph a second time or if you need to access saved tensors after calling backward.");
        Tensor t = saved[i];
        if (t.version() != savedVersions[i]) {
            // PyTorch names the node that saved its own output, and for a saved input the node that now produces it
            Node producer = savedIsOutput != null && savedIsOutput[i] ? this : t.gradFn();
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an"
                    + " inplace operation: [" + t.typeName() + " " + Arrays.toString(t.shape()) + "]"
                    + (producer != null ? ", which is output 0 of " + producer.name() + "," : "")
                    + " is at version " + t.version() + "; expected version " + savedVersions[i] + " instead. Hint: the"
                    + " backward of " + name + " needs this tensor unchanged; do the in-place update on a clone(), or"
                    + " out of place (Autograd.setDetectAnomaly(true) shows where " + name + " was created).");
        }
        return t;
    }

    /**
     * Whether the {@code i}-th input needs a gradient (formulas skip the others): it requires grad, and the running
     * backward pass wants it (see Engine's Note [What Autograd.grad executes]).
     */
    public boolean needsInputGrad(int i) { return next[i] != null && Engine.wanted(next[i].node()); }

    /** The shape the {@code i}-th input had at forward time. */
    public int[] inputShape(int i) { return inputShapes[i].clone(); }

    @Override
    public String name() { return name; }

    @Override
    public List<Edge> nextFunctions() {
        List<Edge> r = new ArrayList<>(next.length);
        for (Edge e : next) r.add(e == null ? new Edge(null, 0) : e);
        return r;
    }

    Edge edge(int i) { return next[i]; }

    int numInputs() { return next.length; }

    int[] inputShapeRef(int i) { return inputShapes[i]; }

    DType inputDType(int i) { return inputDTypes[i]; }

    @Override
    protected Tensor[] apply(Tensor grad) { return backward.apply(this, grad); }

    @Override
    protected void release() {
        if (saved != null && saved.length > 0) released = true;
        saved = null;
        if (wrapped != null) wrapped.release();
    }

    /** Saved tensors (not checked), for graph pictures; a CopySlices shows those of the op it wraps. */
    public List<Tensor> savedTensors() {
        if (wrapped != null) return wrapped.savedTensors();
        return saved == null ? List.of() : Arrays.asList(saved);
    }
}
