package ember.book;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.book.ch4.Chapter4;
import ember.book.ch4.DropoutProgram;
import ember.book.ch4.KaggleHousePrice;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chapter 4's programs on small settings: each must really learn. The full settings (the book's numbers) are run by
 * the benchmark, not here, except where the book's setting is small enough to run in a few seconds (the polynomial
 * fits and weight decay). Fashion-MNIST comes from Debian's dataset-fashion-mnist; the house-price files are a fixture
 * made by tools/golden/kaggle_house_fixture.py.
 */
class Chapter4Test {
    private final Transcript transcript = new Transcript();

    @TempDir Path dir;

    @BeforeEach
    void seed() { Ember.manualSeed(42); }

    private static Path houseData() throws URISyntaxException {
        return Path.of(Chapter4Test.class.getResource("/kaggle-house/train.csv").toURI()).getParent();
    }

    @Test
    void theChapterListsItsProgramsInTheBooksOrder() {
        assertEquals(List.of("ch4/mlp", "ch4/mlp-scratch", "ch4/mlp-concise", "ch4/underfit-overfit", "ch4/weight-decay",
                "ch4/dropout", "ch4/numerical-stability-and-init", "ch4/kaggle-house-price"),
                Chapter4.programs().stream().map(Program::name).toList());
    }

    @Test
    void activationDerivativesComeFromAutograd() throws Exception {
        Map<String, Double> r = transcript.run("ch4/mlp", Settings.defaults().withPlot(dir.resolve("mlp.png")));
        // relu' is 0 left of 0 and 1 right of it; σ' = σ(1 − σ) peaks at 1/4, tanh' = 1 − tanh² at 1 (both at x = 0)
        assertEquals(0.0, r.get("reluGradAtMinus1"));
        assertEquals(1.0, r.get("reluGradAt1"));
        assertEquals(0.25, r.get("sigmoidGradMax"), 1e-6);
        assertEquals(1.0, r.get("tanhGradMax"), 1e-6);
        // σ(1) = 0.7311, σ'(1) = 0.1966, tanh(1) = 0.7616, tanh'(1) = 1 − 0.7616² = 0.4200
        String printed = transcript.printed();
        assertTrue(printed.contains("   1.0    1.0000    1.0000    0.7311    0.1966    0.7616    0.4200"), printed);
        List<String> csv = Files.readAllLines(dir.resolve("mlp.csv"));
        assertEquals("x,relu,grad of relu,sigmoid,grad of sigmoid,tanh,grad of tanh", csv.get(0));
        assertEquals(1 + 160, csv.size()); // arange(−8, 8, 0.1) has 160 points
        assertTrue(csv.get(1).startsWith("-8,0,0,"), csv.get(1));
    }

    @Test
    void mlpScratchLearns() {
        // a larger lr and smaller batches than the book's, so that 2 epochs on 3,000 images are enough to see it learn
        Map<String, Double> r = transcript.run("ch4/mlp-scratch", fashionSmall());
        // chance is 0.1 and the initial loss ln 10 = 2.30
        assertTrue(r.get("testAcc") > 0.6, transcript.printed());
        assertTrue(r.get("trainLoss") < 1.5, transcript.printed());
    }

    @Test
    void mlpConciseLearns() {
        Map<String, Double> r = transcript.run("ch4/mlp-concise", fashionSmall());
        assertTrue(r.get("testAcc") > 0.6, transcript.printed());
        assertTrue(r.get("trainLoss") < 1.5, transcript.printed());
    }

    private static Settings fashionSmall() {
        return Settings.defaults().withTrainLimit(3000).withEpochs(2).withLr(0.5).withBatchSize(64);
    }

    @Test
    void polynomialFitsRecoverTheCubicAndShowUnderfitting() {
        // the book's setting: 100 + 100 examples, lr 0.01, batch 10, 400 epochs (1500 for all 20 features)
        Map<String, Double> r = transcript.run("ch4/underfit-overfit", Settings.defaults());
        // the cubic's weights are [5, 1.2, −3.4, 5.6]; the fit recovers them up to the N(0, 0.1²) label noise
        assertTrue(r.get("normalWeightError") < 0.2, transcript.printed());
        // the noise's variance is 0.01, so MSE/2 ≈ 0.005 for a perfect fit
        assertTrue(r.get("normalTestLoss") < 0.05, transcript.printed());
        // a line cannot follow the cubic: its loss stays orders of magnitude higher
        assertTrue(r.get("underfitTrainLoss") > 100 * r.get("normalTrainLoss"), transcript.printed());
        assertTrue(r.get("underfitTestLoss") > 100 * r.get("normalTestLoss"), transcript.printed());
        assertTrue(r.get("overfitTrainLoss") < 1, transcript.printed());
        assertTrue(transcript.printed().contains("weight: tensor([[ 5.0"), transcript.printed());
    }

    @Test
    void weightDecayShrinksTheWeightsAndHelpsTheTestLoss() {
        // the book's setting: 20 training examples, 200 inputs, batch 5, lr 0.003, 100 epochs
        Map<String, Double> r = transcript.run("ch4/weight-decay", Settings.defaults());
        // w starts as 200 N(0, 1) draws, ‖w‖ ≈ √200 = 14.1, and 20 examples barely move it (book: 13.0 and 13.7)
        for (String run : List.of("scratchLambda0", "conciseWd0")) {
            assertTrue(r.get(run + "Norm") > 10 && r.get(run + "Norm") < 18, run + ": " + transcript.printed());
        }
        // with λ = 3 the weights shrink towards the true 0.01·1 (‖true w‖ = 0.14; book: 0.36 and 0.39)
        for (String run : List.of("scratchLambda3", "conciseWd3")) {
            assertTrue(r.get(run + "Norm") < 1, run + ": " + transcript.printed());
        }
        assertTrue(r.get("scratchLambda3TestLoss") < r.get("scratchLambda0TestLoss") / 10, transcript.printed());
        assertTrue(r.get("conciseWd3TestLoss") < r.get("conciseWd0TestLoss") / 10, transcript.printed());
        assertTrue(transcript.printed().contains("L2 norm of w: "), transcript.printed());
    }

    @Test
    void weightDecayWritesTheLossCurves() throws Exception {
        transcript.run("ch4/weight-decay", Settings.defaults().withEpochs(10).withPlot(dir.resolve("wd.svg")));
        List<String> csv = Files.readAllLines(dir.resolve("wd.csv"));
        assertTrue(csv.get(0).startsWith("epoch,scratchLambda0 train loss,scratchLambda0 test loss,"), csv.get(0));
        assertEquals(List.of("5", "10"), csv.subList(1, csv.size()).stream().map(l -> l.split(",")[0]).toList());
    }

    @Test
    void dropoutLayerBehavesAsTheBookShows() {
        Tensor x = arange(DType.FLOAT32, 0, 16, 1).reshape(2, 8);
        assertSame(x, DropoutProgram.dropoutLayer(x, 0.0));
        assertTrue(DropoutProgram.dropoutLayer(x, 1.0).equal(zeros(2, 8)));
        // with p = 0.5 each element is dropped (0) or kept and doubled (2x)
        Tensor half = DropoutProgram.dropoutLayer(x, 0.5);
        assertTrue(half.eq(0).logicalOr(half.eq(x.mul(2))).all().item() == 1, half.toString());
        // on 100,000 ones about half survive, so the mean stays 1 (σ of the kept fraction = √(0.25/10⁵) = 0.0016)
        Tensor big = DropoutProgram.dropoutLayer(ones(100_000), 0.5);
        assertEquals(0.5, big.ne(0).toFloat().mean().item(), 0.01);
        assertEquals(1.0, big.mean().item(), 0.02);
        assertThrows(IllegalArgumentException.class, () -> DropoutProgram.dropoutLayer(x, 1.5));
    }

    @Test
    void dropoutNetworksLearn() {
        Map<String, Double> r = transcript.run("ch4/dropout", fashionSmall());
        assertTrue(r.get("scratchTestAcc") > 0.45, transcript.printed());
        assertTrue(r.get("conciseTestAcc") > 0.45, transcript.printed());
        assertTrue(r.get("scratchTrainLoss") < 1.8, transcript.printed());
        assertTrue(r.get("conciseTrainLoss") < 1.8, transcript.printed());
        assertTrue(transcript.printed().startsWith("""
                tensor([[ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.],
                        [ 8.,  9., 10., 11., 12., 13., 14., 15.]])
                tensor([[ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.],
                        [ 8.,  9., 10., 11., 12., 13., 14., 15.]])
                """), transcript.printed());
        assertTrue(transcript.printed().contains("""
                tensor([[0., 0., 0., 0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0., 0., 0., 0.]])
                from scratch:
                """), transcript.printed());
    }

    @Test
    void matrixProductsExplodeAsInPyTorch() {
        Ember.manualSeed(0);
        Map<String, Double> r = transcript.run("ch4/numerical-stability-and-init", Settings.defaults());
        // torch.manual_seed(0); x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
        // torch.sigmoid(x).backward(torch.ones_like(x)); M = torch.normal(0, 1, size=(4, 4))
        // print('a single matrix \n', M); 100× M = torch.mm(M, torch.normal(0, 1, size=(4, 4)))
        // print('after multiplying 100 matrices\n', M)   (torch 1.13)
        assertTrue(transcript.printed().contains("""
                a single matrix\s
                 tensor([[-1.1258, -1.1524, -0.2506, -0.4339],
                        [ 0.8487,  0.6920, -0.3160, -2.1152],
                        [ 0.3223, -1.2633,  0.3500,  0.3081],
                        [ 0.1198,  1.2377,  1.1168, -0.2473]])
                after multiplying 100 matrices
                 tensor([[-8.3012e+24,  1.9878e+25, -5.2962e+24,  2.0524e+25],
                        [ 5.9726e+24, -1.4302e+25,  3.8105e+24, -1.4767e+25],
                        [-5.7008e+24,  1.3651e+25, -3.6372e+24,  1.4095e+25],
                        [ 8.9242e+24, -2.1370e+25,  5.6937e+24, -2.2065e+25]])
                """), transcript.printed());
        // σ'(0) = 1/4; σ'(−8) = σ(−8)(1 − σ(−8)) = 3.3524e−4
        assertEquals(0.25, r.get("sigmoidGradAt0"), 1e-6);
        assertEquals(3.3524e-4, r.get("sigmoidGradAtMinus8"), 1e-7);
        // Xavier uniform on U(−a, a) with a = √(6 / (n_in + n_out)) has std a/√3 = √(2 / (784 + 256)) = 0.0439
        assertEquals(r.get("xavierExpectedStd"), r.get("xavierStd"), 0.001);
    }

    @Test
    void housePricesLearnOnTheFixtureAndWriteASubmission() throws Exception {
        Path submission = dir.resolve("submission.csv");
        // 20 epochs of batches of 8 on 48 houses per fold: 120 Adam steps at the book's lr 5
        Settings small = Settings.defaults().withDataDir(houseData()).withEpochs(20).withBatchSize(8);
        Map<String, Double> r = new KaggleHousePrice(submission).run(small, transcript.out);
        // prices are about e¹² ≈ 160,000 and the untrained model predicts about 0, clipped to 1: log rmse ≈ 12
        assertTrue(r.get("trainLogRmse") < r.get("firstEpochTrainLogRmse") - 1, transcript.printed());
        assertTrue(r.get("validLogRmse") < r.get("firstEpochTrainLogRmse") - 1, transcript.printed());
        assertTrue(r.get("finalTrainLogRmse") < r.get("firstEpochTrainLogRmse") - 1, transcript.printed());
        // 60 train rows × 16 columns, 30 test rows × 15; the features: 6 numeric columns + 34 indicator columns
        // (8 text columns: their distinct values plus one NA column each, counted by the fixture's script)
        assertTrue(transcript.printed().startsWith("(60, 16)\n(30, 15)\n"), transcript.printed());
        assertTrue(transcript.printed().contains("\n(90, 40)\n"), transcript.printed());
        String printed = transcript.printed();
        assertTrue(printed.contains("   Id  MSSubClass  MSZoning  LotFrontage  SaleType  SaleCondition  SalePrice\n"
                + "0   1          60        RL           90       New         Normal     131132\n"), printed);
        assertTrue(transcript.printed().contains("fold 5, train log rmse "), transcript.printed());
        List<String> csv = Files.readAllLines(submission);
        assertEquals("Id,SalePrice", csv.get(0));
        assertEquals(1 + 30, csv.size());
        assertTrue(csv.get(1).startsWith("61,"), csv.get(1));
        assertTrue(csv.get(30).startsWith("90,"), csv.get(30));
        for (String line : csv.subList(1, csv.size())) Double.parseDouble(line.split(",")[1]);
    }

    @Test
    void kFoldDataHoldsOutOneFoldAndDropsTheRemainder() {
        Tensor x = arange(12L).reshape(12, 1), y = arange(12L);
        // 12 rows in 5 folds of ⌊12/5⌋ = 2: fold 1 is rows 2–3, rows 10–11 belong to no fold (the book's slicing)
        Tensor[] fold = KaggleHousePrice.getKFoldData(5, 1, x, y);
        assertTrue(fold[0].reshape(-1).equal(tensor(new long[]{0, 1, 4, 5, 6, 7, 8, 9})), fold[0].toString());
        assertTrue(fold[1].equal(tensor(new long[]{0, 1, 4, 5, 6, 7, 8, 9})), fold[1].toString());
        assertTrue(fold[2].reshape(-1).equal(tensor(new long[]{2, 3})), fold[2].toString());
        assertTrue(fold[3].equal(tensor(new long[]{2, 3})), fold[3].toString());
        assertThrows(IllegalArgumentException.class, () -> KaggleHousePrice.getKFoldData(1, 0, x, y));
        assertThrows(IndexOutOfBoundsException.class, () -> KaggleHousePrice.getKFoldData(5, 5, x, y));
    }

    @Test
    void housePricesWithoutDataSayWhereToGetIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> transcript.run("ch4/kaggle-house-price", Settings.defaults()));
        assertTrue(e.getMessage().contains("kaggle.com") && e.getMessage().contains("--data"), e.getMessage());
        var wrongDir = assertThrows(IllegalArgumentException.class,
                () -> transcript.run("ch4/kaggle-house-price", Settings.defaults().withDataDir(dir)));
        assertTrue(wrongDir.getMessage().contains("train.csv") && wrongDir.getMessage().contains(dir.toString()),
                wrongDir.getMessage());
    }
}
