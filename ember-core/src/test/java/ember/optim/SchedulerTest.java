package ember.optim;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules on hand-derived values, their state dicts, and PyTorch's initial_lr bookkeeping. */
class SchedulerTest {
    private static SGD sgd(double lr) { return new SGD(List.of(tensor(1).requiresGrad_()), lr); }

    private static double[] lrsOver(LRScheduler s, Optimizer opt, int epochs) {
        double[] out = new double[epochs + 1];
        out[0] = opt.paramGroups().get(0).lr();
        for (int e = 1; e <= epochs; e++) {
            opt.step();
            s.step();
            out[e] = opt.paramGroups().get(0).lr();
        }
        return out;
    }

    @Test
    void stepLrHalvesEveryTwoEpochs() {
        // 0.8·0.5^⌊e/2⌋ for e = 0..5 (powers of two times 0.8: exact)
        SGD opt = sgd(0.8);
        assertArrayEquals(new double[]{0.8, 0.8, 0.4, 0.4, 0.2, 0.2}, lrsOver(new StepLR(opt, 2, 0.5), opt, 5));
    }

    @Test
    void cosineGoesDownAndBackUp() {
        // T_max 2, η_min 0, base 1: (1 + cos(πe/2))/2 = 1, ½, 0, ½, 1 — a period of 2·T_max
        SGD opt = sgd(1.0);
        assertArrayEquals(new double[]{1, 0.5, 0, 0.5, 1}, lrsOver(new CosineAnnealingLR(opt, 2), opt, 4), 1e-15);
        // with η_min 0.1 it bottoms out there
        SGD opt2 = sgd(1.0);
        double[] lrs = lrsOver(new CosineAnnealingLR(opt2, 2, 0.1), opt2, 2);
        assertEquals(0.1, lrs[2], 1e-15);
    }

    @Test
    void getLastLrAndInitialLr() {
        SGD opt = sgd(0.1);
        StepLR s = new StepLR(opt, 1, 0.1);
        assertArrayEquals(new double[]{0.1}, s.getLastLr());
        assertEquals(0.1, opt.paramGroups().get(0).get("initialLr"));
        opt.step();
        s.step();
        assertArrayEquals(new double[]{0.1 * 0.1}, s.getLastLr());
        // a second scheduler starts from the group's initial lr, as PyTorch's base_lrs do
        CosineAnnealingLR c = new CosineAnnealingLR(opt, 10);
        assertArrayEquals(new double[]{0.1}, c.baseLrs);
        assertEquals(0.1 * 0.1, opt.paramGroups().get(0).lr(), "construction leaves the current lr alone");
    }

    @Test
    void stateDictResumesTheSchedule() {
        SGD straightOpt = sgd(1.0);
        double[] straight = lrsOver(new CosineAnnealingLR(straightOpt, 4), straightOpt, 6);

        SGD opt = sgd(1.0);
        CosineAnnealingLR first = new CosineAnnealingLR(opt, 4);
        lrsOver(first, opt, 3);
        var optState = opt.stateDict();
        var schedState = first.stateDict();

        SGD opt2 = sgd(1.0);
        opt2.loadStateDict(optState);
        CosineAnnealingLR second = new CosineAnnealingLR(opt2, 4);
        second.loadStateDict(schedState);
        assertEquals(3, second.lastEpoch());
        double[] rest = lrsOver(second, opt2, 3);
        assertArrayEquals(new double[]{straight[3], straight[4], straight[5], straight[6]}, rest, 1e-15);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd(0.1), 0));
        Tensor p = tensor(1).requiresGrad_();
        SGD two = new SGD(SGD.options().lr(0.1), ParamGroup.of(p), ParamGroup.of(tensor(2).requiresGrad_()));
        var state = new StepLR(sgd(0.1), 1).stateDict();
        var e = assertThrows(IllegalArgumentException.class, () -> new StepLR(two, 1).loadStateDict(state));
        assertTrue(e.getMessage().contains("1 parameter groups, the optimizer has 2"), e.getMessage());
    }
}
