package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Note [Packing A where it is first used]: the items strips are cut into, and the claims on A's row blocks. */
class StripScheduleTest {
    @Test
    void theLastStripOfEachThreadIsCutIntoOnePartOfRowsPerThread() {
        // 6 strips on two threads over 5 row blocks: strips 0-3 whole, strips 4 and 5 in rows [0, 3) and [3, 5)
        StripSchedule s = new StripSchedule(6, 5, 2);
        assertEquals(8, s.items());
        int[] strip = {0, 1, 2, 3, 4, 4, 5, 5}, first = {0, 0, 0, 0, 0, 3, 0, 3}, end = {5, 5, 5, 5, 3, 5, 3, 5};
        for (int item = 0; item < 8; item++) {
            assertEquals(strip[item], s.strip(item), "strip of item " + item);
            assertEquals(first[item], s.firstRowBlock(item), "first row block of item " + item);
            assertEquals(end[item], s.endRowBlock(item), "end row block of item " + item);
        }
        // fewer strips than threads: every strip is cut; one thread: none is
        StripSchedule one = new StripSchedule(1, 9, 2);
        assertEquals(2, one.items());
        assertEquals(5, one.endRowBlock(0));
        assertEquals(5, one.firstRowBlock(1));
        StripSchedule alone = new StripSchedule(3, 9, 1);
        assertEquals(3, alone.items());
        for (int item = 0; item < 3; item++) {
            assertEquals(item, alone.strip(item));
            assertEquals(0, alone.firstRowBlock(item));
            assertEquals(9, alone.endRowBlock(item));
        }
    }

    @Test
    void threadsStartFromAlternateEnds() {
        StripSchedule s = new StripSchedule(4, 4, 2);
        assertFalse(s.firstDescending());
        assertTrue(s.firstDescending());
        assertFalse(s.firstDescending());
    }

    @Test
    void aRowBlockIsPackedOnceAndWaitedForWhilePacking() throws Exception {
        StripSchedule s = new StripSchedule(2, 3, 2);
        assertTrue(s.claim(0));
        s.packed(0);
        assertFalse(s.claim(0), "packed already");
        // a failed packing leaves the block to the next thread that needs it
        assertTrue(s.claim(1));
        s.abandoned(1);
        assertTrue(s.claim(1));
        s.packed(1);
        // while one thread packs block 2, another that needs it waits, then finds it packed
        assertTrue(s.claim(2));
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> s.claim(2));
        Thread.sleep(50);
        assertFalse(other.isDone(), "must wait while block 2 is being packed");
        s.packed(2);
        assertFalse(other.get(10, TimeUnit.SECONDS));
    }
}
