package ember.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The short version of the soak ({@code tools/soak.sh} runs 100,000 steps): 3,000 training steps of a small MLP must
 * leave no step's graph reachable (weak references to its loss, grad_fn and input batch all cleared) and a flat
 * retained heap. A leaked graph per step would hold tens of kilobytes (its saved activations), tens of megabytes over
 * the run; the margin allows for the JIT's and class loading's own growth.
 */
class SoakTest {
    static final long HEAP_MARGIN_BYTES = 4_000_000;

    @Test
    void threeThousandStepsKeepAFlatHeap() {
        Soak.Result r = Soak.run(3_000, 6, line -> System.out.println("[soak] " + line));
        System.out.printf("[soak] %d steps in %.1f s, loss %.4f -> %.4f, heap growth %.2f MB, graphs alive %d of %d%n",
                r.steps(), r.seconds(), r.firstLoss(), r.lastLoss(), r.growthBytes() / 1e6, r.graphsAlive(), r.trackedSteps());
        assertTrue(r.lastLoss() < r.firstLoss(), "the model did not learn: the run proves nothing");
        assertEquals(0, r.graphsAlive(), "step graphs still reachable after GC: " + r.graphsAlive() + " of " + r.trackedSteps());
        assertTrue(r.growthBytes() < HEAP_MARGIN_BYTES, "retained heap grew by " + r.growthBytes() + " bytes");
        assertTrue(r.loaderThreadsAlive() <= 1, r.loaderThreadsAlive() + " DataLoader threads alive after the run");
    }
}
