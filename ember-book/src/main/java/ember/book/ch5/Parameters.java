package ember.book.ch5;

import static ember.Ember.*;
import static ember.book.Repr.tuple;

import ember.Tensor;
import ember.book.Program;
import ember.book.Repr;
import ember.book.Settings;
import ember.nn.Init;
import ember.nn.Linear;
import ember.nn.Module;
import ember.nn.ReLU;
import ember.nn.Sequential;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * d2l 5.2, parameter management: reaching parameters (a layer's state dict, its bias and weight, gradients before
 * any backward, named parameters of a layer and of a whole net, nested blocks), initialising them (built-in normal,
 * constant and Xavier initialisers and a custom one, applied to every Linear with {@code apply}, and direct writes),
 * and tying them: one layer used twice shares its weight, which is one tensor, not two equal ones.
 */
public final class Parameters implements Program {
    @Override public String name() { return "ch5/parameters"; }

    @Override public String description() { return "Parameter management: access, initialisation, shared parameters"; }

    static Linear linear(Module net, int i) { return (Linear) ((Sequential) net).get(i); }

    static Sequential block1() { return new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 4), new ReLU()); }

    static Sequential block2() {
        Sequential net = new Sequential();
        for (int i = 0; i < 4; i++) net.addModule("block " + i, block1());
        return net;
    }

    /** The book's {@code print(*[(name, param.shape) for name, param in m.named_parameters()])}. */
    static String namedShapes(Module m) {
        List<String> items = new ArrayList<>();
        m.namedParameters().forEach((name, p) -> items.add(tuple(name, p.shape())));
        return String.join(" ", items);
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        Sequential net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        Tensor X = rand(2, 4);
        out.println(net.forward(X));

        // access
        out.println(Repr.orderedDict(net.get(2).stateDict()));
        Tensor bias = linear(net, 2).bias();
        out.println("<class '" + bias.getClass().getName() + "'>");
        out.println(Repr.parameter(bias));
        out.println(bias.detach());
        out.println(Repr.repr(linear(net, 2).weight().grad() == null));
        out.println(namedShapes(net.get(0)));
        out.println(namedShapes(net));
        out.println(net.stateDict().get("2.bias"));
        result.put("parameters", (double) net.parameters().size());

        Sequential rgnet = new Sequential(block2(), new Linear(4, 1));
        out.println(rgnet.forward(X));
        out.println(rgnet);
        out.println(linear(((Sequential) rgnet.get(0)).get(1), 0).bias().detach());
        result.put("rgnetParameters", (double) rgnet.parameters().size());

        // built-in initialisation
        net.apply(m -> {
            if (m instanceof Linear l) {
                Init.normal_(l.weight(), 0, 0.01);
                Init.zeros_(l.bias());
            }
        });
        out.println(tuple(linear(net, 0).weight().detach().get(0), linear(net, 0).bias().detach().get(0)));
        net.apply(m -> {
            if (m instanceof Linear l) {
                Init.constant_(l.weight(), 1);
                Init.zeros_(l.bias());
            }
        });
        out.println(tuple(linear(net, 0).weight().detach().get(0), linear(net, 0).bias().detach().get(0)));
        result.put("constantWeightSum", linear(net, 0).weight().sum().item());
        net.get(0).apply(m -> {
            if (m instanceof Linear l) Init.xavierUniform_(l.weight());
        });
        net.get(2).apply(m -> {
            if (m instanceof Linear l) Init.constant_(l.weight(), 42);
        });
        out.println(linear(net, 0).weight().detach().get(0));
        out.println(linear(net, 2).weight().detach());
        // Xavier uniform bounds a [8, 4] weight by √(6 / (4 + 8)) = 0.7071
        result.put("xavierMaxAbs", linear(net, 0).weight().abs().max().item());

        // a custom initialiser: U(-10, 10), then zero where |w| < 5
        net.apply(m -> {
            if (m instanceof Linear l) {
                var first = l.namedParameters().entrySet().iterator().next();
                out.println("Init " + first.getKey() + " " + Repr.repr(first.getValue().shape()));
                Init.uniform_(l.weight(), -10, 10);
                Tensor w = l.weight().detach();
                w.mul_(w.abs().ge(5.0));
            }
        });
        out.println(linear(net, 0).weight().get(":2"));
        Tensor w0 = linear(net, 0).weight().detach();
        result.put("customSmallestNonZero", w0.abs().where(w0.ne(0.0), Double.POSITIVE_INFINITY).min().item());
        w0.get(":").add_(1.0);
        w0.set("0, 0", 42);
        out.println(w0.get(0));
        result.put("w00", w0.get("0, 0").item());

        // tied parameters: the same layer twice
        Linear shared = new Linear(8, 8);
        net = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
        net.forward(X);
        out.println(linear(net, 2).weight().detach().get(0).eq(linear(net, 4).weight().detach().get(0)));
        linear(net, 2).weight().detach().set("0, 0", 100);
        out.println(linear(net, 2).weight().detach().get(0).eq(linear(net, 4).weight().detach().get(0)));
        result.put("sharedIsSameTensor", linear(net, 2).weight() == linear(net, 4).weight() ? 1.0 : 0.0);
        result.put("sharedAfterWrite", linear(net, 4).weight().get("0, 0").item());
        result.put("tiedNetParameters", (double) net.parameters().size()); // the shared weight and bias count once
        return result;
    }
}
