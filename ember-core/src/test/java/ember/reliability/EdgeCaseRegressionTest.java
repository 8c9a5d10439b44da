package ember.reliability;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import ember.data.CsvTable;
import ember.nn.F;
import ember.nn.Reduction;
import org.junit.jupiter.api.Test;

/**
 * The mismatches with PyTorch that the differential programs and the fuzzers found, each pinned on its own with
 * PyTorch's values (the Python line above each) or the bound it now keeps.
 */
class EdgeCaseRegressionTest {
    static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    static void assertExactly(double[] expected, Tensor actual, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++)
            assertTrue(Double.compare(expected[i], a[i]) == 0 || Math.abs(expected[i] - a[i]) <= 1e-6 * Math.abs(expected[i]),
                    what + ": element " + i + " expected " + expected[i] + " but was " + a[i]);
    }

    @Test
    void maximumAndMinimumGiveBothInputsTheGradientWhereOneIsNaN() {
        // a = torch.tensor([nan, 1., 2., 3.], requires_grad=True); b = torch.tensor([1., nan, 2., 1.], requires_grad=True)
        // torch.maximum(a, b).sum().backward()  ->  a.grad [1, 1, 0.5, 1], b.grad [1, 1, 0.5, 0]
        Tensor a = tensor(NAN, 1, 2, 3).requiresGrad_(), b = tensor(1, NAN, 2, 1).requiresGrad_();
        maximum(a, b).sum().backward();
        assertExactly(new double[]{1, 1, 0.5, 1}, a.grad(), "maximum, a");
        assertExactly(new double[]{1, 1, 0.5, 0}, b.grad(), "maximum, b");
        // torch.minimum(a, b).sum().backward()  ->  a.grad [1, 1, 0.5, 0], b.grad [1, 1, 0.5, 1]
        a.setGrad(null);
        b.setGrad(null);
        minimum(a, b).sum().backward();
        assertExactly(new double[]{1, 1, 0.5, 0}, a.grad(), "minimum, a");
        assertExactly(new double[]{1, 1, 0.5, 1}, b.grad(), "minimum, b");
    }

    @Test
    void powOfOneIsOneWhateverTheExponent() {
        // torch.pow(torch.tensor([1., 1., -1., -1., 2.]), torch.tensor([nan, inf, inf, -inf, nan]))  ->  [1, 1, 1, 1, nan]
        assertExactly(new double[]{1, 1, 1, 1, NAN}, tensor(1, 1, -1, -1, 2).pow(tensor(NAN, INF, INF, -INF, NAN)), "pow");
        assertExactly(new double[]{1, 1}, tensor(1, 1).pow(NAN), "pow with a number exponent");
    }

    @Test
    void reluAndClampBackwardSelectRatherThanMultiply() {
        // r = torch.tensor([nan, -1., 2.], requires_grad=True); r.relu().backward(torch.tensor([3., 3., 3.]))  ->  [3, 0, 3]
        Tensor r = tensor(NAN, -1, 2).requiresGrad_();
        r.relu().backward(tensor(3, 3, 3));
        assertExactly(new double[]{3, 0, 3}, r.grad(), "relu");
        // c = torch.tensor([nan, -5., 0.25, 5.], requires_grad=True); c.clamp(-1, 1).backward(torch.tensor([1., inf, 1., inf]))
        //   ->  [0, 0, 1, 0]
        Tensor c = tensor(NAN, -5, 0.25, 5).requiresGrad_();
        c.clamp(-1, 1).backward(tensor(1, INF, 1, INF));
        assertExactly(new double[]{0, 0, 1, 0}, c.grad(), "clamp");
    }

    @Test
    void inPlaceWriteIntoAViewPassesInfiniteGradientsThrough() {
        // x = torch.tensor([1., 2., 3., 4.], requires_grad=True); r = x.clone(); r[0:2].mul_(2)
        // r.backward(torch.tensor([inf, 1, 1, inf]))  ->  [inf, 2, 1, inf]
        Tensor x = tensor(1, 2, 3, 4).requiresGrad_();
        Tensor r = x.clone();
        r.get("0:2").mul_(2.0);
        r.backward(tensor(INF, 1, 1, INF));
        assertExactly(new double[]{INF, 2, 1, INF}, x.grad(), "CopySlices");
    }

    @Test
    void huberLossGradientAtInfiniteAndNaNDifferences() {
        // x = torch.tensor([inf, -inf, 3., 0.5, nan], requires_grad=True)
        // F.huber_loss(x, torch.zeros(5), reduction='sum').backward()  ->  [1, -1, 1, 0.5, nan]
        Tensor x = tensor(INF, -INF, 3, 0.5, NAN).requiresGrad_();
        F.huberLoss(x, zeros(5), Reduction.SUM, 1.0).backward();
        assertExactly(new double[]{1, -1, 1, 0.5, NAN}, x.grad(), "huber");
        // F.huber_loss(x, torch.zeros(5), reduction='none').backward(torch.tensor([inf] * 5))  ->  [inf, -inf, inf, inf, nan]
        x.setGrad(null);
        F.huberLoss(x, zeros(5), Reduction.NONE, 1.0).backward(full(new int[]{5}, INF));
        assertExactly(new double[]{INF, -INF, INF, INF, NAN}, x.grad(), "huber with an infinite incoming gradient");
        // F.huber_loss(torch.tensor([0.25, 3.]), torch.zeros(2), reduction='none')  ->  [0.03125, 2.5]
        assertExactly(new double[]{0.03125, 2.5}, F.huberLoss(tensor(0.25, 3), zeros(2), Reduction.NONE, 1.0), "huber values");
    }

    @Test
    void bceWithLogitsGradientAtInfiniteAndNaNLogits() {
        // F.binary_cross_entropy_with_logits(x, torch.tensor([0., 1., .5, .5, .5]), reduction='sum').backward()
        //   ->  [1, -1, 0.45257413387298584, 0.12245935201644897, nan]
        Tensor x = tensor(INF, -INF, 3, 0.5, NAN).requiresGrad_();
        F.binaryCrossEntropyWithLogits(x, tensor(0, 1, 0.5, 0.5, 0.5), Reduction.SUM, null).backward();
        assertExactly(new double[]{1, -1, 0.45257413387298584, 0.12245935201644897, NAN}, x.grad(), "BCE with logits");
    }

    @Test
    void csvWithAWideHeaderOverManyShortRowsIsRefusedNotPadded() {
        // 20,000 columns and 60,000 one-field rows: 1.2 billion cells of NA padding from 140 KB of text
        StringBuilder csv = new StringBuilder(",".repeat(19_999));
        for (int r = 0; r < 60_000; r++) csv.append("\n1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse(csv.toString()));
        assertTrue(e.getMessage().contains("20000 columns") && e.getMessage().contains("Is the first line really the header?"),
                e.getMessage());
        // short rows in an ordinary table are still padded with NA, as pandas does
        CsvTable t = CsvTable.parse("a,b,c\n1\n2,3\n");
        assertNull(t.get(0, "c"));
        assertEquals("3", t.get(1, "b"));
    }
}
