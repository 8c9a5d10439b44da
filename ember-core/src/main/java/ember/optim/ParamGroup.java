package ember.optim;

import ember.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameter group ({@code {"params": [...], "weight_decay": wd}}): parameters plus options that override the
 * optimizer's defaults, e.g. {@code ParamGroup.of(net.weight()).option("weightDecay", 3)}.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) { this.params = new ArrayList<>(params); }

    public static ParamGroup of(List<Tensor> params) { return new ParamGroup(params); }

    public static ParamGroup of(Tensor... params) { return new ParamGroup(List.of(params)); }

    /** Sets an option for this group (names as in the optimizer's options: lr, momentum, weightDecay, ...). */
    public ParamGroup option(String name, double value) {
        options.put(name, value);
        return this;
    }

    public List<Tensor> params() { return params; }

    /** The group's value of an option (after defaults were filled in by the optimizer). */
    public double get(String name) {
        Double v = options.get(name);
        if (v == null) throw new IllegalArgumentException("parameter group has no option '" + name + "'");
        return v;
    }

    public boolean has(String name) { return options.containsKey(name); }

    /** The learning rate, which schedulers change. */
    public double lr() { return get("lr"); }

    public void setLr(double lr) { options.put("lr", lr); }

    void fillDefaults(Map<String, Double> defaults) {
        for (var e : defaults.entrySet()) {
            if (!options.containsKey(e.getKey())) options.put(e.getKey(), e.getValue());
        }
        for (String k : options.keySet())
            if (!defaults.containsKey(k)) throw new IllegalArgumentException("unknown optimizer option '" + k + "'; known: " + defaults.keySet());
    }

    Map<String, Double> options() { return options; }
}
