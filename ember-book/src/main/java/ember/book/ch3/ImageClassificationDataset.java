package ember.book.ch3;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.Timer;
import ember.data.DataLoader;
import ember.data.FashionMNIST;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** d2l 3.5: the Fashion-MNIST dataset — sizes, one image's shape, text labels, and the time to read one epoch. */
public final class ImageClassificationDataset implements Program {
    @Override public String name() { return "ch3/image-classification-dataset"; }

    @Override public String description() { return "Fashion-MNIST: sizes, shapes, labels, and how fast a DataLoader reads it"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        FashionMNIST train = s.dataDir() == null ? FashionMNIST.train() : FashionMNIST.train(s.dataDir());
        FashionMNIST test = s.dataDir() == null ? FashionMNIST.test() : FashionMNIST.test(s.dataDir());
        out.println(train.size() + " " + test.size());
        out.println(java.util.Arrays.toString(train.get(0).get(0).shape()).replace('[', '(').replace(']', ')'));
        out.println(FashionMNIST.textLabels(train.labels().narrow(0, 0, 10)));
        Timer timer = new Timer();
        int batches = 0;
        for (List<Tensor> batch : new DataLoader(train, s.batchSizeOr(256), true)) {
            batches += batch.get(0).size(0) > 0 ? 1 : 0;
        }
        double seconds = timer.stop();
        out.printf("%.2f sec%n", seconds);
        return Map.of("trainSize", (double) train.size(), "testSize", (double) test.size(), "batches", (double) batches,
                "readSeconds", seconds);
    }
}
