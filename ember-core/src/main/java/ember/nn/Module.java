package ember.nn;

import ember.Device;
import ember.Tensor;
import ember.autograd.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base class of all layers and models ({@code torch.nn.Module}). A subclass registers its parameters, buffers and
 * sub-modules in its constructor, in order, and implements {@link #forward}:
 * <pre>{@code
 * class Net extends Module {
 *     final Linear hidden = registerModule("hidden", new Linear(20, 256));
 *     final Linear out = registerModule("out", new Linear(256, 10));
 *     public Tensor forward(Tensor x) { return out.forward(hidden.forward(x).relu()); }
 * }
 * }</pre>
 * Registration is explicit (Java has no {@code __setattr__}); names and order are PyTorch's, so state dict keys
 * ({@code hidden.weight}, {@code 0.bias}) match a PyTorch model built the same way.
 */
public abstract class Module implements java.util.function.Function<Tensor, Tensor> {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The computation of this module. */
    public abstract Tensor forward(Tensor input);

    /** {@code net(x)}: the same as {@link #forward}, so a module can be passed where a function of a tensor is expected. */
    @Override
    public final Tensor apply(Tensor input) { return forward(input); }

    /** Registers (or replaces) a parameter: a leaf that requires grad. Null registers an absent parameter (bias=False). */
    protected Tensor registerParameter(String name, Tensor value) {
        checkName(name, parameters);
        Tensor p = value == null ? null : Parameter.of(value);
        parameters.put(name, p);
        return p;
    }

    /** Registers (or replaces) a buffer: state saved in the state dict that is not trained (e.g. running means). */
    protected Tensor registerBuffer(String name, Tensor value) {
        checkName(name, buffers);
        buffers.put(name, value);
        return value;
    }

    /** Registers (or replaces) a sub-module. */
    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name, children);
        children.put(name, module);
        return module;
    }

    private void checkName(String name, Map<String, ?> own) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException("module attribute name can't be empty or contain \".\" (got \"" + name + "\")");
        boolean taken = (parameters.containsKey(name) && own != parameters) || (buffers.containsKey(name) && own != buffers)
                || (children.containsKey(name) && own != children);
        if (taken) throw new IllegalArgumentException("attribute '" + name + "' already exists in " + getClass().getSimpleName());
    }

    /** A registered parameter of this module (not of its children), or null. */
    public Tensor parameter(String name) { return parameters.get(name); }

    /** A registered buffer of this module, or null. */
    public Tensor buffer(String name) { return buffers.get(name); }

    /** All parameters, recursively, in registration order; a parameter shared by two modules appears once. */
    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters with dotted names ({@code 0.weight}, {@code hidden.bias}), recursively, without duplicates. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect("", out, seen, true);
        return out;
    }

    /** Buffers with dotted names, recursively. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()), false);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen, boolean params) {
        for (var e : (params ? parameters : buffers).entrySet())
            if (e.getValue() != null && seen.add(e.getValue())) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, seen, params);
    }

    /** Direct sub-modules in registration order. */
    public List<Module> children() { return new ArrayList<>(children.values()); }

    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    /** This module and all its descendants, depth first (self first, as PyTorch's modules()). */
    public List<Module> modules() {
        List<Module> out = new ArrayList<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayList<Module> stack = new ArrayList<>(List.of(this));
        while (!stack.isEmpty()) {
            Module m = stack.remove(stack.size() - 1);
            if (!seen.add(m)) continue;
            out.add(m);
            List<Module> kids = m.children();
            for (int i = kids.size() - 1; i >= 0; i--) stack.add(kids.get(i));
        }
        return out;
    }

    /** Training mode (dropout active) for this module and its descendants. */
    public Module train() { return train(true); }

    public Module train(boolean mode) {
        for (Module m : modules()) m.training = mode;
        return this;
    }

    /** Evaluation mode (dropout off). */
    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Calls {@code fn} on every sub-module (children first) and then on this one, as {@code net.apply(init_weights)}. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    /** Clears every parameter's gradient (sets it to null, as PyTorch 2's default). */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.setGrad(null);
    }

    /** Moves to a device (only the CPU exists; kept so GPU-ready code runs unchanged). */
    public Module to(Device device) {
        for (Tensor p : parameters()) p.to(device);
        return this;
    }

    /** Parameters and buffers by dotted name, detached but sharing storage (as PyTorch's state_dict). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, Tensor> out) {
        for (var e : parameters.entrySet()) if (e.getValue() != null) out.put(prefix + e.getKey(), e.getValue().detach());
        for (var e : buffers.entrySet()) if (e.getValue() != null) out.put(prefix + e.getKey(), e.getValue().detach());
        for (var e : children.entrySet()) e.getValue().stateInto(prefix + e.getKey() + ".", out);
    }

    /** Copies values from a state dict; every key must match and every shape agree (strict). */
    public void loadStateDict(Map<String, Tensor> state) { loadStateDict(state, true); }

    /**
     * Copies values from a state dict. Strict: missing and unexpected keys are errors; shapes must always agree.
     * Everything is checked before anything is copied, so a failed load leaves the model unchanged.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null && !Arrays.equals(src.shape(), e.getValue().shape()))
                mismatched.add("size mismatch for " + e.getKey() + ": copying a param with shape "
                        + ember.storage.Shapes.formatSize(src.shape()) + " from checkpoint, the shape in current model is "
                        + ember.storage.Shapes.formatSize(e.getValue().shape()) + ".");
        }
        StringBuilder err = new StringBuilder();
        if (strict && !missing.isEmpty()) err.append("Missing key(s) in state_dict: ").append(quote(missing)).append(". ");
        if (strict && !unexpected.isEmpty()) err.append("Unexpected key(s) in state_dict: ").append(quote(unexpected)).append(". ");
        for (String m : mismatched) err.append(m).append(' ');
        if (err.length() > 0)
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + getClass().getSimpleName() + ":\n\t"
                    + err.toString().trim());
        try (var g = GradMode.set(false)) {
            for (var e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copy_(src);
            }
        }
    }

    private static String quote(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) sb.append(sb.length() == 0 ? "" : ", ").append('"').append(k).append('"');
        return sb.toString();
    }

    /** The part inside the parentheses of this module's line, e.g. {@code in_features=784, out_features=10, bias=True}. */
    protected String extraRepr() { return ""; }

    /** PyTorch's module printout: name(extra) or a multi-line tree of {@code (name): child}. */
    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        if (children.isEmpty()) return name + "(" + extraRepr() + ")";
        StringBuilder sb = new StringBuilder(name).append("(");
        String extra = extraRepr();
        if (!extra.isEmpty()) sb.append("\n  ").append(extra.replace("\n", "\n  "));
        for (var e : children.entrySet())
            sb.append("\n  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  "));
        return sb.append("\n)").toString();
    }
}
