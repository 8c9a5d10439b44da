package ember.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * How the threads share one product wider than a strip ({@code Gemm}'s column strips): the work items the strips are
 * cut into, and which row blocks of the shared packed A are packed yet (Note [Packing A where it is first used]).
 * One per product (per chunk of rows of a very tall one); it holds no operand, only counters.
 */
final class StripSchedule {
    private static final int UNPACKED = 0, PACKING = 1, PACKED = 2;

    private final int strips, rowBlocks;
    /** Strips run whole; each strip after them is cut into {@link #parts} items of rows. */
    private final int whole, parts;
    private final AtomicIntegerArray packing;
    private final AtomicInteger arrivals = new AtomicInteger();

    /** Strips for threads (1: every strip whole), over rowBlocks row blocks of A. */
    StripSchedule(int strips, int rowBlocks, int threads) {
        this.strips = strips;
        this.rowBlocks = rowBlocks;
        this.parts = threads;
        this.whole = threads > 1 ? strips - Math.min(strips, threads) : strips;
        this.packing = new AtomicIntegerArray(rowBlocks);
    }

    /** Work items: the whole strips, then the last strips' parts. */
    int items() { return whole + (strips - whole) * parts; }

    /** The strip item i belongs to. */
    int strip(int item) { return item < whole ? item : whole + (item - whole) / parts; }

    /** First row block of item i (its strip's rows split into parts of near-equal row blocks). */
    int firstRowBlock(int item) {
        return item < whole ? 0 : Gemm.stripStart((item - whole) % parts, rowBlocks, parts);
    }

    /** Row block after item i's last. */
    int endRowBlock(int item) {
        return item < whole ? rowBlocks : Gemm.stripStart((item - whole) % parts + 1, rowBlocks, parts);
    }

    /**
     * Whether a thread's first strip runs its row blocks from the last: every other thread's does, so that the first
     * two threads pack A from opposite ends and meet in the middle instead of waiting on each other.
     */
    boolean firstDescending() { return (arrivals.getAndIncrement() & 1) == 1; }

    /**
     * True when the calling thread is to pack row block r now (then it calls {@link #packed} or, failing, {@link
     * #abandoned}); false once r is packed, after waiting while another thread packs it.
     */
    boolean claim(int r) {
        while (true) {
            int state = packing.get(r);
            if (state == PACKED) return false;
            if (state == UNPACKED && packing.compareAndSet(r, UNPACKED, PACKING)) return true;
            Thread.onSpinWait(); // another thread is packing r: a micro-panel, a few microseconds
        }
    }

    void packed(int r) { packing.set(r, PACKED); }

    /** Packing r failed: another thread waiting for it claims it again (and fails the same way, reporting it). */
    void abandoned(int r) { packing.set(r, UNPACKED); }
}
