package ember.optim;

import ember.Ember;
import ember.Tensor;
import ember.autograd.GradMode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the optimizers ({@code torch.optim.Optimizer}): parameter groups, per-parameter state, {@link #zeroGrad},
 * and {@link #step} run under {@code noGrad()}.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<String, Double> defaults;
    /** Per-parameter state tensors by name (momentum_buffer, exp_avg, ...), keyed by parameter identity. */
    private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

    protected Optimizer(List<ParamGroup> groups, Map<String, Double> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        if (groups.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** Adds a group; its parameters must not already be in another group. */
    public void addParamGroup(ParamGroup group) {
        group.fillDefaults(defaults);
        Set<Tensor> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : groups) seen.addAll(g.params());
        for (Tensor p : group.params()) {
            if (!seen.add(p)) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
            if (!p.isLeaf()) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            if (!p.requiresGrad())
                throw new IllegalArgumentException("optimizer got a parameter that does not require grad (call requiresGrad_() on it)");
        }
        groups.add(group);
    }

    public List<ParamGroup> paramGroups() { return groups; }

    /** Sets every parameter's gradient to null (PyTorch 2's default). */
    public void zeroGrad() { zeroGrad(true); }

    /** With {@code setToNone=false} the gradients are zeroed in place instead. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups)
            for (Tensor p : g.params()) {
                if (p.grad() == null) continue;
                if (setToNone) p.setGrad(null);
                else try (var s = GradMode.set(false)) { p.grad().zero_(); }
            }
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        try (var s = GradMode.set(false)) {
            for (ParamGroup g : groups) update(g);
        }
    }

    /** The update rule for one group, run without grad. */
    protected abstract void update(ParamGroup group);

    /** The state of one parameter (created empty on first use). */
    protected Map<String, Tensor> state(Tensor p) { return state.computeIfAbsent(p, k -> new LinkedHashMap<>()); }

    /**
     * The optimizer as a flat map of tensors, ready for {@code Safetensors.save}: {@code state.<i>.<name>} for
     * parameter number i (in group order) and {@code param_groups.<g>.<option>} as 0-d float64 tensors.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int i = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            for (var e : g.options().entrySet()) out.put("param_groups." + gi + "." + e.getKey(), Ember.scalar(e.getValue(), ember.DType.FLOAT64));
            for (Tensor p : g.params()) {
                Map<String, Tensor> s = state.get(p);
                if (s != null) for (var e : s.entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue().clone());
                i++;
            }
        }
        return out;
    }

    /** Restores what {@link #stateDict()} produced for an optimizer over the same parameters. */
    public void loadStateDict(Map<String, Tensor> sd) {
        List<Tensor> params = new ArrayList<>();
        for (ParamGroup g : groups) params.addAll(g.params());
        Map<Tensor, Map<String, Tensor>> restored = new IdentityHashMap<>();
        for (var e : sd.entrySet()) {
            String[] k = e.getKey().split("\\.", 3);
            if (k.length != 3) throw new IllegalArgumentException("bad optimizer state key '" + e.getKey() + "'");
            int idx = Integer.parseInt(k[1]);
            if (k[0].equals("param_groups")) {
                if (idx >= groups.size()) throw new IllegalArgumentException("state dict has parameter group " + idx + " but the optimizer has " + groups.size());
            } else if (k[0].equals("state")) {
                if (idx >= params.size()) throw new IllegalArgumentException("state dict has state for parameter " + idx + " but the optimizer has " + params.size());
                restored.computeIfAbsent(params.get(idx), p -> new LinkedHashMap<>()).put(k[2], e.getValue().clone());
            } else throw new IllegalArgumentException("bad optimizer state key '" + e.getKey() + "'");
        }
        for (var e : sd.entrySet()) {
            String[] k = e.getKey().split("\\.", 3);
            if (k[0].equals("param_groups")) groups.get(Integer.parseInt(k[1])).option(k[2], e.getValue().item());
        }
        state.clear();
        state.putAll(restored);
    }

    /** Options builder shared by the optimizers' {@code options()} factories. */
    protected static Map<String, Double> merge(Map<String, Double> defaults, Map<String, Double> given) {
        Map<String, Double> m = new LinkedHashMap<>(defaults);
        for (var e : given.entrySet()) {
            if (!m.containsKey(e.getKey())) throw new IllegalArgumentException("unknown option " + e.getKey());
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    static List<ParamGroup> single(List<Tensor> params) { return List.of(ParamGroup.of(params)); }
}
