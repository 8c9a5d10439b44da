package ember.book.ch4;

import static ember.Ember.*;

import ember.DType;
import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.nn.Linear;
import ember.nn.MSELoss;
import ember.nn.Reduction;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * d2l 4.4: model selection, underfitting and overfitting with polynomial regression. Labels come from a cubic,
 * y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! + ε with ε ~ N(0, 0.1²), over features xⁱ/i! for i &lt; 20; a linear model fitted
 * on the first 4 features recovers the cubic, on 2 it underfits, on all 20 (1500 epochs) it overfits.
 */
public final class UnderfitOverfit implements Program {
    @Override public String name() { return "ch4/underfit-overfit"; }

    @Override public String description() { return "Polynomial regression: a good fit, underfitting and overfitting"; }

    static final int MAX_DEGREE = 20;
    static final double[] CUBIC = {5, 1.2, -3.4, 5.6};

    /** One fit's final weights and its loss curve, one point {epoch, train loss, test loss} per point the book plots. */
    record Fit(Tensor weight, List<double[]> curve) {
        double trainLoss() { return curve.get(curve.size() - 1)[1]; }

        double testLoss() { return curve.get(curve.size() - 1)[2]; }
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        int nTrain = 100, nTest = 100;
        double[] w = new double[MAX_DEGREE];
        System.arraycopy(CUBIC, 0, w, 0, CUBIC.length);
        // the book draws the data with NumPy in float64 and converts it to float32 afterwards
        Tensor trueW = tensor(DType.FLOAT64, w);
        Tensor features = randn(DType.FLOAT64, nTrain + nTest, 1);
        Tensor polyFeatures = features.pow(arange(MAX_DEGREE).reshape(1, -1)).div(factorialRow());
        Tensor labels = polyFeatures.matmul(trueW);
        labels = labels.add(randn(DType.FLOAT64, labels.shape()).mul(0.1));
        features = features.toFloat();
        polyFeatures = polyFeatures.toFloat();
        labels = labels.toFloat();
        out.println(features.get(":2") + "\n" + polyFeatures.get(":2, :") + "\n" + labels.get(":2"));

        Tensor trainPoly = polyFeatures.narrow(0, 0, nTrain), testPoly = polyFeatures.narrow(0, nTrain, nTest);
        Tensor trainLabels = labels.narrow(0, 0, nTrain), testLabels = labels.narrow(0, nTrain, nTest);
        Map<String, Fit> fits = new LinkedHashMap<>();
        int[] widths = {4, 2, MAX_DEGREE};
        String[] names = {"normal", "underfit", "overfit"};
        String[] titles = {"cubic: the first 4 features (1, x, x²/2!, x³/3!)", "linear: the first 2 features (1, x)",
                "all 20 features"};
        for (int i = 0; i < names.length; i++) {
            out.println(titles[i]);
            int epochs = s.epochsOr(names[i].equals("overfit") ? 1500 : 400);
            fits.put(names[i], train(trainPoly.narrow(1, 0, widths[i]), testPoly.narrow(1, 0, widths[i]), trainLabels,
                    testLabels, epochs, s.lrOr(0.01), s.batchSizeOr(10), out));
        }
        if (s.plot() != null) writeCurves(s.plot(), fits, out);

        Map<String, Double> r = new HashMap<>();
        Tensor cubic = tensor(CUBIC);
        r.put("normalWeightError", fits.get("normal").weight().reshape(-1).sub(cubic).abs().max().item());
        fits.forEach((name, fit) -> {
            r.put(name + "TrainLoss", fit.trainLoss());
            r.put(name + "TestLoss", fit.testLoss());
        });
        return r;
    }

    /** Γ(i + 1) = i! for i &lt; 20, as a row to divide the powers by (19! ≈ 1.2·10¹⁷ is exact enough in float64). */
    private static Tensor factorialRow() {
        double[] factorials = new double[MAX_DEGREE];
        double f = 1;
        for (int i = 0; i < MAX_DEGREE; i++) {
            factorials[i] = f;
            f *= i + 1;
        }
        return tensor(DType.FLOAT64, factorials).reshape(1, -1);
    }

    /** The book's {@code train}: Linear without bias, MSE, SGD; the losses at epoch 1 and every 20th epoch. */
    static Fit train(Tensor trainFeatures, Tensor testFeatures, Tensor trainLabels, Tensor testLabels, int numEpochs,
                     double lr, int batchSize, PrintStream out) {
        MSELoss loss = new MSELoss(Reduction.NONE);
        Sequential net = new Sequential(new Linear(trainFeatures.size(-1), 1, false));
        int batch = Math.min(batchSize, trainLabels.size(0));
        DataLoader trainIter = D2l.loadArray(new Tensor[]{trainFeatures, trainLabels.reshape(-1, 1)}, batch, true);
        DataLoader testIter = D2l.loadArray(new Tensor[]{testFeatures, testLabels.reshape(-1, 1)}, batch, false);
        SGD trainer = new SGD(net.parameters(), lr);
        List<double[]> curve = new ArrayList<>();
        for (int epoch = 0; epoch < numEpochs; epoch++) {
            D2l.trainEpochCh3(net, trainIter, loss::forward, trainer);
            if (epoch == 0 || (epoch + 1) % 20 == 0 || epoch == numEpochs - 1) {
                double trainLoss = D2l.evaluateLoss(net, trainIter, loss::forward);
                double testLoss = D2l.evaluateLoss(net, testIter, loss::forward);
                curve.add(new double[]{epoch + 1, trainLoss, testLoss});
                if (epoch == 0 || (epoch + 1) % 100 == 0 || epoch == numEpochs - 1)
                    out.printf("epoch %d, train loss %.4f, test loss %.4f%n", epoch + 1, trainLoss, testLoss);
            }
        }
        Tensor weight = ((Linear) net.get(0)).weight().detach();
        out.println("weight: " + weight);
        return new Fit(weight, curve);
    }

    /** One row per plotted epoch: the train and test loss of each fit, empty where a fit has no point. */
    private static void writeCurves(Path plot, Map<String, Fit> fits, PrintStream out) {
        List<String> header = new ArrayList<>(List.of("epoch"));
        java.util.TreeMap<Integer, double[]> rows = new java.util.TreeMap<>();
        int column = 1, width = 1 + 2 * fits.size();
        for (var e : fits.entrySet()) {
            header.add(e.getKey() + " train loss");
            header.add(e.getKey() + " test loss");
            for (double[] p : e.getValue().curve()) {
                double[] row = rows.computeIfAbsent((int) p[0], epoch -> {
                    double[] blank = new double[width];
                    java.util.Arrays.fill(blank, Double.NaN);
                    blank[0] = epoch;
                    return blank;
                });
                row[column] = p[1];
                row[column + 1] = p[2];
            }
            column += 2;
        }
        Path file = CurveCsv.write(plot, header, new ArrayList<>(rows.values()));
        out.println("loss curves written to " + file);
    }
}
