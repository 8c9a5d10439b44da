package ember.book;

import ember.data.DataLoader;
import ember.data.Dataset;
import ember.data.FashionMNIST;
import ember.data.Subset;
import java.util.stream.IntStream;

/** Fashion-MNIST loaders for the programs, honouring {@link Settings#dataDir()} and {@link Settings#trainLimit()}. */
public final class FashionData {
    private FashionData() {}

    /** {train, test} loaders with the given batch size (d2l's {@code load_data_fashion_mnist}). */
    public static DataLoader[] loaders(Settings s, int batchSize) {
        FashionMNIST train = s.dataDir() == null ? FashionMNIST.train() : FashionMNIST.train(s.dataDir());
        FashionMNIST test = s.dataDir() == null ? FashionMNIST.test() : FashionMNIST.test(s.dataDir());
        return new DataLoader[]{
            new DataLoader(limit(train, s.trainLimit()), batchSize, true),
            new DataLoader(limit(test, s.trainLimit() / 5), batchSize, false)};
    }

    private static Dataset limit(FashionMNIST ds, int n) {
        if (n <= 0 || n >= ds.size()) return ds;
        return new Subset(ds, IntStream.range(0, n).toArray());
    }
}
