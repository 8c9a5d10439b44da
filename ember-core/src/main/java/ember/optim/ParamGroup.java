package ember.optim;

import ember.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameter group ({@code {"params": [...], "weight_decay": wd}}): parameters plus options that override the
 * optimizer's defaults, e.g. {@code ParamGroup.of(net.weight()).option("weightDecay", 3)}. Option names are the
 * optimizer's option names (lr, momentum, dampening, weightDecay, nesterov, beta1, beta2, eps, amsgrad, maximize);
 * booleans are stored as 1 and 0. Schedulers add {@code initialLr}.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) { this.params = List.copyOf(params); }

    public static ParamGroup of(List<Tensor> params) { return new ParamGroup(params); }

    public static ParamGroup of(Tensor... params) { return new ParamGroup(List.of(params)); }

    /** Sets an option for this group; the optimizer checks the name when the group is added. */
    public ParamGroup option(String name, double value) {
        options.put(name, value);
        return this;
    }

    public ParamGroup option(String name, boolean value) { return option(name, value ? 1 : 0); }

    public List<Tensor> params() { return params; }

    /** The group's value of an option (after the optimizer filled in its defaults). */
    public double get(String name) {
        Double v = options.get(name);
        if (v == null) throw new IllegalArgumentException("parameter group has no option '" + name + "' (it has " + options.keySet() + ")");
        return v;
    }

    public boolean getBoolean(String name) { return get(name) != 0; }

    public boolean has(String name) { return options.containsKey(name); }

    /** The learning rate, which schedulers change. */
    public double lr() { return get("lr"); }

    public void setLr(double lr) { options.put("lr", lr); }

    /** The options in insertion order (live: the optimizer fills defaults into it). */
    Map<String, Double> options() { return options; }

    @Override
    public String toString() { return "ParamGroup" + options + " of " + params.size() + " parameters"; }
}
