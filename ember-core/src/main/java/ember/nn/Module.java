package ember.nn;

import ember.Device;
import ember.Tensor;
import ember.autograd.GradMode;
import ember.io.Safetensors;
import ember.storage.Shapes;
import java.io.IOException;
import java.nio.file.Path;
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

    // ---- registration ----

    /**
     * Registers (or replaces) a parameter ({@code register_parameter}): a leaf that requires grad. Null registers an
     * absent parameter (as {@code bias=False} does); it is skipped by {@link #parameters()} and the state dict.
     */
    public Tensor registerParameter(String name, Tensor value) {
        checkName("parameter", name, parameters);
        Tensor p = value == null ? null : Parameter.of(value);
        parameters.put(name, p);
        return p;
    }

    /** Registers (or replaces) a buffer: state saved in the state dict that is not trained (e.g. running means). */
    public Tensor registerBuffer(String name, Tensor value) {
        checkName("buffer", name, buffers);
        buffers.put(name, value);
        return value;
    }

    /** Registers (or replaces) a sub-module and returns it, for {@code final Linear out = registerModule("out", ...)}. */
    public <M extends Module> M registerModule(String name, M module) {
        checkName("module", name, children);
        children.put(name, module);
        return module;
    }

    /** {@code add_module(name, module)}: registers a sub-module under any name without a dot, e.g. {@code "block 0"}. */
    public void addModule(String name, Module module) { registerModule(name, module); }

    /** PyTorch's checks: no dots, not empty, and not already an attribute of another kind. */
    private void checkName(String kind, String name, Map<String, ?> own) {
        if (name == null) throw new IllegalArgumentException(kind + " name should be a string. Got null");
        if (name.contains(".")) throw new IllegalArgumentException(kind + " name can't contain \".\", got: " + name);
        if (name.isEmpty()) throw new IllegalArgumentException(kind + " name can't be empty string \"\"");
        boolean taken = (parameters.containsKey(name) && own != parameters) || (buffers.containsKey(name) && own != buffers)
                || (children.containsKey(name) && own != children);
        if (taken) throw new IllegalArgumentException("attribute '" + name + "' already exists");
    }

    /** A registered parameter of this module (not of its children), or null. */
    public Tensor parameter(String name) { return parameters.get(name); }

    /** A registered buffer of this module, or null. */
    public Tensor buffer(String name) { return buffers.get(name); }

    // ---- traversal ----

    /** All parameters, recursively, in registration order; a parameter shared by two modules appears once. */
    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters with dotted names ({@code 0.weight}, {@code hidden.bias}), recursively, without duplicates. */
    public Map<String, Tensor> namedParameters() { return namedMembers(true); }

    /** Buffers with dotted names, recursively, without duplicates. */
    public Map<String, Tensor> namedBuffers() { return namedMembers(false); }

    private Map<String, Tensor> namedMembers(boolean params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var m : namedModules().entrySet()) {
            String prefix = m.getKey().isEmpty() ? "" : m.getKey() + ".";
            for (var e : (params ? m.getValue().parameters : m.getValue().buffers).entrySet())
                if (e.getValue() != null && seen.add(e.getValue())) out.put(prefix + e.getKey(), e.getValue());
        }
        return out;
    }

    /** Direct sub-modules in registration order (a module registered twice appears once). */
    public List<Module> children() { return new ArrayList<>(namedChildren().values()); }

    /** Direct sub-modules by name, in registration order, without duplicates. */
    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var e : children.entrySet())
            if (e.getValue() != null && seen.add(e.getValue())) out.put(e.getKey(), e.getValue());
        return out;
    }

    /** Every registered sub-module in order, repeats included (a Sequential may apply one layer twice). */
    List<Module> registeredModules() { return new ArrayList<>(children.values()); }

    /** This module and all its descendants, depth first, self first, each once (PyTorch's {@code modules()}). */
    public List<Module> modules() { return new ArrayList<>(namedModules().values()); }

    /** {@link #modules()} with dotted names; this module's name is "". */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectModules(String name, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) return;
        out.put(name, this);
        for (var e : children.entrySet())
            if (e.getValue() != null) e.getValue().collectModules(name.isEmpty() ? e.getKey() : name + "." + e.getKey(), out, seen);
    }

    // ---- modes and bulk operations ----

    /** This module, typed as the caller's variable: {@code net = net.to(device)} compiles for any module type. */
    @SuppressWarnings("unchecked")
    private <M extends Module> M self() { return (M) this; }

    /** Training mode (dropout active) for this module and its descendants; returns this module. */
    public <M extends Module> M train() { return train(true); }

    public <M extends Module> M train(boolean mode) {
        training = mode;
        for (Module c : children()) c.train(mode);
        return self();
    }

    /** Evaluation mode (dropout off): {@code train(false)}. */
    public <M extends Module> M eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Calls {@code fn} on every sub-module (children first) and then on this one, as {@code net.apply(init_weights)}. */
    public <M extends Module> M apply(Consumer<Module> fn) {
        for (Module c : children()) c.apply(fn);
        fn.accept(this);
        return self();
    }

    /** Clears every parameter's gradient (sets it to null, as PyTorch 2's default). */
    public void zeroGrad() { zeroGrad(true); }

    /** With {@code setToNone=false} existing gradients are zeroed in place instead (PyTorch 1's default). */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : parameters()) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (setToNone) {
                p.setGrad(null);
            } else {
                if (g.gradFn() != null) g.detach_();
                else g.requiresGrad_(false);
                try (var off = GradMode.set(false)) {
                    g.zero_();
                }
            }
        }
    }

    /** Turns gradient recording on or off for every parameter ({@code requires_grad_}), e.g. to freeze a layer. */
    public <M extends Module> M requiresGrad_(boolean requiresGrad) {
        for (Tensor p : parameters()) p.requiresGrad_(requiresGrad);
        return self();
    }

    /**
     * Moves parameters and buffers to a device. Only the CPU exists, where they already are; the method is here so
     * GPU-ready code ({@code net.to(tryGpu())}) runs unchanged, and it rejects a device that is not available.
     */
    public <M extends Module> M to(Device device) {
        for (Tensor p : parameters()) p.to(device);
        for (Tensor b : namedBuffers().values()) b.to(device);
        return self();
    }

    // ---- state dicts ----

    /**
     * Parameters and persistent buffers by dotted name, detached but sharing storage (as PyTorch's state_dict): each
     * module's parameters, then its buffers, then its children's. A shared parameter appears under every name.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, Tensor> out) {
        out.putAll(localState(prefix));
        for (var e : children.entrySet())
            if (e.getValue() != null) e.getValue().stateInto(prefix + e.getKey() + ".", out);
    }

    /** This module's own parameters and buffers with {@code prefix} prepended, detached. */
    private Map<String, Tensor> localState(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : parameters.entrySet()) if (e.getValue() != null) out.put(prefix + e.getKey(), e.getValue().detach());
        for (var e : buffers.entrySet()) if (e.getValue() != null) out.put(prefix + e.getKey(), e.getValue().detach());
        return out;
    }

    /** Copies values from a state dict; every key must match and every shape agree (strict). */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> state) { return loadStateDict(state, true); }

    /**
     * Copies values from a state dict (converting dtypes as {@code copy_} does). Strict: missing and unexpected keys
     * are errors; shapes must agree either way. Everything is checked before anything is copied, so a failed load
     * leaves the model unchanged. The error message is PyTorch's; the result lists the keys that did not match.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), errors = new ArrayList<>();
        List<Tensor[]> copies = new ArrayList<>(); // {destination, source} pairs
        checkLoad("", state, missing, unexpected, errors, copies);
        if (strict && !unexpected.isEmpty()) errors.add(0, "Unexpected key(s) in state_dict: " + quote(unexpected) + ". ");
        if (strict && !missing.isEmpty()) errors.add(0, "Missing key(s) in state_dict: " + quote(missing) + ". ");
        if (!errors.isEmpty())
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + className() + ":\n\t"
                    + String.join("\n\t", errors));
        try (var off = GradMode.set(false)) {
            for (Tensor[] c : copies) c[0].copy_(c[1]);
        }
        return new IncompatibleKeys(missing, unexpected);
    }

    /** PyTorch's per-module walk: this module's own keys, then the keys under its prefix that match nothing here. */
    private void checkLoad(String prefix, Map<String, Tensor> state, List<String> missing, List<String> unexpected,
                           List<String> errors, List<Tensor[]> copies) {
        Map<String, Tensor> local = localState(prefix);
        for (var e : local.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                errors.add("size mismatch for " + e.getKey() + ": copying a param with shape " + Shapes.formatSize(src.shape())
                        + " from checkpoint, the shape in current model is " + Shapes.formatSize(e.getValue().shape()) + ".");
            } else {
                copies.add(new Tensor[]{e.getValue(), src});
            }
        }
        for (String key : state.keySet()) {
            if (!key.startsWith(prefix)) continue;
            String first = key.substring(prefix.length()).split("\\.", 2)[0];
            if (!children.containsKey(first) && !local.containsKey(prefix + first)) unexpected.add(key);
        }
        for (var e : children.entrySet())
            if (e.getValue() != null) e.getValue().checkLoad(prefix + e.getKey() + ".", state, missing, unexpected, errors, copies);
    }

    private static String quote(List<String> keys) {
        List<String> quoted = new ArrayList<>();
        for (String k : keys) quoted.add('"' + k + '"');
        return String.join(", ", quoted);
    }

    /** Saves {@link #stateDict()} as a safetensors file (atomically), readable by Python's safetensors. */
    public void save(Path file) throws IOException { Safetensors.save(stateDict(), file); }

    /** Loads a safetensors file written by {@link #save} (or by Python) into this module, strictly. */
    public IncompatibleKeys load(Path file) throws IOException { return loadStateDict(Safetensors.load(file)); }

    // ---- printing ----

    /** The part inside the parentheses of this module's line, e.g. {@code in_features=784, out_features=10, bias=True}. */
    protected String extraRepr() { return ""; }

    /** The class name PyTorch prints; an anonymous class prints as the class it extends. */
    private String className() {
        Class<?> c = getClass();
        while (c.getSimpleName().isEmpty()) c = c.getSuperclass();
        return c.getSimpleName();
    }

    /** PyTorch's module printout: {@code Name(extra)} on one line, or a tree of {@code (name): child} lines. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        String extra = extraRepr();
        List<String> extraLines = extra.isEmpty() ? List.of() : Arrays.asList(extra.split("\n", -1));
        lines.addAll(extraLines);
        for (var e : children.entrySet()) {
            String child = e.getValue() == null ? "None" : e.getValue().toString();
            lines.add("(" + e.getKey() + "): " + child.replace("\n", "\n  "));
        }
        StringBuilder sb = new StringBuilder(className()).append('(');
        if (extraLines.size() == 1 && children.isEmpty()) sb.append(extraLines.get(0));
        else if (!lines.isEmpty()) sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        return sb.append(')').toString();
    }
}
