package ember.book.ch3;

import static ember.Ember.*;

import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.d2l.D2l;
import ember.data.DataLoader;
import ember.nn.Init;
import ember.nn.Linear;
import ember.nn.MSELoss;
import ember.nn.Sequential;
import ember.optim.SGD;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** d2l 3.3: the same regression with the library — DataLoader, nn.Linear, MSELoss, optim.SGD. */
public final class LinearRegressionConcise implements Program {
    @Override public String name() { return "ch3/linear-regression-concise"; }

    @Override public String description() { return "Linear regression with nn.Linear, MSELoss and optim.SGD"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Tensor trueW = tensor(2, -3.4);
        double trueB = 4.2;
        Tensor[] data = D2l.syntheticData(trueW, trueB, 1000);
        DataLoader dataIter = D2l.loadArray(data, s.batchSizeOr(10), true);

        Sequential net = model();
        Linear layer = (Linear) net.get(0);
        MSELoss loss = new MSELoss();
        SGD trainer = new SGD(net.parameters(), s.lrOr(0.03));
        int epochs = s.epochsOr(3);
        D2l.TrainingListener listener = D2l.trainingListener();
        for (int epoch = 0; epoch < epochs; epoch++) {
            listener.epochStarted(epoch + 1, epochs, dataIter.size());
            for (List<Tensor> batch : dataIter) {
                Tensor l = loss.forward(net.forward(batch.get(0)), batch.get(1));
                trainer.zeroGrad();
                l.backward();
                trainer.step();
                listener.batchFinished();
            }
            Tensor l;
            try (var g = noGrad()) {
                l = loss.forward(net.forward(data[0]), data[1]);
            }
            listener.epochFinished(new D2l.EpochMetrics(epoch + 1, l.item(), Double.NaN, Double.NaN));
            out.printf("epoch %d, loss %f%n", epoch + 1, l.item());
        }
        Tensor wError = trueW.sub(layer.weight().detach().reshape(trueW.shape()));
        Tensor bError = layer.bias().detach().rsub(trueB);
        out.println("error in estimating w: " + wError);
        out.println("error in estimating b: " + bError);
        return Map.of("wError", wError.abs().max().item(), "bError", bError.abs().max().item());
    }

    /** nn.Sequential(nn.Linear(2, 1)) with weight ~ N(0, 0.01²) and bias 0. */
    private static Sequential model() {
        Sequential net = new Sequential(new Linear(2, 1));
        Linear layer = (Linear) net.get(0);
        Init.normal_(layer.weight(), 0, 0.01);
        Init.zeros_(layer.bias());
        return net;
    }

    /** MSELoss of the first minibatch, before any update. */
    @Override
    public Optional<LossGraph> firstLoss(Settings s) {
        Tensor[] data = D2l.syntheticData(tensor(2, -3.4), 4.2, 1000);
        List<Tensor> batch = D2l.loadArray(data, s.batchSizeOr(10), true).iterator().next();
        Sequential net = model();
        Tensor l = new MSELoss().forward(net.forward(batch.get(0)), batch.get(1));
        return Optional.of(new LossGraph(l, net.namedParameters()));
    }
}
