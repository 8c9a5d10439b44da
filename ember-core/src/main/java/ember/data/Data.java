package ember.data;

import ember.Generator;
import ember.ops.Creation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers on data sets ({@code torch.utils.data}'s functions). */
public final class Data {
    private Data() {}

    /**
     * Splits {@code dataset} into non-overlapping random subsets of the given lengths, which must add up to its size
     * ({@code random_split}). The same generator seed gives the same split.
     */
    public static List<Subset> randomSplit(Dataset dataset, int[] lengths, Generator generator) {
        long total = 0;
        for (int length : lengths) {
            if (length < 0) throw new IllegalArgumentException("randomSplit: lengths must be non-negative, got " + Arrays.toString(lengths));
            total += length;
        }
        if (total != dataset.size())
            throw new IllegalArgumentException("Sum of input lengths does not equal the length of the input dataset! ("
                    + Arrays.toString(lengths) + " add up to " + total + ", the data set has " + dataset.size() + ")");
        long[] permutation = Creation.randperm(dataset.size(), generator).toLongArray();
        List<Subset> parts = new ArrayList<>(lengths.length);
        int offset = 0;
        for (int length : lengths) {
            int[] indices = new int[length];
            for (int i = 0; i < length; i++) indices[i] = (int) permutation[offset + i];
            parts.add(new Subset(dataset, indices));
            offset += length;
        }
        return parts;
    }

    /**
     * Splits by fractions that add up to 1: each part gets {@code floor(size × fraction)} examples and the remainder
     * goes one by one to the first parts, as PyTorch does.
     */
    public static List<Subset> randomSplit(Dataset dataset, double[] fractions, Generator generator) {
        double sum = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (!(fractions[i] >= 0 && fractions[i] <= 1))
                throw new IllegalArgumentException("Fraction at index " + i + " is not between 0 and 1");
            sum += fractions[i];
        }
        if (Math.abs(sum - 1) > 1e-9 || sum > 1)
            throw new IllegalArgumentException("randomSplit: fractions must add up to 1, got " + Arrays.toString(fractions));
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; i < n - assigned; i++) lengths[i % lengths.length]++;
        return randomSplit(dataset, lengths, generator);
    }
}
