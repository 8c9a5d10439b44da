package ember.bench;

import java.util.Locale;

/**
 * Trains one of the book's concise models for a few epochs and prints seconds per epoch: the program
 * {@code bench/compare.sh} runs under {@code /usr/bin/time} to measure peak memory (arguments: softmax|mlp [epochs]).
 */
public final class TrainMain {
    private TrainMain() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TrainMain softmax|mlp [epochs]");
            System.exit(2);
        }
        Workloads.Model model = Workloads.Model.valueOf(args[0].toUpperCase(Locale.ROOT));
        int epochs = args.length == 2 ? Integer.parseInt(args[1]) : 3;
        Workloads.Training training = new Workloads.Training(model, Workloads.fashionTrain(0), 256);
        for (int e = 1; e <= epochs; e++) {
            long start = System.nanoTime();
            double[] metrics = training.epoch();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "epoch %d: %.3f s, loss %.3f, train acc %.3f%n", e, seconds, metrics[0], metrics[1]);
        }
    }
}
