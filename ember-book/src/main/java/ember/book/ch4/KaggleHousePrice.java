package ember.book.ch4;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.CsvTable;
import ember.io.AtomicFiles;
import ember.nn.Linear;
import ember.nn.MSELoss;
import ember.nn.Sequential;
import ember.optim.Adam;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * d2l 4.10: predicting house prices on Kaggle. Reads the competition's train and test CSV files from the data
 * directory, preprocesses them as the book does with pandas (standardise the numeric features, NA → 0, one-hot the
 * text features with an NA category), then trains a linear model with Adam on MSE and scores it by the RMSE of the
 * log prices: k-fold cross-validation first, then one model on all the training data, whose predictions for the
 * test houses make the submission file. Defaults: 5 folds, 100 epochs, lr 5, weight decay 0, batch 64.
 */
public final class KaggleHousePrice implements Program {
    /** d2l's download names first, then Kaggle's. */
    private static final String[][] FILE_NAMES = {{"kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv"},
            {"train.csv", "test.csv"}};
    private static final int K = 5;
    private static final double WEIGHT_DECAY = 0;

    private final Path submission;

    /** Runs the section without writing a submission file. */
    public KaggleHousePrice() { this(null); }

    /** Runs the section and writes the predictions for the test houses to {@code submission} (Id,SalePrice). */
    public KaggleHousePrice(Path submission) { this.submission = submission; }

    @Override public String name() { return "ch4/kaggle-house-price"; }

    @Override public String description() { return "House prices: CSV preprocessing, k-fold validation, Adam (needs --data DIR)"; }

    /** The preprocessed data: feature matrices for the training and test houses, and the training prices [n, 1]. */
    record Features(Tensor train, Tensor test, Tensor trainLabels, int width) {}

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Path[] files = locate(s.dataDir());
        CsvTable trainData = CsvTable.read(files[0]), testData = CsvTable.read(files[1]);
        out.println("(" + trainData.rows() + ", " + trainData.columns().size() + ")");
        out.println("(" + testData.rows() + ", " + testData.columns().size() + ")");
        out.print(head(trainData, 4, 0, 1, 2, 3, -3, -2, -1));
        Features f = preprocess(trainData, testData);
        out.println("(" + (f.train().size(0) + f.test().size(0)) + ", " + f.width() + ")");

        int epochs = s.epochsOr(100), batchSize = s.batchSizeOr(64);
        double lr = s.lrOr(5);
        Map<String, Double> r = new LinkedHashMap<>();
        double[] avg = kFold(K, f.train(), f.trainLabels(), epochs, lr, WEIGHT_DECAY, batchSize, out, r);
        out.printf("%d-fold validation: avg train log rmse: %f, avg valid log rmse: %f%n", K, avg[0], avg[1]);
        r.put("trainLogRmse", avg[0]);
        r.put("validLogRmse", avg[1]);

        Sequential net = getNet(f.width());
        double finalLs = train(net, f.train(), f.trainLabels(), null, null, epochs, lr, WEIGHT_DECAY, batchSize).lastTrain();
        out.printf("train log rmse %f%n", finalLs);
        r.put("finalTrainLogRmse", finalLs);
        if (submission != null) {
            Tensor preds;
            try (var g = noGrad()) {
                preds = net.forward(f.test()).reshape(-1);
            }
            writeSubmission(submission, testData, preds);
            out.println("submission written to " + submission);
        }
        return r;
    }

    /** The train and test files in {@code dir}, or an error saying where to get them. */
    static Path[] locate(Path dir) {
        String hint = "download train.csv and test.csv from https://www.kaggle.com/c/house-prices-advanced-regression-techniques/data"
                + " (or d2l's kaggle_house_pred_train.csv and kaggle_house_pred_test.csv) and pass their directory as the data"
                + " directory (--data DIR)";
        if (dir == null) throw new IllegalArgumentException("ch4/kaggle-house-price needs the competition's files: " + hint);
        for (String[] names : FILE_NAMES) {
            Path train = dir.resolve(names[0]), test = dir.resolve(names[1]);
            if (Files.isRegularFile(train) && Files.isRegularFile(test)) return new Path[]{train, test};
        }
        throw new IllegalArgumentException("ch4/kaggle-house-price found neither train.csv and test.csv nor "
                + "kaggle_house_pred_train.csv and kaggle_house_pred_test.csv in " + dir + ": " + hint);
    }

    /**
     * The book's preprocessing: {@code all_features = concat(train[:, 1:-1], test[:, 1:])} (no Id, no SalePrice),
     * numeric columns standardised, their NA set to 0 (the mean), {@code get_dummies(dummy_na=True)}, float32.
     */
    static Features preprocess(CsvTable trainData, CsvTable testData) {
        CsvTable all = CsvTable.concat(trainData.columnRange(1, -1), testData.columnRange(1, testData.columns().size()))
                .standardize().fillNa(0).getDummies(true);
        Tensor features = all.toTensor();
        int nTrain = trainData.rows();
        Tensor labels = trainData.select("SalePrice").toTensor();
        return new Features(features.narrow(0, 0, nTrain), features.narrow(0, nTrain, testData.rows()), labels,
                all.columns().size());
    }

    /** A single linear layer, as the book's {@code get_net}. */
    static Sequential getNet(int inFeatures) { return new Sequential(new Linear(inFeatures, 1)); }

    /** √(mean((log max(ŷ, 1) − log y)²)): prices are judged by relative error; predictions below 1 are clipped. */
    static double logRmse(Sequential net, Tensor features, Tensor labels) {
        try (var g = noGrad()) {
            Tensor clipped = net.forward(features).clampMin(1);
            return new MSELoss().forward(clipped.log(), labels.log()).sqrt().item();
        }
    }

    /** The log rmse after every epoch, on the training data and on the held-out data (empty when there is none). */
    record Curves(List<Double> train, List<Double> test) {
        double lastTrain() { return train.get(train.size() - 1); }

        double lastTest() { return test.get(test.size() - 1); }
    }

    /** The book's {@code train}: Adam on MSE, the log rmse recorded after every epoch. */
    static Curves train(Sequential net, Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures,
                                Tensor testLabels, int numEpochs, double lr, double weightDecay, int batchSize) {
        List<Double> trainLs = new ArrayList<>(), testLs = new ArrayList<>();
        var trainIter = D2l.loadArray(new Tensor[]{trainFeatures, trainLabels}, batchSize, true);
        Adam optimizer = new Adam(net.parameters(), Adam.options().lr(lr).weightDecay(weightDecay));
        MSELoss loss = new MSELoss();
        for (int epoch = 0; epoch < numEpochs; epoch++) {
            for (List<Tensor> batch : trainIter) {
                optimizer.zeroGrad();
                Tensor l = loss.forward(net.forward(batch.get(0)), batch.get(1));
                l.backward();
                optimizer.step();
            }
            trainLs.add(logRmse(net, trainFeatures, trainLabels));
            if (testLabels != null) testLs.add(logRmse(net, testFeatures, testLabels));
        }
        return new Curves(trainLs, testLs);
    }

    /**
     * The book's {@code get_k_fold_data}: fold i of k (⌊n/k⌋ rows each; rows past k folds are left out) is the
     * validation set, the others concatenated are the training set. Returns {X_train, y_train, X_valid, y_valid}.
     */
    public static Tensor[] getKFoldData(int k, int i, Tensor x, Tensor y) {
        if (k < 2) throw new IllegalArgumentException("get_k_fold_data: k-fold validation needs k > 1, got k = " + k);
        if (i < 0 || i >= k) throw new IndexOutOfBoundsException("get_k_fold_data: fold " + i + " of " + k);
        int foldSize = x.size(0) / k;
        if (foldSize == 0)
            throw new IllegalArgumentException("get_k_fold_data: " + x.size(0) + " examples are too few for " + k + " folds");
        List<Tensor> xTrain = new ArrayList<>(), yTrain = new ArrayList<>();
        Tensor xValid = null, yValid = null;
        for (int j = 0; j < k; j++) {
            Tensor xPart = x.narrow(0, j * foldSize, foldSize), yPart = y.narrow(0, j * foldSize, foldSize);
            if (j == i) {
                xValid = xPart;
                yValid = yPart;
            } else {
                xTrain.add(xPart);
                yTrain.add(yPart);
            }
        }
        return new Tensor[]{cat(xTrain, 0), cat(yTrain, 0), xValid, yValid};
    }

    /**
     * The book's {@code k_fold}: trains a fresh model per fold, prints each fold's final train and validation log rmse,
     * and returns their averages; puts fold 1's first-epoch train log rmse into {@code numbers} to show the descent.
     */
    static double[] kFold(int k, Tensor xTrain, Tensor yTrain, int numEpochs, double lr, double weightDecay, int batchSize,
                          PrintStream out, Map<String, Double> numbers) {
        double trainSum = 0, validSum = 0;
        for (int i = 0; i < k; i++) {
            Tensor[] data = getKFoldData(k, i, xTrain, yTrain);
            Sequential net = getNet(xTrain.size(1));
            Curves ls = train(net, data[0], data[1], data[2], data[3], numEpochs, lr, weightDecay, batchSize);
            double trainL = ls.lastTrain(), validL = ls.lastTest();
            trainSum += trainL;
            validSum += validL;
            if (i == 0) numbers.put("firstEpochTrainLogRmse", ls.train().get(0));
            out.printf("fold %d, train log rmse %f, valid log rmse %f%n", i + 1, trainL, validL);
        }
        return new double[]{trainSum / k, validSum / k};
    }

    /** The first rows of some columns (negative from the end), as {@code train_data.iloc[0:4, [0, 1, 2, 3, -3, -2, -1]]}. */
    static String head(CsvTable table, int rows, int... columns) {
        List<String> names = table.columns();
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(""));
        for (int c : columns) header.add(names.get(c < 0 ? c + names.size() : c));
        cells.add(header);
        for (int r = 0; r < Math.min(rows, table.rows()); r++) {
            List<String> line = new ArrayList<>(List.of(Integer.toString(r)));
            for (int c = 1; c < header.size(); c++) {
                String v = table.get(r, header.get(c));
                line.add(v == null ? "NaN" : v);
            }
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : cells) for (int c = 0; c < line.size(); c++) widths[c] = Math.max(widths[c], line.get(c).length());
        StringBuilder sb = new StringBuilder();
        for (List<String> line : cells) {
            for (int c = 0; c < line.size(); c++) sb.append(c == 0 ? "" : "  ").append(" ".repeat(widths[c] - line.get(c).length())).append(line.get(c));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code Id,SalePrice} for every test house, as the book's {@code submission.to_csv(index=False)}. */
    static void writeSubmission(Path file, CsvTable testData, Tensor preds) {
        StringBuilder csv = new StringBuilder("Id,SalePrice\n");
        float[] p = preds.toFloatArray();
        for (int r = 0; r < testData.rows(); r++) csv.append(testData.get(r, "Id")).append(',').append(p[r]).append('\n');
        try {
            AtomicFiles.write(file, o -> o.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the submission to " + file + ": " + e.getMessage(), e);
        }
    }
}
