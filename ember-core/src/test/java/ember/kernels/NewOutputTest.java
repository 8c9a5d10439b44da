package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Note [Making a large output while the other thread packs]: the output is made once, and a failure reaches all. */
class NewOutputTest {
    @Test
    void aGivenOutputIsNeverMade() {
        float[] given = new float[3];
        NewOutput<float[]> out = new NewOutput<>(given, () -> { throw new AssertionError("made"); });
        assertSame(given, out.poll());
        assertSame(given, out.claim());
    }

    @Test
    void theFirstClaimMakesItAndLaterOnesFindIt() {
        int[] made = {0};
        NewOutput<double[]> out = new NewOutput<>(null, () -> {
            made[0]++;
            return new double[5];
        });
        assertNull(out.poll(), "nothing before a claim");
        double[] c = out.claim();
        assertEquals(5, c.length);
        assertSame(c, out.claim());
        assertSame(c, out.poll());
        assertEquals(1, made[0]);
    }

    @Test
    void aFailureToMakeItReachesTheThreadsWaitingForIt() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        NewOutput<float[]> out = new NewOutput<>(null, () -> { throw oom; });
        assertSame(oom, assertThrows(OutOfMemoryError.class, out::claim));
        // a thread polling for the output (Gemm's strips wait so) gets the failure instead of waiting for ever
        IllegalStateException waiting = assertThrows(IllegalStateException.class, out::poll);
        assertSame(oom, waiting.getCause());
        assertThrows(IllegalStateException.class, out::claim, "made once: a later claim does not try again");
    }
}
