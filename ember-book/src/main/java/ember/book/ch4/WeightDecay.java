package ember.book.ch4;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.nn.Linear;
import ember.nn.MSELoss;
import ember.nn.Reduction;
import ember.nn.Sequential;
import ember.optim.ParamGroup;
import ember.optim.SGD;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * d2l 4.5: weight decay on a high-dimensional linear regression that overfits easily — 200 inputs, 20 training
 * examples, y = 0.05 + Σ 0.01·xᵢ + ε. From scratch with an L2 penalty λ‖w‖²/2 (λ = 0 and λ = 3), then with the
 * optimizer's weight decay on the weight only (a parameter group for the weight, one without decay for the bias).
 */
public final class WeightDecay implements Program {
    @Override public String name() { return "ch4/weight-decay"; }

    @Override public String description() { return "L2 regularisation from scratch and with SGD's weight decay"; }

    private static final int N_TRAIN = 20, N_TEST = 100, NUM_INPUTS = 200;

    /** One run: the final ‖w‖ and the loss curve, {epoch, train loss, test loss} every 5 epochs. */
    record Run(double weightNorm, List<double[]> curve) {
        double trainLoss() { return curve.get(curve.size() - 1)[1]; }

        double testLoss() { return curve.get(curve.size() - 1)[2]; }
    }

    /** The book's {@code l2_penalty}: ‖w‖²/2. */
    static Tensor l2Penalty(Tensor w) { return w.pow(2).sum().div(2); }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        int batchSize = s.batchSizeOr(5), epochs = s.epochsOr(100);
        double lr = s.lrOr(0.003);
        Tensor trueW = ones(NUM_INPUTS, 1).mul(0.01);
        double trueB = 0.05;
        DataLoader trainIter = D2l.loadArray(D2l.syntheticData(trueW, trueB, N_TRAIN), batchSize, true);
        DataLoader testIter = D2l.loadArray(D2l.syntheticData(trueW, trueB, N_TEST), batchSize, false);

        Map<String, Run> runs = new LinkedHashMap<>();
        for (double lambda : new double[]{0, 3}) {
            out.printf("from scratch, lambda = %s%n", fmt(lambda));
            runs.put("scratchLambda" + fmt(lambda), trainScratch(lambda, trainIter, testIter, epochs, lr, batchSize, out));
        }
        for (double wd : new double[]{0, 3}) {
            out.printf("concise, weight decay = %s%n", fmt(wd));
            runs.put("conciseWd" + fmt(wd), trainConcise(wd, trainIter, testIter, epochs, lr, out));
        }
        if (s.plot() != null) writeCurves(s.plot(), runs, out);

        Map<String, Double> r = new LinkedHashMap<>();
        runs.forEach((name, run) -> {
            r.put(name + "Norm", run.weightNorm());
            r.put(name + "TrainLoss", run.trainLoss());
            r.put(name + "TestLoss", run.testLoss());
        });
        return r;
    }

    /** The book's scratch {@code train(lambd)}: w ~ N(0, 1), b = 0, loss + λ·penalty, d2l's minibatch SGD. */
    static Run trainScratch(double lambda, DataLoader trainIter, DataLoader testIter, int epochs, double lr, int batchSize,
                            PrintStream out) {
        Tensor w = normal(0, 1, NUM_INPUTS, 1).requiresGrad_();
        Tensor b = zeros(1).requiresGrad_();
        Function<Tensor, Tensor> net = x -> D2l.linreg(x, w, b);
        List<double[]> curve = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (List<Tensor> batch : trainIter) {
                // the penalty is a scalar broadcast over the batch's losses, so the sum counts it once per example
                Tensor l = D2l.squaredLoss(net.apply(batch.get(0)), batch.get(1)).add(l2Penalty(w).mul(lambda));
                l.sum().backward();
                D2l.sgd(List.of(w, b), lr, batchSize);
            }
            record(curve, epoch, epochs, net, trainIter, testIter, D2l::squaredLoss);
        }
        double norm = w.detach().norm().item();
        out.println("L2 norm of w: " + norm);
        return new Run(norm, curve);
    }

    /** The book's {@code train_concise(wd)}: nn.Linear with N(0, 1) parameters, SGD decaying the weight only. */
    static Run trainConcise(double wd, DataLoader trainIter, DataLoader testIter, int epochs, double lr, PrintStream out) {
        Linear linear = new Linear(NUM_INPUTS, 1);
        Sequential net = new Sequential(linear);
        try (var g = noGrad()) {
            for (Tensor p : net.parameters()) p.normal_(0, 1);
        }
        MSELoss loss = new MSELoss(Reduction.NONE);
        SGD trainer = new SGD(SGD.options().lr(lr), ParamGroup.of(linear.weight()).option("weightDecay", wd),
                ParamGroup.of(linear.bias()));
        List<double[]> curve = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (List<Tensor> batch : trainIter) {
                trainer.zeroGrad();
                Tensor l = loss.forward(net.forward(batch.get(0)), batch.get(1));
                l.mean().backward();
                trainer.step();
            }
            record(curve, epoch, epochs, net, trainIter, testIter, loss::forward);
        }
        double norm = linear.weight().detach().norm().item();
        out.println("L2 norm of w: " + norm);
        return new Run(norm, curve);
    }

    /** The book's animator points: train and test loss every 5th epoch (and after the last one). */
    private static void record(List<double[]> curve, int epoch, int epochs, Function<Tensor, Tensor> net, DataLoader trainIter,
                               DataLoader testIter, java.util.function.BiFunction<Tensor, Tensor, Tensor> loss) {
        if ((epoch + 1) % 5 != 0 && epoch != epochs - 1) return;
        curve.add(new double[]{epoch + 1, D2l.evaluateLoss(net, trainIter, loss), D2l.evaluateLoss(net, testIter, loss)});
    }

    private static void writeCurves(Path plot, Map<String, Run> runs, PrintStream out) {
        List<String> header = new ArrayList<>(List.of("epoch"));
        List<Run> all = new ArrayList<>(runs.values());
        runs.keySet().forEach(name -> {
            header.add(name + " train loss");
            header.add(name + " test loss");
        });
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < all.get(0).curve().size(); i++) {
            double[] row = new double[header.size()];
            row[0] = all.get(0).curve().get(i)[0];
            for (int r = 0; r < all.size(); r++) {
                row[1 + 2 * r] = all.get(r).curve().get(i)[1];
                row[2 + 2 * r] = all.get(r).curve().get(i)[2];
            }
            rows.add(row);
        }
        Path file = CurveCsv.write(plot, header, rows);
        out.println("loss curves written to " + file);
    }

    private static String fmt(double v) { return Long.toString((long) v); }
}
