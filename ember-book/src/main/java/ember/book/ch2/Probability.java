package ember.book.ch2;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d2l 2.6, probability: tossing a fair die by sampling a multinomial distribution. The relative frequencies of 1000
 * tosses estimate the true probability 1/6; over 500 groups of 10 tosses the running estimates converge to it (the
 * book plots the six curves; this program prints them after 1, 10, 100 and 500 groups).
 */
public final class Probability implements Program {
    @Override public String name() { return "ch2/probability"; }

    @Override public String description() { return "Probability: sampling a fair die, relative frequencies converging to 1/6"; }

    /**
     * {@code torch.distributions.Multinomial(totalCount, probs).sample((groups,))} for a 1-D probs: float32 counts of
     * shape [groups, categories] (or [categories] when groups is 0, a single sample), drawn as PyTorch draws them — one
     * {@link ember.Ember#multinomial} call for all totalCount·groups tosses, the k-th toss counted in group k % groups.
     */
    static Tensor sampleCounts(int totalCount, Tensor probs, int groups) {
        Tensor normalized = probs.div(probs.sum(-1, true)); // the distribution's own normalisation, as Categorical's
        int rows = Math.max(groups, 1), categories = probs.size(-1);
        long[] tosses = multinomial(normalized.reshape(1, categories), totalCount * rows, true).toLongArray();
        float[] counts = new float[rows * categories];
        for (int k = 0; k < tosses.length; k++) counts[(k % rows) * categories + (int) tosses[k]]++;
        return groups == 0 ? fromArray(counts, categories) : fromArray(counts, rows, categories);
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        Tensor fairProbs = ones(6).div(6.0);
        out.println(sampleCounts(1, fairProbs, 0));
        out.println(sampleCounts(10, fairProbs, 0));
        Tensor counts = sampleCounts(1000, fairProbs, 0);
        Tensor frequencies = counts.div(1000.0);
        out.println(frequencies);
        result.put("maxDeviation1000", frequencies.sub(1.0 / 6).abs().max().item());

        counts = sampleCounts(10, fairProbs, 500);
        Tensor cumCounts = counts.cumsum(0);
        Tensor estimates = cumCounts.div(cumCounts.sum(1, true));
        for (int group : new int[]{1, 10, 100, 500})
            out.println("after " + group + " groups: " + estimates.get(group - 1));
        result.put("maxDeviationFirstGroup", estimates.get(0).sub(1.0 / 6).abs().max().item());
        result.put("maxDeviation500Groups", estimates.get(-1).sub(1.0 / 6).abs().max().item());
        return result;
    }
}
