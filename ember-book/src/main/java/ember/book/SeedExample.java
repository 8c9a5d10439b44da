package ember.book;

import static ember.Ember.*;

import ember.Tensor;
import ember.autograd.GraphViz;
import ember.optim.SGD;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worked example from the user's week-1 notes, and the answer to the question they ended with (docs/autograd.md
 * explains both step by step).
 *
 * <p>The example: x = [0, 1, 2, 3] requires grad, y = xᵀx = 14, loss = (10 − y)² = 16; backward gives
 * x.grad = 4(y − 10)·x = [0, 16, 32, 48]; one step x − 0.01·x.grad = [0, 0.84, 1.68, 2.52] gives y = 9.8784 and
 * loss ≈ 0.0148. The question: after {@code x = x - lr*x.grad} the name x holds a computed (non-leaf) tensor whose
 * {@code .grad} stays empty — so how does one keep descending? Three ways, each run until the loss is 0.
 *
 * <p>Run it with {@code java -cp ember-core.jar:ember-book.jar ember.book.SeedExample}.
 */
public final class SeedExample {
    static final double LR = 0.01;
    static final double Y_TARGET = 10;
    /** In float32 the loss reaches exactly 0 on the 10th step (PyTorch's too). */
    static final int STEPS = 10;

    private SeedExample() {}

    public static void main(String[] args) { run(System.out); }

    /** Prints the example and the three ways to keep descending; returns the printed numbers by name. */
    public static Map<String, Double> run(PrintStream out) {
        Map<String, Double> numbers = new LinkedHashMap<>();

        Tensor x = arange(4.0).requiresGrad_();
        Tensor y = x.dot(x);
        Tensor loss = lossOf(y);
        out.println("x = " + x);
        out.println("y = x·x = " + y);
        out.println("loss = (10 - y)^2 = " + loss);
        out.println("the graph backward walks from loss:");
        out.print(GraphViz.textTree(loss, Map.of("x", x)).indent(2));
        loss.backward();
        out.println("x.grad = " + x.grad());
        numbers.put("y", y.item());
        numbers.put("loss", loss.item());
        putAll(numbers, "grad", x.grad());

        Tensor leaf = x;
        x = x.sub(x.grad().mul(LR));
        y = x.dot(x);
        loss = lossOf(y);
        out.println();
        out.println("after x = x - lr * x.grad (lr = " + LR + "):");
        out.println("x = " + x);
        out.println("y = " + y);
        out.println("loss = " + loss);
        putAll(numbers, "updatedX", x);
        numbers.put("updatedY", y.item());
        numbers.put("updatedLoss", loss.item());

        loss.backward();
        out.println("x.isLeaf() = " + x.isLeaf() + ", so after backward x.grad() = " + x.grad());
        out.println("the gradient went through x to the original leaf, added to its old .grad: " + leaf.grad());
        putAll(numbers, "leafGrad", leaf.grad());

        out.println();
        out.println("three ways to keep descending (" + STEPS + " steps from x = [0, 1, 2, 3]):");
        report(out, numbers, "inPlace", "1. update in place under noGrad(), then x.grad().zero_()", descendInPlace());
        report(out, numbers, "rebind", "2. rebind x to a new leaf: x = x.sub(...).detach().requiresGrad_()", descendByRebinding());
        report(out, numbers, "sgd", "3. an optimizer: new SGD(List.of(x), lr) with zeroGrad, backward, step", descendWithSgd());
        return numbers;
    }

    static Tensor lossOf(Tensor y) { return y.rsub(Y_TARGET).pow(2); }

    /** The loss before each step. */
    static double[] descendInPlace() {
        Tensor x = arange(4.0).requiresGrad_();
        double[] losses = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            Tensor loss = lossOf(x.dot(x));
            loss.backward();
            try (var _ = noGrad()) {
                x.sub_(x.grad().mul(LR));
            }
            x.grad().zero_();
            losses[step] = loss.item();
        }
        return losses;
    }

    static double[] descendByRebinding() {
        Tensor x = arange(4.0).requiresGrad_();
        double[] losses = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            Tensor loss = lossOf(x.dot(x));
            loss.backward();
            x = x.sub(x.grad().mul(LR)).detach().requiresGrad_();
            losses[step] = loss.item();
        }
        return losses;
    }

    static double[] descendWithSgd() {
        Tensor x = arange(4.0).requiresGrad_();
        SGD optimizer = new SGD(List.of(x), LR);
        double[] losses = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            optimizer.zeroGrad();
            Tensor loss = lossOf(x.dot(x));
            loss.backward();
            optimizer.step();
            losses[step] = loss.item();
        }
        return losses;
    }

    private static void report(PrintStream out, Map<String, Double> numbers, String key, String title, double[] losses) {
        out.println(title + "; the loss at each step:");
        out.println(tensor(losses));
        numbers.put(key + "FirstLoss", losses[0]);
        numbers.put(key + "SecondLoss", losses[1]);
        numbers.put(key + "FinalLoss", losses[losses.length - 1]);
    }

    private static void putAll(Map<String, Double> numbers, String key, Tensor values) {
        double[] v = values.toDoubleArray();
        for (int i = 0; i < v.length; i++) numbers.put(key + i, v[i]);
    }
}
