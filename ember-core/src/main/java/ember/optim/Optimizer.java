package ember.optim;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.autograd.GradMode;
import ember.storage.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Base of the optimizers ({@code torch.optim.Optimizer}): parameter groups with options, per-parameter state,
 * {@link #zeroGrad}, {@link #step} run under {@code noGrad()}, and a state dict of plain tensors.
 */
public abstract class Optimizer {
    /** A default of NaN marks an option every group must set (SGD's lr, PyTorch's {@code required}). */
    protected static final double REQUIRED = Double.NaN;
    /** Set by learning-rate schedulers on each group: the lr they start from. */
    static final String INITIAL_LR = "initialLr";

    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<String, Double> defaults;
    /** Per-parameter state tensors by name (momentum_buffer, exp_avg, ...), keyed by parameter identity. */
    private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();
    private int stepCount;

    protected Optimizer(List<ParamGroup> groups, Map<String, Double> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        if (groups.isEmpty() || groups.stream().allMatch(g -> g.params().isEmpty()))
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /**
     * Adds a group ({@code add_param_group}), e.g. to train a layer that was frozen: fills in the defaults and checks
     * that every parameter is a leaf, appears once in the group and in no other group, and every option is known.
     */
    public void addParamGroup(ParamGroup group) {
        for (Tensor p : group.params()) {
            if (!p.isLeaf() && !p.retainsGrad()) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
        }
        for (String k : group.options().keySet())
            if (!defaults.containsKey(k) && !k.equals(INITIAL_LR))
                throw new IllegalArgumentException("unknown option '" + k + "' for " + getClass().getSimpleName()
                        + "; its options are " + defaults.keySet());
        for (var e : defaults.entrySet()) {
            if (group.has(e.getKey())) continue;
            if (Double.isNaN(e.getValue()))
                throw new IllegalArgumentException("parameter group didn't specify a value of required optimization parameter "
                        + e.getKey());
            group.option(e.getKey(), e.getValue());
        }
        Set<Tensor> inGroup = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : group.params())
            if (!inGroup.add(p))
                throw new IllegalArgumentException("optimizer contains a parameter group with duplicate parameters"
                        + " (PyTorch only warns; the parameter would be updated twice per step)");
        for (ParamGroup g : groups)
            for (Tensor p : g.params())
                if (inGroup.contains(p)) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
        groups.add(group);
    }

    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /** Sets every parameter's gradient to null (PyTorch 2's default). */
    public void zeroGrad() { zeroGrad(true); }

    /** With {@code setToNone=false} the gradients are zeroed in place instead (PyTorch 1's default). */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups)
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    if (grad.gradFn() != null) grad.detach_();
                    else grad.requiresGrad_(false);
                    try (var off = GradMode.set(false)) {
                        grad.zero_();
                    }
                }
            }
    }

    /** One update of every parameter that has a gradient, without recording it for autograd. */
    public final void step() {
        try (var off = GradMode.set(false)) {
            for (ParamGroup g : groups) update(g);
        }
        stepCount++;
    }

    /** How many times {@link #step()} ran (schedulers use it to warn about calling them first). */
    int stepCount() { return stepCount; }

    /** The update rule for one group, run without grad. */
    protected abstract void update(ParamGroup group);

    /** The state of one parameter (created empty on first use). */
    protected Map<String, Tensor> state(Tensor p) { return state.computeIfAbsent(p, k -> new LinkedHashMap<>()); }

    // ---- state dicts ----

    /**
     * The optimizer as a flat map of tensors, ready for {@code Safetensors.save} or shipping: for group g,
     * {@code param_groups.<g>.params} (the parameters' indices, int64, numbered across groups in order) and
     * {@code param_groups.<g>.<option>} (0-d float64); for parameter i, {@code state.<i>.<name>} (copies of
     * momentum_buffer, step, exp_avg, ...). PyTorch's state_dict, flattened.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int index = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            long[] ids = new long[g.params().size()];
            for (int k = 0; k < ids.length; k++) ids[k] = index + k;
            out.put("param_groups." + gi + ".params", Ember.fromArray(ids, ids.length));
            for (var e : g.options().entrySet()) out.put("param_groups." + gi + "." + e.getKey(), Ember.scalar(e.getValue(), DType.FLOAT64));
            index += ids.length;
        }
        List<Tensor> params = allParams();
        for (int i = 0; i < params.size(); i++) {
            Map<String, Tensor> s = state.get(params.get(i));
            if (s != null) for (var e : s.entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue().clone());
        }
        return out;
    }

    /**
     * Restores what {@link #stateDict()} produced for an optimizer over parameters of the same shapes, in the same
     * groups: options and state replace the current ones, state tensors are copied and converted to each
     * parameter's dtype (except {@code step}). Everything is checked first; on an error nothing changes.
     */
    public void loadStateDict(Map<String, Tensor> sd) {
        TreeMap<Integer, Map<String, Tensor>> savedGroups = new TreeMap<>();
        TreeMap<Integer, Map<String, Tensor>> savedState = new TreeMap<>();
        for (var e : sd.entrySet()) {
            String[] k = e.getKey().split("\\.", 3);
            if (k.length != 3 || !(k[0].equals("param_groups") || k[0].equals("state")) || !k[1].matches("\\d{1,9}"))
                throw new IllegalArgumentException("not an optimizer state dict key: '" + e.getKey()
                        + "' (expected param_groups.<g>.<option> or state.<i>.<name>)");
            (k[0].equals("state") ? savedState : savedGroups).computeIfAbsent(Integer.parseInt(k[1]), x -> new LinkedHashMap<>())
                    .put(k[2], e.getValue());
        }
        if (savedGroups.size() != groups.size() || (!savedGroups.isEmpty() && savedGroups.lastKey() != groups.size() - 1))
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        for (int gi = 0; gi < groups.size(); gi++) {
            Tensor ids = savedGroups.get(gi).get("params");
            if (ids == null) throw new IllegalArgumentException("loaded state dict lacks param_groups." + gi + ".params");
            if (ids.numel() != groups.get(gi).params().size())
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
            for (String option : savedGroups.get(gi).keySet())
                if (!option.equals("params") && !defaults.containsKey(option) && !option.equals(INITIAL_LR))
                    throw new IllegalArgumentException("loaded state dict has unknown option param_groups." + gi + "." + option
                            + " for " + getClass().getSimpleName() + "; its options are " + defaults.keySet());
        }
        // parameter i of the saved dict is the i-th entry of the saved groups' params, matched in order with ours
        List<Tensor> params = allParams();
        List<Long> savedIds = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) for (long id : savedGroups.get(gi).get("params").toLongArray()) savedIds.add(id);
        Map<Tensor, Map<String, Tensor>> restored = new IdentityHashMap<>();
        for (var e : savedState.entrySet()) {
            int position = savedIds.indexOf((long) e.getKey());
            if (position < 0)
                throw new IllegalArgumentException("loaded state dict has state for parameter " + e.getKey()
                        + ", which is in none of its parameter groups");
            Tensor p = params.get(position);
            Map<String, Tensor> s = new LinkedHashMap<>();
            for (var t : e.getValue().entrySet()) {
                Tensor v = t.getValue();
                if (!t.getKey().equals("step")) {
                    if (!Arrays.equals(v.shape(), p.shape()))
                        throw new IllegalArgumentException("loaded state dict's state." + e.getKey() + "." + t.getKey() + " has shape "
                                + Shapes.formatSize(v.shape()) + " but its parameter has shape " + Shapes.formatSize(p.shape()));
                    if (p.dtype().isFloatingPoint()) v = v.to(p.dtype());
                }
                s.put(t.getKey(), v.detach().clone());
            }
            restored.put(p, s);
        }
        for (int gi = 0; gi < groups.size(); gi++)
            for (var o : savedGroups.get(gi).entrySet())
                if (!o.getKey().equals("params")) groups.get(gi).option(o.getKey(), o.getValue().item());
        state.clear();
        state.putAll(restored);
    }

    private List<Tensor> allParams() {
        List<Tensor> params = new ArrayList<>();
        for (ParamGroup g : groups) params.addAll(g.params());
        return params;
    }

    /** Records an option for an optimizer's Options builder after checking it, in PyTorch's words. */
    static void setChecked(Map<String, Double> values, String name, double value, boolean valid, String message) {
        if (!valid) throw new IllegalArgumentException(message);
        values.put(name, value);
    }

    static List<ParamGroup> single(List<Tensor> params) { return List.of(ParamGroup.of(params)); }
}
