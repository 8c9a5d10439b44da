package ember.kernels;

import static ember.kernels.LaneSums.DM1;
import static ember.kernels.LaneSums.DM2;
import static ember.kernels.LaneSums.DM4;
import static ember.kernels.LaneSums.DX1;
import static ember.kernels.LaneSums.DX2;
import static ember.kernels.LaneSums.DX4;
import static ember.kernels.LaneSums.M1;
import static ember.kernels.LaneSums.M2;
import static ember.kernels.LaneSums.M4;
import static ember.kernels.LaneSums.M8;
import static ember.kernels.LaneSums.X1;
import static ember.kernels.LaneSums.X2;
import static ember.kernels.LaneSums.X4;
import static ember.kernels.LaneSums.X8;
import static jdk.incubator.vector.VectorOperators.FMA;

import ember.storage.Storage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 and float64 matrix products C = A·B (or C += A·B) in the BLIS/GotoBLAS design, on heap arrays with any
 * strides. Used by {@link VectorKernels} only, since it needs {@code jdk.incubator.vector}.
 *
 * <p>A product whose packed B fits {@link #STRIP} elements (L2) runs as one strip:
 * <ol>
 *   <li>B packed into {@code NR}-column panels (k-major inside a panel) in native memory aligned to cache lines (Note
 *       [Packed B off the heap]): by each thread for itself, or, when large, once and shared among the threads (Note
 *       [Each thread packs the B it reads]);
 *   <li>the rows of C split among threads by {@code MR}-row blocks (or, for few rows, the panels are split);
 *   <li>per thread: {@link #KC}-deep slices of k; per slice, each {@code MR}-row micro-panel of A is packed and run
 *       through the register-tiled micro-kernel against every panel of the slice.
 * </ol>
 * A wider product packs all of A once and deals column strips of {@link #COLUMN_STRIP} elements to the threads (wider
 * ones, {@link #WIDE_COLUMN_STRIP}, when A outgrows the cache), each packing its own strip of B and running the same
 * loops against the packed A (Note [Products wider than a strip], Note [Wide strips when A outgrows the cache]), whose
 * row blocks the first strips to reach them pack (Note [Packing A where it is first used]).
 * Packing reads each operand through its strides, so a transposed operand (a {@code .t()} or {@code .mT()} view) costs
 * no copy beyond the packing every operand gets; rows contiguous along k are transposed in registers. The micro-kernel
 * keeps an {@code MR × 3}-vector tile of C in registers (8 × 48 floats with AVX-512: 24 accumulators), broadcasting one
 * element of A against three vectors of B per step (fused multiply-add). Edge tiles run the same kernel (or a
 * one-vector kernel for a narrow last panel) into a scratch tile and write back only the valid elements. Products of at
 * most {@link #DIRECT_FMAS} multiply-adds skip packing; products of few rows read a row-major B in place (whole panels).
 * Two shapes of the book's layers have paths of their own: x·Wᵀ with few columns runs as dot products (Note [Narrow
 * products as dot products]), and 9 to 12 rows run as one 12-row micro-panel (Note [Products of 9 to 12 rows]).
 *
 * <p>Sizes (measured on a 2-core Xeon with AVX-512, 48 KiB L1d and 2 MiB L2 per core): the A micro-panel
 * ({@code KC × MR}) is read one element per eight multiply-adds while the slice of B ({@code KC × strip}, at most 2
 * MiB) streams from L2, three vectors per step; consecutive tiles of C lie side by side, which the prefetchers follow.
 * Where wide products turn to wide strips, the column strips, and how large a B each thread packs for itself, follow
 * the caches the machine reports (Note [Blocking by the caches this machine reports] in {@link CacheSizes}).
 */
final class Gemm {
    private Gemm() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FV = FS.length(), DV = DS.length();

    /** Rows of the register tile. */
    static final int MR = 8;
    /** Index vectors interleaving the lanes of two vectors: the low halves (a₀ b₀ a₁ b₁ …) and the high halves. */
    private static final FloatVector FLO = FloatVector.fromArray(FS, interleave(FV, 0), 0);
    private static final FloatVector FHI = FloatVector.fromArray(FS, interleave(FV, FV / 2), 0);
    /**
     * The same interleaves of float64 lanes, for float views of float64 vectors (a double's two float lanes kept
     * together): C2 compiles a two-vector selectFrom of floats into one permute whatever the width, but not one of
     * four doubles with AVX2, which ran the Vector API's Java code (20 ns a select; float64 products 10-20× slower).
     */
    private static final FloatVector DLO = FloatVector.fromArray(FS, floatPairs(interleave(DV, 0)), 0);
    private static final FloatVector DHI = FloatVector.fromArray(FS, floatPairs(interleave(DV, DV / 2)), 0);

    /** Lane indices for a two-vector selectFrom: a[from], b[from], a[from + 1], b[from + 1], … (b's lanes are + lanes). */
    private static float[] interleave(int lanes, int from) {
        float[] index = new float[lanes];
        for (int i = 0; i < lanes; i++) index[i] = (i % 2 == 0 ? 0 : lanes) + from + i / 2;
        return index;
    }

    /** Two-vector indices of double lanes as indices of their float lanes (double s is floats 2s and 2s + 1). */
    private static float[] floatPairs(float[] doubleIndex) {
        float[] index = new float[2 * doubleIndex.length];
        for (int i = 0; i < index.length; i++) index[i] = 2 * doubleIndex[i / 2] + i % 2;
        return index;
    }

    /** Columns of the register tile and of B's panels: three vectors, two with AVX2 (Note [Two-vector panels with AVX2]). */
    private static final int FNR = (FV == 8 ? 2 : 3) * FV, DNR = (DV == 4 ? 2 : 3) * DV;
    /** Whether a B may be read where it is: its kernels are three vectors wide (Note [Two-vector panels with AVX2]). */
    static final boolean FLOAT_B_IN_PLACE = FNR == 3 * FV, DOUBLE_B_IN_PLACE = DNR == 3 * DV;
    /**
     * Most depth of a slice of k. A deep slice means a tile of C is loaded and stored once per slice instead of once
     * per 256 steps: for float32, going from 256 to 1024 gained about a third at n = 1024, and one slice of 2048 beat
     * two of 1024 at n = 2048 (the A micro-panel then outgrows L1, up to 64 KiB, which costs less: it is read one
     * element per eight multiply-adds). Float64 measured faster with 512 (32 KiB micro-panels) than with 1024 on the
     * Xeon; on a 2-core Zen 5 (1 MiB L2), alternating product by product in one JVM, 1024 won: n = 768 138 -> 153
     * GFLOP/s, 1024 146-150 -> 166-167, 2048 170 -> 174 (a slice of 2048: 175).
     */
    static final int KC = 2048, DKC = 1024;
    /**
     * Most elements of a slice of packed B (depth × strip width). Float32: 2 MiB, the size of L2; measured against
     * 1 MiB, wider strips won at n = 512…2048 (fewer strips: fewer re-packings of A, fewer hand-offs between threads).
     * Float64: 1 MiB, which measured faster than 2 MiB.
     */
    static final int STRIP = 1 << 19, DSTRIP = 1 << 17;
    /**
     * A product of a row-major A and a transposed B of at most half a panel of columns and at least DOT_VECTORS vectors
     * deep runs as dot products (Note [Narrow products as dot products]). Measured with AVX-512 (kernel alone, m = 256):
     * float32 at k = 784 the dot products won up to 25 columns (10: 45 → 132–143 GFLOP/s, 20: 80 → 153), tied at 32 and
     * lost at 48; at k = 64 they lost at 16 columns (60 against 28), at k = 128 won at 10 (42 → 75). Float64 won at 10
     * columns (32 → 62 at k = 784, 24 → 33 at k = 64), tied at 16, lost at 24.
     */
    static final int DOT_COLUMNS = 3 * FV / 2, DDOT_COLUMNS = 3 * DV / 2, DOT_VECTORS = 8; // half of three vectors
    /** Products of at most this many multiply-adds take the direct path (no packing). */
    static final long DIRECT_FMAS = 16 * 16 * 16;
    /**
     * Products with at most this many rows read a row-major B where it is instead of packing it: B is used only
     * ceil(m / MR) times, so a copy would cost about as much as the product.
     */
    static final int IN_PLACE_B_ROWS = 64;
    /**
     * A shallow, small row-major B is read where it is whatever the rows (Note [Small B read where it is]): at most this
     * deep (a panel's rows, four cache lines each in place, stay in L1) and at most this many bytes (B stays in L2).
     */
    static final int IN_PLACE_B_DEPTH = 192, IN_PLACE_B_BYTES = 1 << 18;
    /** Multiply-adds per piece of a product split among threads ({@link #splits} decides whether it is). */
    static final long GRAIN_FMAS = 1 << 17;
    /**
     * Float32 products of fewer multiply-adds run on the calling thread (float64: {@link #splits}). It was three grains
     * while the other thread of a split product read B's panels out of the calling core's cache (Note [Each thread
     * packs the B it reads]); on a 2-core Zen 5 then, float32 64³ (2^18) had run faster on one thread than split
     * (3.8-6.4 µs against 4.4-10.2). With B's last panel packed by each thread, through Tensor.mm on the 2-core
     * Xeon (warmed JVMs alternating, medians), one grain against three: float32 56³ 5.1-5.3 -> 4.3-4.6 µs, 64³ 5.0-5.4
     * -> 3.8-4.0, 72³ 9.0-9.7 -> 6.9-7.5; float64 56³ 7.2-7.4 -> 6.0-6.2, 44³ and 48³ within the noise (5.0-5.2,
     * 4.5-5.0 either way); a lower threshold still gained nothing (float32 40³, 48³). The dot-product path splits by the
     * same test: float32 32x784·(10x784)ᵀ 4.8-5.1 -> 3.3-3.4 µs, 128x256·(10x256)ᵀ 6.0-6.8 -> 4.5-5.2, 64x256·(10x256)ᵀ
     * 3.1-3.6 -> 2.8-3.4.
     */
    static final long SPLIT_FMAS = GRAIN_FMAS;

    /**
     * Whether a product of m·n·k multiply-adds on elements of elementBytes is split among threads: from
     * {@link #SPLIT_FMAS} float32 multiply-adds, and a float64 one counts twice (half the lanes per vector, twice the
     * time). Float64 products were first held to SPLIT_FMAS itself: 64³ and 72³ ran 8.2-8.7 and 10.8-12.8 µs on one
     * thread against 8.5-9.2 and 11.3-12.9 split, 80³ tied, 96³ split ran faster. Those runs wrote into zero-filled
     * arrays, which the calling thread's zeroing leaves in its own cache, so the other thread's half paid for moving each
     * line across; the tensor ops' outputs are allocated without zeroing (Note [Outputs allocated without zeroing]).
     * Measured that way on the 2-core Zen 5 (medians of runs of 1,000 in one JVM, three rounds): 56³ 5.1 µs on one
     * thread against 4.6-5.0 split, 64³ 7.2 against 5.8-7.1, 72³ 9.7-10.3 against 6.6-9.4; 40³ and 48³ ran faster on
     * one thread. Through Tensor.mm, the two thresholds alternating in one JVM (three JVMs, means of eight rounds), split
     * against one thread: 56³ -4% to +2%, 64³ -9% to +2%, 72³ -12% to -24%. (Those were measured against the earlier
     * SPLIT_FMAS of three grains; the float64 threshold followed it down, see there.)
     */
    static boolean splits(int m, int n, int k, int elementBytes) {
        return Parallel.threads() > 1 && (long) m * n * k * elementBytes >= SPLIT_FMAS * Float.BYTES;
    }

    /**
     * Most elements of a slice of packed B in a product wider than one strip (Note [Products wider than a strip]) whose
     * packed A fits {@link #cachedA} bytes (Note [Blocking by the caches this machine reports]). Float32 half an L2:
     * 512 KiB on the Zen 5, measured best against half and twice as much; 1 MiB on the Xeon of 2 MiB L2, where 512 KiB
     * had measured as fast until the kernels ran two steps of k per iteration and then ran 3-4% slower (float32 1024³
     * and 2048³ on two threads, the settings alternating in one JVM, medians of 20 rounds: 320 -> 329-331 and 324 ->
     * 337 GFLOP/s; 768 KiB and 1.5 MiB as fast as 1 MiB; fresh JVMs alternating, 1024³ 322-336 -> 331-366, four pairs,
     * 2048³ 311-320 -> 331-368, three): the fewer the strips, the fewer passes over packed A, which every strip streams
     * from L3. Float64 a quarter of an L2 smaller than 2 MiB (256 KiB on the Zen 5, measured best against half and
     * twice as much), half of a larger one.
     */
    static final int COLUMN_STRIP = float32ColumnStrip(CacheSizes.MACHINE.l2),
            DCOLUMN_STRIP = float64ColumnStrip(CacheSizes.MACHINE.l2);

    /** {@link #COLUMN_STRIP} for an L2 of l2 bytes: half of it, at most 4 MiB. */
    static int float32ColumnStrip(long l2) {
        return (int) (Math.clamp(l2 / 2, 64L << 10, 4L << 20) / Float.BYTES);
    }

    /** {@link #DCOLUMN_STRIP} for an L2 of l2 bytes: a quarter of it below 2 MiB, else half, at most 4 MiB. */
    static int float64ColumnStrip(long l2) {
        long bytes = l2 >= 2L << 20 ? l2 / 2 : l2 / 4;
        return (int) (Math.clamp(bytes, 64L << 10, 4L << 20) / Double.BYTES);
    }
    /**
     * Most elements of a slice of packed B when packed A outgrows {@link #cachedA} (Note [Wide strips when A outgrows
     * the cache]): 4 MiB either type.
     */
    static final int WIDE_COLUMN_STRIP = 1 << 20, DWIDE_COLUMN_STRIP = 1 << 19;
    /**
     * Most bytes of packed A that the narrow strips suit, a quarter of L3 (Note [Blocking by the caches this machine
     * reports]); tests lower it to reach the wide strips with small operands.
     */
    static long cachedA = cachedABytes(CacheSizes.MACHINE.l3);

    /** {@link #cachedA} for an L3 of l3 bytes: a quarter of it (8 MiB of a Zen 5's 32, as tuned there). */
    static long cachedABytes(long l3) {
        return l3 / 4;
    }
    /**
     * Most bytes of a wide strip packed for all of k (each thread keeps one in its scratch): a deep product gets
     * narrower wide strips, down to the narrow ones, rather than a scratch that grows with k.
     */
    static final long WIDE_STRIP_BYTES = 32L << 20;
    /**
     * Most bytes of B (k·n elements) that each thread of a one-strip product whose rows are split packs for itself; a
     * larger B is packed once and shared (Note [Each thread packs the B it reads]). A quarter of L2 (measured on the
     * Xeon's 2 MiB only); tests change it to reach both ways.
     */
    static long ownBBytes = CacheSizes.MACHINE.l2 / 4;
    /**
     * About the most bytes of A packed at once for a product wider than a strip; a larger A is multiplied in chunks of
     * near-equal rows ({@link #chunkRows}). Tests lower it to reach the chunking with small operands. It had been 16 MiB
     * of float32 and 32 MiB of float64 (4 Mi elements). On the 2-core Xeon (2 MiB L2, the VM's share of its L3 a few
     * tens of MiB), settings alternating in one JVM, medians of five products into a reused C: float64 2048^3 on one
     * thread 61-63 GFLOP/s with A whole (32 MiB) against 72-74 in two chunks of 16 MiB (OpenBLAS 78), on two 127-136
     * against 137-148; float64 1536^3 (18 MiB) 137-154 whole against 136-139 in two chunks; float32 2048^3 (16 MiB)
     * 312-320 whole against 300-308 in two chunks.
     */
    static long sharedABytes = 24L << 20;

    /**
     * Rows of A per chunk in a product wider than a strip: as few chunks as keep each within about {@link #sharedABytes}
     * of packed A, of near-equal rows in whole micro-panels (float64 2048^3 in two chunks of 1024 rows, not 1536 and
     * 512).
     */
    static int chunkRows(int m, int k, int elementBytes) {
        if (m <= MR) return MR;
        long chunks = Math.max(1, ((long) m * k * elementBytes + sharedABytes - 1) / sharedABytes);
        return Math.max(MR, ceilDiv(ceilDiv(m, (int) Math.min(chunks, m)), MR) * MR);
    }

    /**
     * Per-thread scratch: one packed micro-panel of A, packed B of a strip or of a one-strip product (Note [Packed B
     * off the heap]), A packed whole (for a product wider than a strip, or the 12-row micro-panel of a few-rows
     * product), the edge tile, the few-rows product's tile and its zero-padded last columns of B.
     */
    private static final class Scratch {
        float[] fa = new float[MR * KC], fedge = new float[0], fshared = new float[0], ftile = new float[MR * FNR],
                ftile12 = new float[0];
        int touched; // what touch read, combined
        double[] da = new double[MR * DKC], dshared = new double[0], dtile = new double[MR * DNR];
        private MemorySegment packedB = MemorySegment.NULL;
        /**
         * The product (its StripSchedule, or the key of a one-strip product) and the part of it (a strip, or the first
         * of a range of panels) whose B packedB holds, if any: a part a thread reaches again is not packed again.
         */
        private Object heldFor;
        private int heldPart;
        /** The product whose strips this thread ran last, and whether its last strip ran from the last row block. */
        private StripSchedule turnedFor;
        private boolean lastDescending;

        /** At least bytes of packed-B space, 64-byte aligned; its memory goes with the scratch (an automatic arena). */
        MemorySegment packedB(long bytes) {
            if (packedB.byteSize() < bytes) packedB = Arena.ofAuto().allocate(bytes, LINE_BYTES);
            heldFor = null;
            return packedB;
        }

        /** Packed-B space holding part t of the product keyed by product; packB fills it unless it already does. */
        MemorySegment packedPart(long bytes, Object product, int t, Consumer<MemorySegment> packB) {
            if (heldFor == product && heldPart == t) return packedB;
            MemorySegment bp = packedB(bytes);
            packB.accept(bp);
            heldFor = product;
            heldPart = t;
            return bp;
        }

        /**
         * Whether this thread's next strip of the product runs its row blocks from the last: its first as the schedule
         * deals them, then the other way each time, so that a strip starts on the rows the last one ended on, still in
         * this core's L2 (Note [Packing A where it is first used]).
         */
        boolean nextDescending(StripSchedule schedule) {
            boolean descending = turnedFor == schedule ? !lastDescending : schedule.firstDescending();
            turnedFor = schedule;
            lastDescending = descending;
            return descending;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /*
     * Note [Packed B off the heap]
     * The micro-kernels read packed B from native memory (a MemorySegment of an automatic arena, aligned to 64 bytes)
     * rather than from a float[], although the first design said heap arrays: the same kernel runs about a quarter
     * faster on a segment. Why is not pinned down: C2 (JDK 25) compiled both into one step of k per iteration (before
     * Note [Two steps of k per iteration]), the segment loop with more bounds checks than the array loop (five against
     * two), and yet the array loop only caught up when C2 was made to unroll it (with -XX:LoopUnrollLimit=250 it ran
     * at 161 GFLOP/s in the measurement below), a flag nothing a library can count on.
     * Kernel alone, one thread, an A micro-panel against six 48-column panels (kc = 256), medians of alternating runs in
     * one JVM: float[] 127-140 GFLOP/s at any offset (138-143 on a 64-byte boundary), native segment 164-169 aligned and
     * 155-159 at 16 bytes past, the same loop in C with AVX-512 intrinsics 164-168; a heap segment
     * (MemorySegment.ofArray) 79-93. Whole products, kernel alone, medians of six alternating pairs of JVMs: float32 one
     * thread 512³ 113 -> 144, 1024³ 113 -> 138, 256×784·(256×784)ᵀ 112 -> 145; two threads 256³ 135 -> 158, 512³ 192
     * -> 234, 1024³ 202 -> 222, 256×784·(256×784)ᵀ 162 -> 198, (256×256)ᵀ·256×784 179 -> 194; float64 two threads 512³
     * 90 -> 100, 1024³ 88 -> 103. Panels start on a cache line (48 floats are 192 bytes), so no load of a step straddles
     * two lines. A B read in place (Note [Small B read where it is]) is a user's array, so the three-vector kernels keep
     * a twin over arrays for those panels; narrow last panels are always packed. A stays in a heap array: its elements
     * are broadcast one float at a time, and a kernel reading A from a segment as well measured slower (152-156).
     */

    /*
     * Note [One vector shape per JVM]
     * How well C2 compiles the micro-kernels depends on type profiles that are not theirs: a kernel's b0.fma(x, c)
     * dispatches inside FloatVector.fma, and its stores inside FloatVector.intoArray, whose profiles every caller in
     * the JVM shares. Where 256-bit FloatVectors had also passed through them (this file packed a transposed A eight
     * floats at a time as a FloatVector of 8 lanes; VectorNormalBlocks, the Box-Muller step of normal_, computed in
     * 256-bit vectors), C2 inlined both shapes at those call sites, the graph outgrew its inlining budget, the rest was
     * inlined late, and the segment kernel came out with its 24 accumulators on the stack and checks of the segment's
     * class inside the loop: 23-32 KB of code instead of 15.7 KB, two thirds of the speed. Which one a JVM got depended
     * on what had run before C2 compiled the kernel: with the book's normal_ initialisation, three fresh JVMs in three
     * (the MLP's epochs 3-8 at 0.55-0.87 s against 0.39-0.56 beside them); without it 3 in 23. So the products use one
     * vector shape, the preferred one: the transposed A is copied element by element (C2 moves the eight as one vector;
     * no slower, 175-204 GFLOP/s either way for (256×256)ᵀ·256×784), the Box-Muller blocks run in the preferred shape
     * too (two blocks to a 16-lane vector; as fast as the 8-lane ones were, 79 us for 256×256 normals), and the kernels
     * call lanewise(FMA, ...) rather than fma(...), so that the dispatch they depend on is profiled at their own call
     * site. After: 13 fresh JVMs in 13 compiled the fast kernel. Code outside Ember that runs other vector shapes in
     * the same JVM can still reach the shared profiles.
     */
    private static final int LINE_BYTES = 64;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE;

    static {
        // The JDK loads its heap-segment classes by itself about a second into a training run; code compiled while the
        // native segment class was the only one assumed it would stay so and was thrown away then, which cost the
        // MLP's first epoch about half a second of the kernels' warm-up. Loaded now, before any kernel is compiled.
        MemorySegment.ofArray(new byte[0]);
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    /** Depth of the slices of k: equal slices of at most kc (784 = 4 × 196, not 3 × 256 + 16). */
    private static int sliceDepth(int k, int kc) { return ceilDiv(k, ceilDiv(k, kc)); }

    /** Columns per strip: whole panels, as few strips as a slice of at most strip elements allows, of equal widths. */
    private static int stripWidth(int n, int depth, int nr, int strip) {
        int panels = ceilDiv(n, nr), most = Math.max(1, strip / (depth * nr));
        return ceilDiv(panels, ceilDiv(panels, most)) * nr;
    }

    /**
     * Strips of a product wider than one (Note [Products wider than a strip]): as few as slices of at most strip
     * elements allow, rounded up to a multiple of the threads while there are panels enough, so that no thread is left
     * one strip more than the others (float32 1024³: 22 panels in 11 strips of two gave one thread 12 panels, the other
     * 10).
     */
    private static int stripCount(int n, int depth, int nr, int strip) {
        int panels = ceilDiv(n, nr), most = Math.max(1, strip / (depth * nr)), threads = Parallel.threads();
        return Math.min(panels, ceilDiv(ceilDiv(panels, most), threads) * threads);
    }

    /**
     * Elements of a strip's slice (depth deep) of packed B for a product wider than one strip whose packed A is rows × k:
     * narrow while that A stays in cache, wide beyond (Note [Wide strips when A outgrows the cache]) as far as
     * {@link #WIDE_STRIP_BYTES} allows for the strip's k rows.
     */
    static int columnStrip(int rows, int k, int depth, int elementBytes, int narrow, int wide) {
        if ((long) rows * k * elementBytes <= cachedA) return narrow;
        return (int) Math.max(narrow, Math.min(wide, WIDE_STRIP_BYTES / elementBytes * depth / k));
    }

    /*
     * Note [Wide strips when A outgrows the cache]
     * Every strip of a product wider than one streams all of packed A past its slice of B, so the strips are passes
     * over A. While A stays in L3 (n = 1024: 4 MiB of float32) the passes are cheap, and a slice of B small enough to
     * stay in L2 wins. A larger A comes from memory on every pass: 43 strips of one panel (float32 n = 2048, 16 MiB of
     * A) read 690 MB of it per product. There a few wide strips win although their slices of B (2-4 MiB) stream from
     * L3: the prefetchers keep up with a panel of B, read in order, better than memory keeps up with A. Measured on a
     * 2-core Zen 5 (1 MiB L2 per core; the VM's share of L3 held about 4-8 MiB: one core's kernel, accumulating into C,
     * ran at 190 GFLOP/s against an A of 4 MiB, 170 at 8, 140-150 at 16), the settings alternating product by product
     * in one JVM (medians of 9-15 products per setting, three JVMs): float32 n = 2048 276-316 -> 330-355 GFLOP/s (no
     * gain from slices above 2.5 MiB), n = 4096 284 -> 326; n = 1024 lost 3-5% with wide strips, n = 1536 (9 MiB of A)
     * tied; float64 n = 2048 105 -> 162, n = 1024 tied. A strip is packed for all of k at once, into its thread's
     * scratch, so a wide strip is also held to WIDE_STRIP_BYTES over its whole depth: from k = 16 Ki (float32; float64
     * 8 Ki) the strips narrow. Where A outgrows the cache depends on the machine: a Xeon whose L3 holds a 16 MiB A runs
     * 2048^2 a third faster with the narrow strips (Note [Blocking by the caches this machine reports]).
     */

    /**
     * The panel strip t of strips starts at: the first panels % strips strips have one panel more, so they are dealt
     * first and the threads finish on the narrower ones.
     */
    static int stripStart(int t, int panels, int strips) {
        return t * (panels / strips) + Math.min(t, panels % strips);
    }

    /**
     * Whether a row-major B (unit column stride) is read where it is rather than packed: few rows of C use it only a few
     * times, and a small, shallow B costs no more to read in place than packed (Note [Small B read where it is]).
     */
    static boolean readsBInPlace(int m, int n, int k, int bs1, int elementBytes) {
        if (!(elementBytes == Float.BYTES ? FLOAT_B_IN_PLACE : DOUBLE_B_IN_PLACE)) return false;
        return bs1 == 1 && (m <= IN_PLACE_B_ROWS
                || k <= IN_PLACE_B_DEPTH && (long) k * n * elementBytes <= IN_PLACE_B_BYTES);
    }

    /*
     * Note [Small B read where it is]
     * Packing B pays for itself when its panels are read many times from a contiguous copy that L1 and the TLB hold
     * better than B's own rows. When B is shallow (k <= 192: a panel's k rows of 192 bytes, four cache lines each when
     * not aligned, stay within L1) and small (<= 256 KiB: all of it stays in L2, on a few pages), its rows read where
     * they are as fast, and the copy is only extra work. Measured against B packed once and shared (which also cost a
     * hand-off and a barrier before the product started, and each core read the panels the other packed, from the
     * other core's cache; Note [Each thread packs the B it reads]), kernel alone, two threads, alternating runs (median
     * GFLOP/s): float32 128^3 122 -> 142-164, 192^3 161 -> 202-211,
     * 256x10x256 (the MLP's input gradient g·W2) 85 -> 103, 256x64x1024 185 -> 209; float64 96^3 52 -> 98,
     * 128^3 68 -> 90. Deeper B lost or tied (256^3 with B in place 172-206 against 184-211 packed, and a B of
     * 1024 x 1024 read in place by 128 rows fell from 181 to 94-123).
     */

    /*
     * Note [Reading a new output before writing it]
     * An op's output is a new array whose lines are in no cache (Note [Outputs allocated without zeroing]), and a shallow
     * product writes it about as fast as it computes: 256x10·10x256 (the MLP's input gradient g·W2) does 10 multiply-adds
     * per element written. Its stores then wait on memory one line after another, and the product took twice as long
     * as the same output filled by a plain loop. Loads of the same lines, one per line in order before the kernels run,
     * are taken up by the prefetchers as a stream, and the kernels' stores then find the lines in cache. Measured
     * through Tensor.mm (2-core Xeon, 2 MiB L2 per core, medians of runs alternating in one JVM, before -> after, one
     * thread / two): 256x10·10x256 55.7 -> 34.3 / 30.0 -> 22.7 µs, 64x10·10x256 14.3 -> 9.1 / 14.3 -> 9.1,
     * 96x16·16x96 6.35 -> 5.85 / 6.34 -> 5.82, 256x32·32x256 57.0 -> 51.2 / 33.9 -> 31.1. Deeper products gain nothing
     * or lose a little (64-deep: 64^3 5.1 -> 5.4, 128x64·64x128 19.9 -> 20.4; 256x64·64x256 gained, 92.8 -> 80.1), and
     * neither does an output over 1 MiB, which HotSpot zero-fills on allocation, so its lines are already in cache
     * (512x10·10x784, 1.6 MB: 278 -> 289), nor, measured, a float64 one of 512 KB (256x10·10x256: 80-83 -> 86 µs on one
     * thread, 72-73 -> 75 on two; float64 96x16·16x96, 72 KB, 16.5 -> 11.6-12.4). Nor does a small output, whose
     * stores the core's store buffer takes without waiting, while the loads would wait (32^3: 1.10-1.17 -> 1.29-1.40
     * µs; 16 KB, 64x16·16x64: 2.90 -> 2.93; 32 KB, 64x10·10x128: 6.66 -> 5.03). So only products at most READ_C_DEPTH
     * deep into outputs of READ_C_MIN_BYTES to READ_C_MAX_BYTES read them first, the range where they were measured to
     * gain; an accumulating product reads its output anyway.
     */

    /** Deepest product that reads its output before writing it (Note [Reading a new output before writing it]). */
    static final int READ_C_DEPTH = 32;
    /** Outputs read before they are written: 32 KiB to 256 KiB (Note [Reading a new output before writing it]). */
    static final long READ_C_MIN_BYTES = 32L << 10, READ_C_MAX_BYTES = 256L << 10;

    /** Whether a product reads its output's lines before the kernels write them (Note [Reading a new output before writing it]). */
    static boolean readsCFirst(int m, int n, int k, int elementBytes, boolean accumulate, int cs1) {
        long bytes = (long) m * n * elementBytes;
        return !accumulate && cs1 == 1 && k <= READ_C_DEPTH && bytes >= READ_C_MIN_BYTES && bytes <= READ_C_MAX_BYTES;
    }

    /*
     * Note [Making a large output while the other thread packs]
     * HotSpot's compiled code allocates an array of more than 1 MiB (FastAllocateSizeLimit, 128 Ki words, a develop flag
     * no product JVM can change) through the runtime, which zero-fills it on the calling thread, whether or not it was
     * asked for without zeroing (Note [Outputs allocated without zeroing]): measured, a new float[262144] (1 MiB) took
     * 100 us with either, float[1048576] 420 us, against 1-2 us for a float[65536] without zeroing. For float32 512^3
     * that is a tenth of the product (about 1 ms on two threads), and the other thread waited through it. So an op's
     * product into a new output that large, split among threads, leaves the making of the output to the kernel
     * ({@link #sproduct}, {@link NewOutput}): the first thread to start makes it while the other packs, B's panels in a
     * product of one strip (then both pack what is left), A's row blocks in order in a product wider than a strip, until
     * the output is there (the strips then pack the rest where they first use it, Note [Packing A where it is first
     * used]). Measured on the 2-core Xeon, kernel and allocation, the two orders alternating in one JVM (medians of
     * rounds of 5-100 products): float32 512^3 1015-1019 -> 968-978 us (two JVMs), float64 512^3 2220 -> 2120 us,
     * 1024^3 15.68 -> 15.32 ms; through Tensor.mm, medians of alternating JVMs: float64 512^3 128-138 -> 137-148
     * GFLOP/s, 1024^3 141 -> 144-156, float32 1024^3 291-297 -> 300-303. Packing all of A in a pass of its own while
     * the output was made, before any strip, gained nothing (float32 1024^3 7654-7760 us either way): the strips' packing
     * at first use was lost.
     */

    /**
     * Whether a product into a new output leaves the making of it to the kernel (Note [Making a large output while the
     * other thread packs]): an output the JVM zero-fills, split among threads, rows and columns enough that none of the
     * products' own paths (dot products, a few rows) takes it, and B packed, not read where it is (its unit column
     * stride is bs1).
     */
    static boolean makesOutputWhilePacking(int m, int n, int k, int bs1, int elementBytes) {
        return m > FEW_ROWS && n > DOT_COLUMNS && (long) m * n * elementBytes >= Storage.ZERO_FILLED_BYTES
                && splits(m, n, k, elementBytes) && !readsBInPlace(m, n, k, bs1, elementBytes);
    }

    /** Row stride of a packed B panel: nr for a full panel, the width rounded up to whole vectors for the last one. */
    private static int panelStride(int width, int nr, int lanes) {
        return width >= nr ? nr : ceilDiv(width, lanes) * lanes;
    }

    // =============================================================================================================
    // float32
    // =============================================================================================================

    /** C[m×n] = A[m×k]·B[k×n] (or += when accumulate); each operand given by array, offset and two strides. */
    static void sgemm(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo, int bs0, int bs1,
                      float[] c, int co, int cs0, int cs1, boolean accumulate) {
        sgemm(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, c, null, co, cs0, cs1, accumulate, null);
    }

    /**
     * C[m×n] = bias + A[m×k]·B[k×n], bias a row of n floats (from bias[biasOffset], biasStride apart) added to every
     * row: a linear layer's x·Wᵀ + b (Note [The bias written tile by tile]).
     */
    static void sgemmBias(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo, int bs0, int bs1,
                          float[] bias, int biasOffset, int biasStride, float[] c, int co, int cs0, int cs1) {
        sgemm(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, c, null, co, cs0, cs1, false,
                new RowBias(bias, biasOffset, biasStride));
    }

    /*
     * Note [The bias written tile by tile]
     * A linear layer's output used to be made in two passes: the bias copied into every row of the new output, then the
     * product added onto it. Where the product runs through smacro (B packed or read in place, one strip or several),
     * the bias is now written into each tile of C just before the tile's first slice of k, which the kernel then loads
     * and adds to: the same sums in the same order, so the same bits, and the new output's lines brought into the cache
     * tile by tile as the product goes instead of in a pass of their own (fc1's forward: F.linear − mm about 25 µs
     * before, 5-21 after). The other paths (a direct small product, dot products, a few rows) still have the bias
     * written first: their outputs are small.
     */

    /** A row of n floats added to every row of a product's C (sgemmBias): values[offset + j·stride] for column j. */
    private record RowBias(float[] values, int offset, int stride) {
        /** The same row from column j on. */
        RowBias from(int j) { return new RowBias(values, offset + j * stride, stride); }

        /** Writes columns j0..j0+nr of the row into rows 0..mr of C from c[ci] (rows cs0 apart, columns cs1). */
        void fill(float[] c, int ci, int cs0, int cs1, int mr, int j0, int nr) {
            for (int r = 0; r < mr; r++) {
                int at = ci + r * cs0;
                if (cs1 == 1 && stride == 1) System.arraycopy(values, offset + j0, c, at, nr);
                else for (int j = 0; j < nr; j++) c[at + j * cs1] = values[offset + (j0 + j) * stride];
            }
        }
    }

    /**
     * A[m×k]·B[k×n] into a new contiguous [m×n] array that output makes, on whichever thread starts first while the
     * other packs, when the JVM zero-fills an array that large (Note [Making a large output while the other thread packs]).
     */
    static float[] sproduct(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo, int bs0, int bs1,
                            Supplier<float[]> output) {
        return sgemm(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, null, output, 0, n, 1, false, null);
    }

    /** {@link #sgemm} into the given C or, without one, into a new one from output ({@link #sproduct}); returns C. */
    private static float[] sgemm(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo, int bs0,
                                 int bs1, float[] given, Supplier<float[]> output, int co, int cs0, int cs1,
                                 boolean accumulate, RowBias bias) {
        if (given == null && makesOutputWhilePacking(m, n, k, bs1, Float.BYTES)) {
            NewOutput<float[]> out = new NewOutput<>(null, output);
            if (stripWidth(n, sliceDepth(k, KC), FNR, STRIP) < n) { // Note [Products wider than a strip]
                scolumns(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, out, 0, n, 1, false, null);
                return out.poll();
            }
            int panels = ceilDiv(n, FNR);
            MemorySegment bp = SCRATCH.get().packedB((long) panels * FNR * k * Float.BYTES);
            AtomicInteger nextPanel = new AtomicInteger();
            // the first thread here makes the output, the other packs B's panels, then both pack what is left
            Parallel.forRange(0, 2, 1, (x0, x1) -> {
                out.claim();
                for (int q; (q = nextPanel.getAndIncrement()) < panels; ) spackB(b, bo, bs0, bs1, k, n, q, q + 1, bp);
            });
            sstrip(m, n, k, a, ao, as0, as1, bp, b, bo, bs0, bs1, false, out.poll(), 0, n, 1, false, true, null);
            return out.poll();
        }
        float[] c = given != null ? given : output.get();
        if (m == 0 || n == 0) return c;
        if (bias != null && (k == 0 || (long) m * n * k <= DIRECT_FMAS || dots(as1, bs0, n, k) || fewRows(m, bs1, n, k))) {
            bias.fill(c, co, cs0, cs1, m, 0, n); // paths that take no bias: written first (Note [The bias written tile by tile])
            bias = null;
            accumulate = true;
        }
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[co + i * cs0 + j * cs1] = 0f;
            return c;
        }
        if ((long) m * n * k <= DIRECT_FMAS) {
            sdirect(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, c, co, cs0, cs1, accumulate);
            return c;
        }
        if (dots(as1, bs0, n, k)) { // Note [Narrow products as dot products]
            sdots(m, n, k, a, ao, as0, b, bo, bs1, c, co, cs0, cs1, accumulate);
            return c;
        }
        if (fewRows(m, bs1, n, k)) { // Note [Products of 9 to 12 rows]
            sfewRows(m, n, k, a, ao, as0, as1, b, bo, bs0, c, co, cs0, cs1, accumulate);
            return c;
        }
        boolean inPlace = readsBInPlace(m, n, k, bs1, Float.BYTES);
        int depth = sliceDepth(k, KC);
        if (!inPlace && stripWidth(n, depth, FNR, STRIP) < n) { // Note [Products wider than a strip]
            scolumns(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, new NewOutput<>(c, null), co, cs0, cs1, accumulate, bias);
            return c;
        }
        // one strip: B read in place (as readsBInPlace decides) or packed, the rows or panels split
        sstrip(m, n, k, a, ao, as0, as1, null, b, bo, bs0, bs1, inPlace, c, co, cs0, cs1, accumulate,
                splits(m, n, k, Float.BYTES), bias);
        return c;
    }

    /** Whether a float32 product runs as dot products (Note [Narrow products as dot products]). */
    private static boolean dots(int as1, int bs0, int n, int k) {
        return as1 == 1 && bs0 == 1 && n <= DOT_COLUMNS && k >= DOT_VECTORS * FV;
    }

    /** Whether a float32 product runs as one 12-row micro-panel (Note [Products of 9 to 12 rows]). */
    private static boolean fewRows(int m, int bs1, int n, int k) {
        return FV == 16 && m > MR && m <= FEW_ROWS && bs1 == 1 && n >= 2 * FV && k <= KC;
    }

    /**
     * The one-strip product: the rows or, for few rows, the panels split among threads when parallel. B is given packed
     * (given: shared by the threads), or read where it is (inPlace; its narrow last panel, if any, packed by each
     * thread), or packed by each thread as it needs it, or, when the rows are split and B is large, packed here once and
     * shared (Note [Each thread packs the B it reads]).
     */
    private static void sstrip(int m, int n, int k, float[] a, int ao, int as0, int as1, MemorySegment given, float[] b,
                               int bo, int bs0, int bs1, boolean inPlace, float[] c, int co, int cs0, int cs1,
                               boolean accumulate, boolean parallel, RowBias bias) {
        int panels = ceilDiv(n, FNR), rowBlocks = ceilDiv(m, MR);
        boolean readC = readsCFirst(m, n, k, Float.BYTES, accumulate, cs1);
        boolean rows = rowBlocks >= 2 * Parallel.threads() || !parallel;
        MemorySegment shared = given == null && !inPlace && parallel && rows && (long) k * n * Float.BYTES > ownBBytes
                ? spackShared(b, bo, bs0, bs1, k, n) : given;
        float[] bIn = inPlace ? b : null;
        Object product = new Object(); // what each thread's packing of B is for
        if (rows) {
            int grain = (int) Math.max(1, GRAIN_FMAS / ((long) MR * n * k));
            Parallel.forRange(0, rowBlocks, parallel ? grain : rowBlocks, (r0, r1) -> smacro(
                    r0 * MR, Math.min(m, r1 * MR), 0, panels, n, k, a, ao, as0, as1, null, null, false,
                    spanels(shared, b, bo, bs0, bs1, inPlace, k, n, 0, panels, product), bIn, bo, bs0, c, co, cs0, cs1,
                    accumulate, readC, bias));
        } else {
            int grain = (int) Math.max(1, GRAIN_FMAS / ((long) m * FNR * k));
            Parallel.forRange(0, panels, grain, (q0, q1) -> smacro(
                    0, m, q0, q1, n, k, a, ao, as0, as1, null, null, false,
                    spanels(shared, b, bo, bs0, bs1, inPlace, k, n, q0, q1, product), bIn, bo, bs0, c, co, cs0, cs1,
                    accumulate, readC, bias));
        }
    }

    /*
     * Note [Each thread packs the B it reads]
     * A one-strip product's B used to be packed once, its panels shared out among the threads, before its rows were
     * split; each thread then read the panels the other had packed out of the other core's cache, line by line, which
     * on the 2-core Xeon cost more than packing them again. Now each thread packs the panels its ranges read into its
     * own scratch, once per product (Scratch.packedPart, keyed by the product): all of B when the rows are split, its
     * own panels when the panels are; and one hand-off between the threads does instead of two. Through Tensor.mm,
     * warmed JVMs alternating (medians): float32 200^3 82-83 -> 76-78 µs, 256^3 140-146 -> 132-134; float64 256^3
     * 283-287 -> 263-270, 128x256·256x128 88-89 -> 74-77.
     *
     * But each thread's copy takes room in its L2. The MLP's fc1 products (a B of 800 KB) ran 4-7% faster alone that
     * way (256x784·(256x784)ᵀ 417-427 -> 386-395 µs, (256x256)ᵀ·256x784 427-436 -> 409-419), yet in its training step
     * the SGD update after them took 52-61 µs instead of 27-37 (W and its gradient pushed out of L2) and the epochs
     * were no faster (0.295-0.322 s against 0.273-0.328, three JVMs each way). So when the rows are split, a B of more
     * than ownBBytes (a quarter of L2) is still packed once and shared (as is the B of a product whose output is made
     * while the other thread packs, Note [Making a large output while the other thread packs]); a panels split, where
     * each thread packs only its own panels, keeps no second copy of anything.
     *
     * A B read where it is (readsBInPlace) still needs its last panel packed when n is not a multiple of the panel's
     * width (the kernels read whole vectors, and B's last row may end at its array's end). Packed once and shared, that
     * panel alone, 8 KB, had kept float64 64^3 from running faster on two threads than on one; packed by each thread,
     * kernel alone, 7.2-7.6 -> 4.9-5.2 µs, float32 80^3 7.8-8.6 -> 5.5-5.8, 128^3 19.9-21.8 -> 15.9-17.0.
     */

    /** B packed once into the calling thread's scratch, its panels shared out among the threads. */
    private static MemorySegment spackShared(float[] b, int bo, int bs0, int bs1, int k, int n) {
        int panels = ceilDiv(n, FNR);
        MemorySegment bp = SCRATCH.get().packedB((long) panels * FNR * k * Float.BYTES);
        Parallel.forRange(0, panels, 1, (q0, q1) -> spackB(b, bo, bs0, bs1, k, n, q0, q1, bp));
        return bp;
    }

    /**
     * The packed B that panels [q0, q1) of a one-strip product read (Note [Each thread packs the B it reads]): packed if
     * given; for a B read in place, null but for its narrow last panel; else those panels, packed by this thread.
     */
    private static MemorySegment spanels(MemorySegment packed, float[] b, int bo, int bs0, int bs1, boolean inPlace,
                                         int k, int n, int q0, int q1, Object product) {
        if (packed != null) return packed;
        int panels = ceilDiv(n, FNR);
        if (inPlace && (q1 < panels || n % FNR == 0)) return null; // whole panels, read where they are
        int from = inPlace ? panels - 1 : q0;
        return SCRATCH.get().packedPart((long) panels * FNR * k * Float.BYTES, product, from,
                into -> spackB(b, bo, bs0, bs1, k, n, from, q1, into));
    }

    /*
     * Note [Products wider than a strip]
     * When B's packed slice would outgrow L2 (more than STRIP elements), the one-strip order would pack A again for every
     * strip and have the threads take turns on each strip (two hand-offs per strip). Instead A is packed once, whole
     * (every slice of every micro-panel; a large A in chunks), and narrower strips (COLUMN_STRIP) are dealt to the
     * threads: each packs its strip of B into its own scratch, where it stays in that core's L2 while every micro-panel
     * of A streams past it from L3. Measured, kernel alone, two threads, alternating runs (best, median): float32
     * n = 2048 232, 214 -> 278, 273 GFLOP/s, n = 1024 unchanged (270 and 277 best); float64 n = 512, 1024, 2048 from
     * 96, 95, 97 to 117, 119, 120. One thread at n = 2048: 108-120 -> 142-157. Products that fit one strip (the book's
     * shapes; n = 512 at k = 512) keep the one-strip order: A is packed once there anyway, and dealing out a few column
     * strips leaves a thread idle (n = 256 in two strips: 197 -> 125).
     */

    /*
     * Note [Packing A where it is first used]
     * A product wider than a strip shares one packed A among the threads. Packed in a pass of its own before the strips,
     * it cost a hand-off between the threads and a pass over A whose packed lines were out of L2 again by the time the
     * strips read them: 230-300 us of a 7 ms float32 1024^3 product on two threads. Now a row block of A is packed by
     * the first thread whose strip reaches it, right before its micro-kernels read it, and the two threads' first
     * strips run their row blocks from opposite ends ({@link StripSchedule}), so the two threads each pack about half
     * and wait for each other only where they meet; after its first strip, a thread runs each strip the other way from
     * its last, starting on the row blocks the last one ended on, which are still in its L2 (float32 1024^3, settings
     * alternating in one JVM: 323-325 -> 333-335 GFLOP/s; 2048^3 329 -> 336; float64 up to 1.5% faster, A of 2 MiB of
     * 8 MiB mostly outgrowing L2 there). The last strips (one per thread) are each cut into one part of rows
     * per thread, every thread packing that strip's B for itself: a thread left without a strip while another runs a
     * whole one had waited 150-400 us. Measured on a 2-core Xeon (2 MiB L2), kernel alone, float32 1024^3 on two
     * threads, the three settings alternating in one JVM (six rounds of 50 products each): a pass of its own 301-313
     * GFLOP/s, packing at first use 314-323, and with the last strips cut 313-330. Through Tensor.mm, medians of
     * alternating JVMs before and after: float32 1024^3 291-318 -> 299-332, 2048^3 325-338 -> 339-346; float64 512^3
     * 127-130 -> 139-140, 1024^3 149-151 -> 156-157 (and once 149 -> 138).
     */

    /**
     * A product wider than one strip (Note [Products wider than a strip]) into out's C: A in chunks of rows
     * ({@link #chunkRows}), each running as {@link #scolumnRows}.
     */
    private static void scolumns(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo, int bs0,
                                 int bs1, NewOutput<float[]> out, int co, int cs0, int cs1, boolean accumulate,
                                 RowBias bias) {
        int depth = sliceDepth(k, KC), rows = chunkRows(m, k, Float.BYTES);
        int strips = stripCount(n, depth, FNR, columnStrip(Math.min(rows, m), k, depth, Float.BYTES, COLUMN_STRIP,
                WIDE_COLUMN_STRIP));
        for (int i = 0; i < m; i += rows)
            scolumnRows(Math.min(rows, m - i), n, k, a, ao + i * as0, as0, as1, b, bo, bs0, bs1, out, co + i * cs0, cs0,
                    cs1, accumulate, strips, bias);
    }

    /**
     * Rows of a product wider than one strip: the strips split among threads, each packing its strip of B into its own
     * scratch and running every row of A against it; A packed once into the calling thread's scratch, row block by row
     * block as the strips first reach them (Note [Packing A where it is first used]), and ahead of them by a thread
     * waiting for out's C to be made (Note [Making a large output while the other thread packs]).
     */
    private static void scolumnRows(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo,
                                    int bs0, int bs1, NewOutput<float[]> out, int co, int cs0, int cs1,
                                    boolean accumulate, int strips, RowBias bias) {
        Scratch own = SCRATCH.get();
        int rowBlocks = ceilDiv(m, MR), allPanels = ceilDiv(n, FNR);
        if (own.fshared.length < rowBlocks * MR * k) own.fshared = new float[rowBlocks * MR * k];
        float[] ap = own.fshared;
        boolean parallel = splits(m, n, k, Float.BYTES);
        StripSchedule schedule = new StripSchedule(strips, rowBlocks, parallel ? Parallel.threads() : 1);
        Parallel.forRange(0, schedule.items(), parallel ? 1 : schedule.items(), (i0, i1) -> {
            Scratch s = SCRATCH.get();
            out.claim();
            for (int item = i0; item < i1; item++) {
                int t = schedule.strip(item);
                int q0 = stripStart(t, allPanels, strips), panels = stripStart(t + 1, allPanels, strips) - q0;
                int jc = q0 * FNR, width = Math.min(n - jc, panels * FNR);
                MemorySegment bp = s.packedPart((long) panels * FNR * k * Float.BYTES, schedule, t,
                        into -> spackB(b, bo + jc * bs1, bs0, bs1, k, width, 0, panels, into));
                float[] c = out.poll();
                for (int r = 0; c == null; c = out.poll(), r++) { // another thread is making it: pack A meanwhile
                    if (r < rowBlocks) spackRowBlock(schedule, r, Math.min(MR, m - r * MR), k, a, ao, as0, as1, ap);
                    else Thread.onSpinWait();
                }
                smacro(schedule.firstRowBlock(item) * MR, Math.min(m, schedule.endRowBlock(item) * MR), 0, panels,
                        width, k, a, ao, as0, as1, ap, schedule, s.nextDescending(schedule), bp, null, 0, 0, c,
                        co + jc * cs1, cs0, cs1, accumulate, false, bias == null ? null : bias.from(jc));
            }
        });
    }

    /** Packs row block r (mr rows, all of k) of A into its place in the shared packed A, unless a thread already has. */
    private static void spackRowBlock(StripSchedule schedule, int r, int mr, int k, float[] a, int ao, int as0, int as1,
                                      float[] ap) {
        if (!schedule.claim(r)) return;
        try {
            int depth = sliceDepth(k, KC);
            for (int pc = 0; pc < k; pc += depth)
                spackA(a, ao + r * MR * as0 + pc * as1, as0, as1, mr, Math.min(depth, k - pc), ap, r * MR * k + pc * MR);
        } catch (Throwable e) {
            schedule.abandoned(r);
            throw e;
        }
        schedule.packed(r);
    }

    /**
     * Rows [i0, i1) of C times panels [q0, q1) of the packed strip of B (width columns, k deep). Per slice of k, each
     * MR-row micro-panel of A is packed (it then stays in L1; or, given a shared packedA, packed whole into it by the
     * first thread to reach it as the schedule says, read from there, the row blocks in descending order if asked) and
     * run against every panel of the slice (which stays in L2), so consecutive tiles of C lie side by side along the
     * same rows.
     */
    private static void smacro(int i0, int i1, int q0, int q1, int width, int k, float[] a, int ao, int as0, int as1,
                               float[] packedA, StripSchedule schedule, boolean descending, MemorySegment bp,
                               float[] bIn, int bInBase, int bInStride, float[] c, int co, int cs0, int cs1,
                               boolean accumulate, boolean readC, RowBias bias) {
        Scratch s = SCRATCH.get();
        float[] ap = packedA != null ? packedA : s.fa, tile = s.ftile;
        int depth = sliceDepth(k, KC), blocks = ceilDiv(i1 - i0, MR);
        if (readC) s.touched ^= touch(c, co + i0 * cs0 + q0 * FNR, cs0, i1 - i0, Math.min(width, q1 * FNR) - q0 * FNR);
        for (int pc = 0; pc < k; pc += depth) {
            int kc = Math.min(depth, k - pc);
            boolean biasFirst = bias != null && pc == 0; // Note [The bias written tile by tile]
            boolean add = accumulate || pc > 0 || biasFirst;
            for (int block = 0; block < blocks; block++) {
                int i = i0 + (descending ? blocks - 1 - block : block) * MR;
                int mr = Math.min(MR, i1 - i);
                int ai = 0;
                if (packedA == null) {
                    spackA(a, ao + i * as0 + pc * as1, as0, as1, mr, kc, ap, 0);
                } else { // the slice of this micro-panel, packed whole
                    if (pc == 0) spackRowBlock(schedule, i / MR, mr, k, a, ao, as0, as1, packedA);
                    ai = i / MR * MR * k + pc * MR;
                }
                boolean whole = mr == MR && cs1 == 1; // else the kernel writes a tile, merged into C after
                for (int q = q0; q < q1; q++) {
                    int nr = Math.min(FNR, width - q * FNR), ldb = panelStride(nr, FNR, FV);
                    int bi = q * FNR * k + pc * ldb, ci = co + i * cs0 + q * FNR * cs1;
                    // a narrow last panel runs the kernel of its width in vectors (a 32-wide edge through the
                    // one-vector kernel twice measured at half the speed); a partial tile goes through the scratch tile
                    int vectors = ceilDiv(nr, FV);
                    boolean direct = whole && nr == vectors * FV;
                    float[] dst = direct ? c : tile;
                    int di = direct ? ci : 0, ldd = direct ? cs0 : vectors * FV;
                    if (biasFirst) bias.fill(c, ci, cs0, cs1, mr, q * FNR, nr);
                    if (nr == FNR && bIn != null) // a whole panel read where it is
                        skernel3(kc, ap, ai, bIn, bInBase + q * FNR + pc * bInStride, bInStride, dst, di, ldd,
                                direct && add);
                    else if (vectors == 3) skernel3(kc, ap, ai, bp, bi, ldb, dst, di, ldd, direct && add);
                    else if (vectors == 2) skernel2(kc, ap, ai, bp, bi, ldb, dst, di, ldd, direct && add);
                    else skernel1(kc, ap, ai, bp, bi, ldb, dst, di, ldd, direct && add);
                    if (!direct) smerge(tile, vectors * FV, mr, nr, c, ci, cs0, cs1, add);
                }
            }
        }
    }

    private static void spackA(float[] a, int base, int as0, int as1, int mr, int kc, float[] ap, int at) {
        if (mr == MR && as1 == 1) {
            int p = 0;
            for (; p + FV <= kc; p += FV) stranspose8(a, base + p, as0, ap, at + p * MR, FV);
            for (; p < kc; p++) for (int r = 0; r < MR; r++) ap[at + p * MR + r] = a[base + r * as0 + p];
            return;
        }
        if (mr == MR && as0 == 1) {
            // A read transposed: the MR elements of one k are adjacent, copied as they are (C2 moves them as one
            // vector; not a FloatVector of 8 lanes: Note [One vector shape per JVM])
            for (int p = 0, src = base, dst = at; p < kc; p++, src += as1, dst += MR)
                for (int r = 0; r < MR; r++) ap[dst + r] = a[src + r];
            return;
        }
        for (int r = 0; r < mr; r++) {
            int src = base + r * as0;
            for (int p = 0; p < kc; p++) ap[at + p * MR + r] = a[src + p * as1];
        }
        for (int r = mr; r < MR; r++) for (int p = 0; p < kc; p++) ap[at + p * MR + r] = 0f;
    }

    /**
     * Packs panels [q0, q1) of a strip of B (k rows, width columns from index base) into bp: panel q at q·FNR·k holds
     * bp[p·ldb + j] (floats), ldb = {@link #panelStride}, zero-padded past the strip's width. A row-major B is copied
     * row by row, a panel's width of each row into each panel; a transposed B is transposed FV × FV blocks at a time in
     * registers.
     */
    private static void spackB(float[] b, int base, int bs0, int bs1, int k, int width, int q0, int q1,
                               MemorySegment bp) {
        if (bs1 == 1) { // row by row across the panels (Note [Packing a row-major B row by row])
            int whole = Math.max(q0, Math.min(q1, width / FNR)), j0 = whole * FNR, nr = width - j0;
            int ldb = panelStride(nr, FNR, FV), full = FS.loopBound(nr);
            long panelBytes = (long) FNR * k * Float.BYTES;
            for (int p = 0, row = base; p < k; p++, row += bs0) {
                long dst = q0 * panelBytes + (long) p * FNR * Float.BYTES;
                for (int q = q0, src = row + q0 * FNR; q < whole; q++, src += FNR, dst += panelBytes) {
                    FloatVector.fromArray(FS, b, src).intoMemorySegment(bp, dst, NATIVE);
                    FloatVector.fromArray(FS, b, src + FV).intoMemorySegment(bp, dst + FV * Float.BYTES, NATIVE);
                    if (FNR == 3 * FV)
                        FloatVector.fromArray(FS, b, src + 2 * FV).intoMemorySegment(bp, dst + 2 * FV * Float.BYTES, NATIVE);
                }
                if (whole < q1) { // the narrow last panel, zero-padded to whole vectors
                    int src = row + j0, j = 0;
                    long at = (long) whole * FNR * k + (long) p * ldb;
                    for (; j < full; j += FV)
                        FloatVector.fromArray(FS, b, src + j).intoMemorySegment(bp, (at + j) * Float.BYTES, NATIVE);
                    for (; j < nr; j++) bp.setAtIndex(F32, at + j, b[src + j]);
                    for (; j < ldb; j++) bp.setAtIndex(F32, at + j, 0f);
                }
            }
            return;
        }
        float[] block = FV == 16 ? null : SCRATCH.get().ftile; // FV × FV, for the eight-lane transpose
        for (int q = q0; q < q1; q++) {
            int j0 = q * FNR, nr = Math.min(FNR, width - j0), ldb = panelStride(nr, FNR, FV);
            long at = (long) q * FNR * k;
            int src = base + j0 * bs1, j = 0;
            if (bs0 == 1 && (FV == 8 || FV == 16)) {
                for (; j + FV <= nr; j += FV) {
                    int p = 0;
                    for (; p + FV <= k; p += FV) {
                        long d = at + (long) p * ldb + j;
                        if (FV == 16) {
                            stranspose16(b, src + j * bs1 + p, bs1, bp, d * Float.BYTES, (long) ldb * Float.BYTES);
                        } else {
                            stranspose8(b, src + j * bs1 + p, bs1, block, 0, FV);
                            for (int t = 0; t < FV; t++)
                                FloatVector.fromArray(FS, block, t * FV)
                                        .intoMemorySegment(bp, (d + (long) t * ldb) * Float.BYTES, NATIVE);
                        }
                    }
                    for (; p < k; p++)
                        for (int x = j; x < j + FV; x++) bp.setAtIndex(F32, at + (long) p * ldb + x, b[src + x * bs1 + p]);
                }
            }
            for (; j < nr; j++)
                for (int p = 0; p < k; p++) bp.setAtIndex(F32, at + (long) p * ldb + j, b[src + j * bs1 + p * bs0]);
            if (nr < ldb)
                for (int p = 0; p < k; p++)
                    for (int x = nr; x < ldb; x++) bp.setAtIndex(F32, at + (long) p * ldb + x, 0f);
        }
    }

    /*
     * Note [Packing a row-major B row by row]
     * A linear layer's weight gradient gᵀ·x packs the batch x as B, and by the backward pass x is out of cache again
     * (the MLP reads it in fc1's forward, then runs the rest of its step through L2). Packed panel by panel, each panel
     * read three cache lines of every row, rows 3 KB apart: a stride no prefetcher follows, so each line was a wait on
     * memory (in a profile of the MLP's epochs that packing was a tenth of the training thread's samples). Row by row
     * across the panels, B is read in order and streams in; the stores go to a row of each panel of packed B, which
     * is in cache. (256x256)ᵀ·256x784 through Tensor.mm, two threads, the two orders alternating in one JVM (medians of
     * 500 calls, eight rounds): a different x each call (235 batches, as in an epoch) 543-663 -> 508-613 µs, every round
     * faster; one x over and over (in cache) 403-543 either way. An earlier panel-by-panel loop that worked out each
     * panel's width and stride per row had cost 65-68 µs against 40-41 for 256x784 in cache; this one works out
     * nothing per row either.
     */

    /*
     * Register transposes for packing. Rows src[so + i·ss …] (one vector each) are interleaved log₂(rows) times with
     * pairing (i, i + rows/2) (a perfect shuffle); the result, read vector after vector, is the block in column-major
     * order: vector t goes to dst[d + t·ds] (for the sixteen-row one, which packs B, byte offsets into a segment).
     * Eight rows of FV columns give FV k-steps of an A micro-panel; FV rows of FV columns give FV rows of a B panel.
     */

    private static void stranspose8(float[] src, int so, int ss, float[] dst, int d, int ds) {
        FloatVector r0 = FloatVector.fromArray(FS, src, so), r1 = FloatVector.fromArray(FS, src, so + 1 * ss);
        FloatVector r2 = FloatVector.fromArray(FS, src, so + 2 * ss), r3 = FloatVector.fromArray(FS, src, so + 3 * ss);
        FloatVector r4 = FloatVector.fromArray(FS, src, so + 4 * ss), r5 = FloatVector.fromArray(FS, src, so + 5 * ss);
        FloatVector r6 = FloatVector.fromArray(FS, src, so + 6 * ss), r7 = FloatVector.fromArray(FS, src, so + 7 * ss);
        FloatVector t0 = FLO.selectFrom(r0, r4), t1 = FHI.selectFrom(r0, r4);
        FloatVector t2 = FLO.selectFrom(r1, r5), t3 = FHI.selectFrom(r1, r5);
        FloatVector t4 = FLO.selectFrom(r2, r6), t5 = FHI.selectFrom(r2, r6);
        FloatVector t6 = FLO.selectFrom(r3, r7), t7 = FHI.selectFrom(r3, r7);
        FloatVector u0 = FLO.selectFrom(t0, t4), u1 = FHI.selectFrom(t0, t4);
        FloatVector u2 = FLO.selectFrom(t1, t5), u3 = FHI.selectFrom(t1, t5);
        FloatVector u4 = FLO.selectFrom(t2, t6), u5 = FHI.selectFrom(t2, t6);
        FloatVector u6 = FLO.selectFrom(t3, t7), u7 = FHI.selectFrom(t3, t7);
        FloatVector v0 = FLO.selectFrom(u0, u4), v1 = FHI.selectFrom(u0, u4);
        FloatVector v2 = FLO.selectFrom(u1, u5), v3 = FHI.selectFrom(u1, u5);
        FloatVector v4 = FLO.selectFrom(u2, u6), v5 = FHI.selectFrom(u2, u6);
        FloatVector v6 = FLO.selectFrom(u3, u7), v7 = FHI.selectFrom(u3, u7);
        v0.intoArray(dst, d);
        v1.intoArray(dst, d + 1 * ds);
        v2.intoArray(dst, d + 2 * ds);
        v3.intoArray(dst, d + 3 * ds);
        v4.intoArray(dst, d + 4 * ds);
        v5.intoArray(dst, d + 5 * ds);
        v6.intoArray(dst, d + 6 * ds);
        v7.intoArray(dst, d + 7 * ds);
    }

    private static void stranspose16(float[] src, int so, int ss, MemorySegment dst, long d, long ds) {
        FloatVector r0 = FloatVector.fromArray(FS, src, so), r1 = FloatVector.fromArray(FS, src, so + 1 * ss);
        FloatVector r2 = FloatVector.fromArray(FS, src, so + 2 * ss), r3 = FloatVector.fromArray(FS, src, so + 3 * ss);
        FloatVector r4 = FloatVector.fromArray(FS, src, so + 4 * ss), r5 = FloatVector.fromArray(FS, src, so + 5 * ss);
        FloatVector r6 = FloatVector.fromArray(FS, src, so + 6 * ss), r7 = FloatVector.fromArray(FS, src, so + 7 * ss);
        FloatVector r8 = FloatVector.fromArray(FS, src, so + 8 * ss), r9 = FloatVector.fromArray(FS, src, so + 9 * ss);
        FloatVector r10 = FloatVector.fromArray(FS, src, so + 10 * ss), r11 = FloatVector.fromArray(FS, src, so + 11 * ss);
        FloatVector r12 = FloatVector.fromArray(FS, src, so + 12 * ss), r13 = FloatVector.fromArray(FS, src, so + 13 * ss);
        FloatVector r14 = FloatVector.fromArray(FS, src, so + 14 * ss), r15 = FloatVector.fromArray(FS, src, so + 15 * ss);
        FloatVector t0 = FLO.selectFrom(r0, r8), t1 = FHI.selectFrom(r0, r8);
        FloatVector t2 = FLO.selectFrom(r1, r9), t3 = FHI.selectFrom(r1, r9);
        FloatVector t4 = FLO.selectFrom(r2, r10), t5 = FHI.selectFrom(r2, r10);
        FloatVector t6 = FLO.selectFrom(r3, r11), t7 = FHI.selectFrom(r3, r11);
        FloatVector t8 = FLO.selectFrom(r4, r12), t9 = FHI.selectFrom(r4, r12);
        FloatVector t10 = FLO.selectFrom(r5, r13), t11 = FHI.selectFrom(r5, r13);
        FloatVector t12 = FLO.selectFrom(r6, r14), t13 = FHI.selectFrom(r6, r14);
        FloatVector t14 = FLO.selectFrom(r7, r15), t15 = FHI.selectFrom(r7, r15);
        FloatVector u0 = FLO.selectFrom(t0, t8), u1 = FHI.selectFrom(t0, t8);
        FloatVector u2 = FLO.selectFrom(t1, t9), u3 = FHI.selectFrom(t1, t9);
        FloatVector u4 = FLO.selectFrom(t2, t10), u5 = FHI.selectFrom(t2, t10);
        FloatVector u6 = FLO.selectFrom(t3, t11), u7 = FHI.selectFrom(t3, t11);
        FloatVector u8 = FLO.selectFrom(t4, t12), u9 = FHI.selectFrom(t4, t12);
        FloatVector u10 = FLO.selectFrom(t5, t13), u11 = FHI.selectFrom(t5, t13);
        FloatVector u12 = FLO.selectFrom(t6, t14), u13 = FHI.selectFrom(t6, t14);
        FloatVector u14 = FLO.selectFrom(t7, t15), u15 = FHI.selectFrom(t7, t15);
        FloatVector v0 = FLO.selectFrom(u0, u8), v1 = FHI.selectFrom(u0, u8);
        FloatVector v2 = FLO.selectFrom(u1, u9), v3 = FHI.selectFrom(u1, u9);
        FloatVector v4 = FLO.selectFrom(u2, u10), v5 = FHI.selectFrom(u2, u10);
        FloatVector v6 = FLO.selectFrom(u3, u11), v7 = FHI.selectFrom(u3, u11);
        FloatVector v8 = FLO.selectFrom(u4, u12), v9 = FHI.selectFrom(u4, u12);
        FloatVector v10 = FLO.selectFrom(u5, u13), v11 = FHI.selectFrom(u5, u13);
        FloatVector v12 = FLO.selectFrom(u6, u14), v13 = FHI.selectFrom(u6, u14);
        FloatVector v14 = FLO.selectFrom(u7, u15), v15 = FHI.selectFrom(u7, u15);
        FloatVector w0 = FLO.selectFrom(v0, v8), w1 = FHI.selectFrom(v0, v8);
        FloatVector w2 = FLO.selectFrom(v1, v9), w3 = FHI.selectFrom(v1, v9);
        FloatVector w4 = FLO.selectFrom(v2, v10), w5 = FHI.selectFrom(v2, v10);
        FloatVector w6 = FLO.selectFrom(v3, v11), w7 = FHI.selectFrom(v3, v11);
        FloatVector w8 = FLO.selectFrom(v4, v12), w9 = FHI.selectFrom(v4, v12);
        FloatVector w10 = FLO.selectFrom(v5, v13), w11 = FHI.selectFrom(v5, v13);
        FloatVector w12 = FLO.selectFrom(v6, v14), w13 = FHI.selectFrom(v6, v14);
        FloatVector w14 = FLO.selectFrom(v7, v15), w15 = FHI.selectFrom(v7, v15);
        w0.intoMemorySegment(dst, d, NATIVE);
        w1.intoMemorySegment(dst, d + 1 * ds, NATIVE);
        w2.intoMemorySegment(dst, d + 2 * ds, NATIVE);
        w3.intoMemorySegment(dst, d + 3 * ds, NATIVE);
        w4.intoMemorySegment(dst, d + 4 * ds, NATIVE);
        w5.intoMemorySegment(dst, d + 5 * ds, NATIVE);
        w6.intoMemorySegment(dst, d + 6 * ds, NATIVE);
        w7.intoMemorySegment(dst, d + 7 * ds, NATIVE);
        w8.intoMemorySegment(dst, d + 8 * ds, NATIVE);
        w9.intoMemorySegment(dst, d + 9 * ds, NATIVE);
        w10.intoMemorySegment(dst, d + 10 * ds, NATIVE);
        w11.intoMemorySegment(dst, d + 11 * ds, NATIVE);
        w12.intoMemorySegment(dst, d + 12 * ds, NATIVE);
        w13.intoMemorySegment(dst, d + 13 * ds, NATIVE);
        w14.intoMemorySegment(dst, d + 14 * ds, NATIVE);
        w15.intoMemorySegment(dst, d + 15 * ds, NATIVE);
    }

    /**
     * c[ci + r·cs0 + j·cs1] (+)= tile[r·ldt + j] for the valid mr × nr corner of a tile. The kernels never store into
     * C themselves: a helper taking vectors, or a second store path, pushes C2 past its inlining node budget, and then
     * vectors get boxed and the kernel runs tens of times slower.
     */
    private static void smerge(float[] tile, int ldt, int mr, int nr, float[] c, int ci, int cs0, int cs1, boolean add) {
        if (cs1 == 1) {
            int full = FS.loopBound(nr);
            for (int r = 0; r < mr; r++) {
                int t = r * ldt, at = ci + r * cs0, j = 0;
                for (; j < full; j += FV) {
                    FloatVector v = FloatVector.fromArray(FS, tile, t + j);
                    if (add) v = v.add(FloatVector.fromArray(FS, c, at + j));
                    v.intoArray(c, at + j);
                }
                for (; j < nr; j++) c[at + j] = add ? c[at + j] + tile[t + j] : tile[t + j];
            }
            return;
        }
        for (int r = 0; r < mr; r++)
            for (int j = 0; j < nr; j++) {
                int at = ci + r * cs0 + j * cs1;
                c[at] = add ? c[at] + tile[r * ldt + j] : tile[r * ldt + j];
            }
    }

    /*
     * Note [Two steps of k per iteration]
     * The 8-row micro-kernels (not the AVX2 halves, below, nor the 12-row kernel of Note [Products of 9 to 12 rows],
     * not measured) run two steps of k per iteration, each in a block of its own, then the odd step. C2 (JDK 25)
     * compiles one step of the 8×3-vector kernel into its 24 multiply-adds and 11 loads plus some 16 scalar
     * instructions: three bounds checks on packed B's segment, two on A, the positions' arithmetic and the loop's own
     * increment, compare and branch (read with bench/tools/hsdis.sh). With two steps in the body the loop's part and
     * one of A's checks are paid once per two steps. Measured (2026-11-30, this Xeon, alternating JVMs, medians of 11
     * timed rounds each, Tensor products into a reused output): one thread, float32 1024³ 152-162 -> 158-165 GFLOP/s
     * (OpenBLAS on one thread 162-165 in the same minutes), float64 1024³ 76-81 -> 81; two threads, float32 1024³
     * 315-347 -> 327-367 (five pairs), 2048³ 287-303 -> 306-313, 256×784·(256×784)ᵀ (fc1's forward) 245-255 -> 258-266,
     * 128³ 232-268 -> 257-277, float64 1024³ 134-148 -> 141-156, 512³ 137-143 -> 145-151; the MLP's epochs 9-20, four
     * pairs of fresh JVMs: 0.295, 0.296, 0.292, 0.279 s -> 0.280, 0.287, 0.278, 0.290. C2 unrolls the one-step loops
     * itself when allowed to (-XX:LoopUnrollLimit=250; the loop body is over its default limit): float32 1024³ about 2%
     * faster, float64 5%, and about 1% on top of the two-step loops, so the gain is these loops'. Not more steps: with
     * four, C1 gives up on the method ("out of virtual registers in linear scan") and products run interpreted until C2
     * compiles it (fc1's forward ran at 2.7 GFLOP/s over 16 rounds of 300 products; float32 1024³ 298-322 against
     * 337-345 with two steps). Nor the second step as a loop of two trips over one copy of the step: C2 did not unroll
     * it (float32 1024³ 269-296 against 294-314 with the two blocks). Not the AVX2 halves (skernel2x4, dkernel2x4):
     * with 16 vector registers two steps ran slower (float64 512³ under -XX:UseAVX=2: 77-79 -> 62-65 GFLOP/s; machine
     * code not read).
     */

    /**
     * The MR × 3-vector micro-kernel: tile = micro-panel of A · panel of packed B over kc steps (tile rows 3 vectors
     * long). Panel rows are ldb floats apart, bi the first's index in floats (Note [Packed B off the heap]).
     */
    private static void skernel3(int kc, float[] ap, int ai, MemorySegment bp, int bi, int ldb, float[] c, int ci,
                                 int ldc, boolean add) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32,
                c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c00 = FloatVector.fromArray(FS, c, ci); c01 = FloatVector.fromArray(FS, c, ci + FV); c02 = FloatVector.fromArray(FS, c, ci + 2 * FV);
            c10 = FloatVector.fromArray(FS, c, r1); c11 = FloatVector.fromArray(FS, c, r1 + FV); c12 = FloatVector.fromArray(FS, c, r1 + 2 * FV);
            c20 = FloatVector.fromArray(FS, c, r2); c21 = FloatVector.fromArray(FS, c, r2 + FV); c22 = FloatVector.fromArray(FS, c, r2 + 2 * FV);
            c30 = FloatVector.fromArray(FS, c, r3); c31 = FloatVector.fromArray(FS, c, r3 + FV); c32 = FloatVector.fromArray(FS, c, r3 + 2 * FV);
            c40 = FloatVector.fromArray(FS, c, r4); c41 = FloatVector.fromArray(FS, c, r4 + FV); c42 = FloatVector.fromArray(FS, c, r4 + 2 * FV);
            c50 = FloatVector.fromArray(FS, c, r5); c51 = FloatVector.fromArray(FS, c, r5 + FV); c52 = FloatVector.fromArray(FS, c, r5 + 2 * FV);
            c60 = FloatVector.fromArray(FS, c, r6); c61 = FloatVector.fromArray(FS, c, r6 + FV); c62 = FloatVector.fromArray(FS, c, r6 + 2 * FV);
            c70 = FloatVector.fromArray(FS, c, r7); c71 = FloatVector.fromArray(FS, c, r7 + FV); c72 = FloatVector.fromArray(FS, c, r7 + 2 * FV);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c00;
            c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = c00;
        }
        // positions advance by addition (in every kernel here): with bi + p·ldb computed at each step, C2 kept a
        // multiply and more spills in the loop, and the kernels measured 10–20% slower (float32 and float64 alike)
        long step = (long) ldb * Float.BYTES;
        long p = 0, bq = (long) bi * Float.BYTES, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2 * step, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(FS, bp, bq + FV * Float.BYTES, NATIVE);
                FloatVector b2 = FloatVector.fromMemorySegment(FS, bp, bq + 2 * FV * Float.BYTES, NATIVE);
                FloatVector x = FloatVector.broadcast(FS, ap[(int) aq]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = FloatVector.broadcast(FS, ap[(int) aq + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = FloatVector.broadcast(FS, ap[(int) aq + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = FloatVector.broadcast(FS, ap[(int) aq + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = FloatVector.broadcast(FS, ap[(int) aq + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = FloatVector.broadcast(FS, ap[(int) aq + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = FloatVector.broadcast(FS, ap[(int) aq + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = FloatVector.broadcast(FS, ap[(int) aq + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
            {
                FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq + step, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(FS, bp, bq + step + FV * Float.BYTES, NATIVE);
                FloatVector b2 = FloatVector.fromMemorySegment(FS, bp, bq + step + 2 * FV * Float.BYTES, NATIVE);
                FloatVector x = FloatVector.broadcast(FS, ap[(int) aq + MR]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
        }
        if (p < kc) {
            FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(FS, bp, bq + FV * Float.BYTES, NATIVE);
            FloatVector b2 = FloatVector.fromMemorySegment(FS, bp, bq + 2 * FV * Float.BYTES, NATIVE);
            FloatVector x = FloatVector.broadcast(FS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
            x = FloatVector.broadcast(FS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
            x = FloatVector.broadcast(FS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
            x = FloatVector.broadcast(FS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
            x = FloatVector.broadcast(FS, ap[(int) aq + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
            x = FloatVector.broadcast(FS, ap[(int) aq + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
            x = FloatVector.broadcast(FS, ap[(int) aq + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
            x = FloatVector.broadcast(FS, ap[(int) aq + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + FV); c02.intoArray(c, ci + 2 * FV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + FV); c12.intoArray(c, r1 + 2 * FV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + FV); c22.intoArray(c, r2 + 2 * FV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + FV); c32.intoArray(c, r3 + 2 * FV);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + FV); c42.intoArray(c, r4 + 2 * FV);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + FV); c52.intoArray(c, r5 + 2 * FV);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + FV); c62.intoArray(c, r6 + 2 * FV);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + FV); c72.intoArray(c, r7 + 2 * FV);
    }

    /** Rows 0-3 of {@link #skernel2}'s tile (ai and ci at its first row; A's micro-panel is still MR rows wide). */
    private static void skernel2x4(int kc, float[] ap, int ai, MemorySegment bp, int bi, int ldb, float[] c, int ci,
                                   int ldc, boolean add) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (add) {
            c00 = FloatVector.fromArray(FS, c, ci); c01 = FloatVector.fromArray(FS, c, ci + FV);
            c10 = FloatVector.fromArray(FS, c, r1); c11 = FloatVector.fromArray(FS, c, r1 + FV);
            c20 = FloatVector.fromArray(FS, c, r2); c21 = FloatVector.fromArray(FS, c, r2 + FV);
            c30 = FloatVector.fromArray(FS, c, r3); c31 = FloatVector.fromArray(FS, c, r3 + FV);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c00;
        }
        long step = (long) ldb * Float.BYTES;
        for (long p = 0, bq = (long) bi * Float.BYTES, aq = ai; p < kc; p++, bq += step, aq += MR) {
            FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(FS, bp, bq + FV * Float.BYTES, NATIVE);
            FloatVector x = FloatVector.broadcast(FS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
            x = FloatVector.broadcast(FS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
            x = FloatVector.broadcast(FS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
            x = FloatVector.broadcast(FS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + FV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + FV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + FV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + FV);
    }

    /*
     * Note [Two-vector panels with AVX2]
     * The register tile is AVX-512's, 8 rows × 3 vectors: 24 accumulators, 3 vectors of B and a broadcast of A in 32
     * registers. AVX2 has 16, and there C2 spilled: float32 1024³ ran at 108 GFLOP/s on two threads against OpenBLAS's
     * AVX2 kernels' 210 (OPENBLAS_CORETYPE=Haswell on an AVX-512 Xeon, -XX:UseAVX=2). With 8-lane vectors B's panels
     * are now two vectors wide and the kernel runs each 8-row micro-panel as two halves of 4 rows × 2 vectors (8
     * accumulators, 2 vectors of B, the 4 broadcasts C2 loads ahead: 14 registers). Kernel alone, JVMs alternating:
     * float32 256³ 54 -> 71 GFLOP/s on one thread, 103 -> 133 on two; 1024³ 66 -> 79 and 113 -> 152; the MLP's epochs
     * 0.68-0.70 -> 0.56-0.59 s. Halves of 4 rows × 3 vectors kept three-vector panels but gained less (256³ one thread
     * 57 -> 68; C2 still spilled, with the broadcasts loaded ahead). What is left to OpenBLAS is the loop: 8 multiply-
     * adds an iteration beside its bounds checks and counters. The kernel that reads a row-major B in place is three
     * vectors wide, so with AVX2 such a B is packed, and the 12-row kernel (24 accumulators) is left to AVX-512; the
     * dot-product path keeps its thresholds, half of three vectors (DOT_COLUMNS).
     * Float64 with 4-lane vectors the same way: 1024³ 49.5 -> 72 GFLOP/s on two threads (OpenBLAS's AVX2 kernels 103),
     * 256³ 57 -> 70.5, 64³ 19.0 -> 10.6 µs.
     */

    /*
     * Note [Long induction variables in the array kernels]
     * The kernels that read B where it is, a Java array, step through it by ldb, a stride C2 does not know. With int
     * positions C2 made the loop a counted loop and kept A's position and B's bound on the stack, reloading both at
     * every step (read with bench/tools/hsdis.sh); the segment kernels, whose positions are long, kept everything in
     * registers and ran 13% faster over the same layout. With long positions, cast to int at each access (they stay
     * far below 2^31: they index one array), the array kernels are as fast: float64 64x64·64x48's kernels, B 48 wide
     * read in place, 4.62-4.79 -> 4.07-4.32 us against 4.27-4.35 over packed B (one thread, in one JVM each);
     * whole products on one thread into a reused output, JVMs alternating: float32 64^3 3.87-4.09 -> 3.41-3.71 us,
     * 48^3 1.58-1.71 -> 1.48-1.49, float64 64^3 7.74-8.01 -> 7.22-7.95, 32^3 unchanged. The twelve-row kernel of the
     * few-rows products (Note [Products of 9 to 12 rows]) lost with long positions (10x256·256x256, one thread
     * 10.99-11.38 -> 11.83-12.37 us, two 11.40-12.01 -> 13.42-14.19) and keeps int ones.
     */

    /** {@link #skernel3} over a B read where it is, a user's float[] (Note [Packed B off the heap]). */
    private static void skernel3(int kc, float[] ap, int ai, float[] bp, int bi, int ldb, float[] c, int ci, int ldc,
                                 boolean add) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32,
                c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c00 = FloatVector.fromArray(FS, c, ci); c01 = FloatVector.fromArray(FS, c, ci + FV); c02 = FloatVector.fromArray(FS, c, ci + 2 * FV);
            c10 = FloatVector.fromArray(FS, c, r1); c11 = FloatVector.fromArray(FS, c, r1 + FV); c12 = FloatVector.fromArray(FS, c, r1 + 2 * FV);
            c20 = FloatVector.fromArray(FS, c, r2); c21 = FloatVector.fromArray(FS, c, r2 + FV); c22 = FloatVector.fromArray(FS, c, r2 + 2 * FV);
            c30 = FloatVector.fromArray(FS, c, r3); c31 = FloatVector.fromArray(FS, c, r3 + FV); c32 = FloatVector.fromArray(FS, c, r3 + 2 * FV);
            c40 = FloatVector.fromArray(FS, c, r4); c41 = FloatVector.fromArray(FS, c, r4 + FV); c42 = FloatVector.fromArray(FS, c, r4 + 2 * FV);
            c50 = FloatVector.fromArray(FS, c, r5); c51 = FloatVector.fromArray(FS, c, r5 + FV); c52 = FloatVector.fromArray(FS, c, r5 + 2 * FV);
            c60 = FloatVector.fromArray(FS, c, r6); c61 = FloatVector.fromArray(FS, c, r6 + FV); c62 = FloatVector.fromArray(FS, c, r6 + 2 * FV);
            c70 = FloatVector.fromArray(FS, c, r7); c71 = FloatVector.fromArray(FS, c, r7 + FV); c72 = FloatVector.fromArray(FS, c, r7 + 2 * FV);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c00;
            c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = c00;
        }
        // Note [Long induction variables in the array kernels]
        long p = 0, bq = bi, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2L * ldb, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                FloatVector b0 = FloatVector.fromArray(FS, bp, (int) bq);
                FloatVector b1 = FloatVector.fromArray(FS, bp, (int) bq + FV);
                FloatVector b2 = FloatVector.fromArray(FS, bp, (int) bq + 2 * FV);
                FloatVector x = FloatVector.broadcast(FS, ap[(int) aq]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = FloatVector.broadcast(FS, ap[(int) aq + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = FloatVector.broadcast(FS, ap[(int) aq + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = FloatVector.broadcast(FS, ap[(int) aq + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = FloatVector.broadcast(FS, ap[(int) aq + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = FloatVector.broadcast(FS, ap[(int) aq + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = FloatVector.broadcast(FS, ap[(int) aq + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = FloatVector.broadcast(FS, ap[(int) aq + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
            {
                FloatVector b0 = FloatVector.fromArray(FS, bp, (int) bq + ldb);
                FloatVector b1 = FloatVector.fromArray(FS, bp, (int) bq + ldb + FV);
                FloatVector b2 = FloatVector.fromArray(FS, bp, (int) bq + ldb + 2 * FV);
                FloatVector x = FloatVector.broadcast(FS, ap[(int) aq + MR]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
        }
        if (p < kc) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, (int) bq);
            FloatVector b1 = FloatVector.fromArray(FS, bp, (int) bq + FV);
            FloatVector b2 = FloatVector.fromArray(FS, bp, (int) bq + 2 * FV);
            FloatVector x = FloatVector.broadcast(FS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
            x = FloatVector.broadcast(FS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
            x = FloatVector.broadcast(FS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
            x = FloatVector.broadcast(FS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
            x = FloatVector.broadcast(FS, ap[(int) aq + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
            x = FloatVector.broadcast(FS, ap[(int) aq + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
            x = FloatVector.broadcast(FS, ap[(int) aq + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
            x = FloatVector.broadcast(FS, ap[(int) aq + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + FV); c02.intoArray(c, ci + 2 * FV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + FV); c12.intoArray(c, r1 + 2 * FV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + FV); c22.intoArray(c, r2 + 2 * FV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + FV); c32.intoArray(c, r3 + 2 * FV);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + FV); c42.intoArray(c, r4 + 2 * FV);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + FV); c52.intoArray(c, r5 + 2 * FV);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + FV); c62.intoArray(c, r6 + 2 * FV);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + FV); c72.intoArray(c, r7 + 2 * FV);
    }

    /** The MR × 2-vector micro-kernel for a last panel of two vectors (panel rows ldb apart). */
    private static void skernel2(int kc, float[] ap, int ai, MemorySegment bp, int bi, int ldb, float[] c, int ci,
                                 int ldc, boolean add) {
        if (FV == 8) { // Note [Two-vector panels with AVX2]
            skernel2x4(kc, ap, ai, bp, bi, ldb, c, ci, ldc, add);
            skernel2x4(kc, ap, ai + 4, bp, bi, ldb, c, ci + 4 * ldc, ldc, add);
            return;
        }
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c00 = FloatVector.fromArray(FS, c, ci); c01 = FloatVector.fromArray(FS, c, ci + FV);
            c10 = FloatVector.fromArray(FS, c, r1); c11 = FloatVector.fromArray(FS, c, r1 + FV);
            c20 = FloatVector.fromArray(FS, c, r2); c21 = FloatVector.fromArray(FS, c, r2 + FV);
            c30 = FloatVector.fromArray(FS, c, r3); c31 = FloatVector.fromArray(FS, c, r3 + FV);
            c40 = FloatVector.fromArray(FS, c, r4); c41 = FloatVector.fromArray(FS, c, r4 + FV);
            c50 = FloatVector.fromArray(FS, c, r5); c51 = FloatVector.fromArray(FS, c, r5 + FV);
            c60 = FloatVector.fromArray(FS, c, r6); c61 = FloatVector.fromArray(FS, c, r6 + FV);
            c70 = FloatVector.fromArray(FS, c, r7); c71 = FloatVector.fromArray(FS, c, r7 + FV);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }
        long step = (long) ldb * Float.BYTES;
        long p = 0, bq = (long) bi * Float.BYTES, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2 * step, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(FS, bp, bq + FV * Float.BYTES, NATIVE);
                FloatVector x = FloatVector.broadcast(FS, ap[(int) aq]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
                x = FloatVector.broadcast(FS, ap[(int) aq + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
                x = FloatVector.broadcast(FS, ap[(int) aq + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
                x = FloatVector.broadcast(FS, ap[(int) aq + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
                x = FloatVector.broadcast(FS, ap[(int) aq + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
                x = FloatVector.broadcast(FS, ap[(int) aq + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
                x = FloatVector.broadcast(FS, ap[(int) aq + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
                x = FloatVector.broadcast(FS, ap[(int) aq + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
            }
            {
                FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq + step, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(FS, bp, bq + step + FV * Float.BYTES, NATIVE);
                FloatVector x = FloatVector.broadcast(FS, ap[(int) aq + MR]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
                x = FloatVector.broadcast(FS, ap[(int) aq + MR + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
            }
        }
        if (p < kc) {
            FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(FS, bp, bq + FV * Float.BYTES, NATIVE);
            FloatVector x = FloatVector.broadcast(FS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
            x = FloatVector.broadcast(FS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
            x = FloatVector.broadcast(FS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
            x = FloatVector.broadcast(FS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
            x = FloatVector.broadcast(FS, ap[(int) aq + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
            x = FloatVector.broadcast(FS, ap[(int) aq + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
            x = FloatVector.broadcast(FS, ap[(int) aq + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
            x = FloatVector.broadcast(FS, ap[(int) aq + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + FV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + FV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + FV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + FV);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + FV);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + FV);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + FV);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + FV);
    }

    /** The MR × 1-vector micro-kernel for a last panel of one vector (panel rows ldb apart). */
    private static void skernel1(int kc, float[] ap, int ai, MemorySegment bp, int bi, int ldb, float[] c, int ci,
                                 int ldc, boolean add) {
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c0 = FloatVector.fromArray(FS, c, ci);
            c1 = FloatVector.fromArray(FS, c, r1);
            c2 = FloatVector.fromArray(FS, c, r2);
            c3 = FloatVector.fromArray(FS, c, r3);
            c4 = FloatVector.fromArray(FS, c, r4);
            c5 = FloatVector.fromArray(FS, c, r5);
            c6 = FloatVector.fromArray(FS, c, r6);
            c7 = FloatVector.fromArray(FS, c, r7);
        } else {
            c0 = FloatVector.zero(FS);
            c1 = c2 = c3 = c4 = c5 = c6 = c7 = c0;
        }
        long step = (long) ldb * Float.BYTES;
        long p = 0, bq = (long) bi * Float.BYTES, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2 * step, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq, NATIVE);
                c0 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq]), c0);
                c1 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 1]), c1);
                c2 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 2]), c2);
                c3 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 3]), c3);
                c4 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 4]), c4);
                c5 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 5]), c5);
                c6 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 6]), c6);
                c7 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 7]), c7);
            }
            {
                FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq + step, NATIVE);
                c0 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR]), c0);
                c1 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR + 1]), c1);
                c2 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR + 2]), c2);
                c3 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR + 3]), c3);
                c4 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR + 4]), c4);
                c5 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR + 5]), c5);
                c6 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR + 6]), c6);
                c7 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + MR + 7]), c7);
            }
        }
        if (p < kc) {
            FloatVector b0 = FloatVector.fromMemorySegment(FS, bp, bq, NATIVE);
            c0 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq]), c0);
            c1 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 1]), c1);
            c2 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 2]), c2);
            c3 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 3]), c3);
            c4 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 4]), c4);
            c5 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 5]), c5);
            c6 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 6]), c6);
            c7 = b0.lanewise(FMA, FloatVector.broadcast(FS, ap[(int) aq + 7]), c7);
        }
        c0.intoArray(c, ci); c1.intoArray(c, r1); c2.intoArray(c, r2); c3.intoArray(c, r3);
        c4.intoArray(c, r4); c5.intoArray(c, r5); c6.intoArray(c, r6); c7.intoArray(c, r7);
    }

    /*
     * Note [Narrow products as dot products]
     * x·Wᵀ with few output columns (a linear layer with 1 or 10 outputs: softmax regression's 256×784·(10×784)ᵀ) gives
     * the packed path a single panel narrower than a vector: the one-vector kernel with lanes to spare, at about half the
     * speed of the three-vector one, after A and Wᵀ were packed. Row i of A and column j of B = row j of W both lie
     * contiguous along k here, so each element of C is a dot product of two unit-stride rows: four rows of A against
     * five rows of W at a time (20 accumulators of FV lanes, 9 loads per 20 FMAs, every lane used), no packing, each
     * accumulator summed across its lanes once at the end. The sums run in another order than the packed kernels'
     * (lanes across k, then a tree), within the same error bound. Columns left over from the blocks of five (all of
     * them in A·v, a single column) run four rows at a time too, four independent chains of FMAs: one chain per dot
     * product waited on the FMA's latency every vector (w.mv(v) for w 256×784 float32, alternating runs on a noisy
     * 2-core VM: 11–16 µs one chain, 7.5–11 µs four). The float64 twin, ddots, still runs the leftover columns one dot
     * product at a time.
     */

    /** C = A·B for a row-major A and a transposed B of few columns: dot products of rows (Note [Narrow products as dot products]). */
    private static void sdots(int m, int n, int k, float[] a, int ao, int as0, float[] b, int bo, int bs1, float[] c,
                              int co, int cs0, int cs1, boolean accumulate) {
        int quads = ceilDiv(m, 4), full = FS.loopBound(k);
        boolean parallel = splits(m, n, k, Float.BYTES);
        int grain = parallel ? (int) Math.max(1, GRAIN_FMAS / (4L * n * k)) : quads;
        Parallel.forRange(0, quads, grain, (q0, q1) -> {
            float[] sums = new float[DOT_SUMS_COLUMN4 + FV]; // sdot4x5's (dotLanes)
            for (int q = q0; q < q1; q++) {
                int i0 = 4 * q, rows = Math.min(4, m - i0), j = 0;
                if (rows == 4) {
                    for (; j + 5 <= n; j += 5)
                        sdot4x5(full, a, ao + i0 * as0, as0, b, bo + j * bs1, bs1, c, co + i0 * cs0 + j * cs1, cs0, cs1,
                                accumulate, sums);
                    for (; j < n; j++)
                        sdot4x1(full, a, ao + i0 * as0, as0, b, bo + j * bs1, c, co + i0 * cs0 + j * cs1, cs0, accumulate);
                }
                // rows of a last quad short of 4: one dot product at a time; every row: the k % FV tail of its dot products
                for (int i = i0; i < i0 + rows; i++) {
                    for (int jj = rows == 4 ? j : 0; jj < n; jj++) {
                        int ar = ao + i * as0, br = bo + jj * bs1, at = co + i * cs0 + jj * cs1;
                        FloatVector acc = FloatVector.zero(FS);
                        for (int p = 0; p < full; p += FV)
                            acc = FloatVector.fromArray(FS, a, ar + p)
                                    .lanewise(FMA, FloatVector.fromArray(FS, b, br + p), acc);
                        float sum = LaneSums.sum(acc);
                        c[at] = accumulate ? c[at] + sum : sum;
                    }
                    // the last k % FV terms of every dot product in this row
                    if (full < k)
                        for (int jj = 0; jj < n; jj++) {
                            int ar = ao + i * as0, br = bo + jj * bs1;
                            float sum = 0f;
                            for (int p = full; p < k; p++) sum = Math.fma(a[ar + p], b[br + p], sum);
                            c[co + i * cs0 + jj * cs1] += sum;
                        }
                }
            }
        });
    }

    /** C[4×5] (+)= four rows of A (lda apart) · five rows of W (ldw apart), over the first kv (a multiple of FV) of k. */
    private static void sdot4x5(int kv, float[] a, int ai, int lda, float[] w, int wi, int ldw, float[] c, int ci,
                                int cs0, int cs1, boolean add, float[] sums) {
        FloatVector s00 = FloatVector.zero(FS), s01 = s00, s02 = s00, s03 = s00, s04 = s00, s10 = s00, s11 = s00,
                s12 = s00, s13 = s00, s14 = s00, s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00, s30 = s00,
                s31 = s00, s32 = s00, s33 = s00, s34 = s00;
        int a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda, w1 = wi + ldw, w2 = w1 + ldw, w3 = w2 + ldw, w4 = w3 + ldw;
        for (int p = 0; p < kv; p += FV) {
            FloatVector x0 = FloatVector.fromArray(FS, a, ai + p), x1 = FloatVector.fromArray(FS, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(FS, a, a2 + p), x3 = FloatVector.fromArray(FS, a, a3 + p);
            FloatVector y = FloatVector.fromArray(FS, w, wi + p);
            s00 = x0.lanewise(FMA, y, s00); s10 = x1.lanewise(FMA, y, s10);
            s20 = x2.lanewise(FMA, y, s20); s30 = x3.lanewise(FMA, y, s30);
            y = FloatVector.fromArray(FS, w, w1 + p);
            s01 = x0.lanewise(FMA, y, s01); s11 = x1.lanewise(FMA, y, s11);
            s21 = x2.lanewise(FMA, y, s21); s31 = x3.lanewise(FMA, y, s31);
            y = FloatVector.fromArray(FS, w, w2 + p);
            s02 = x0.lanewise(FMA, y, s02); s12 = x1.lanewise(FMA, y, s12);
            s22 = x2.lanewise(FMA, y, s22); s32 = x3.lanewise(FMA, y, s32);
            y = FloatVector.fromArray(FS, w, w3 + p);
            s03 = x0.lanewise(FMA, y, s03); s13 = x1.lanewise(FMA, y, s13);
            s23 = x2.lanewise(FMA, y, s23); s33 = x3.lanewise(FMA, y, s33);
            y = FloatVector.fromArray(FS, w, w4 + p);
            s04 = x0.lanewise(FMA, y, s04); s14 = x1.lanewise(FMA, y, s14);
            s24 = x2.lanewise(FMA, y, s24); s34 = x3.lanewise(FMA, y, s34);
        }
        // the lane sums folded together, not reduced one by one (Note [Lane sums in a fixed order] in LaneSums), and
        // written out: folds in a helper taking vectors left C2 calling the Vector API's Java code for them
        if (FV == 16) { // rows 0-3, columns 0-3 into sums[0, 16); column 4 into [16, 32) (dotLanes)
            FloatVector u0 = s00.add(s00.rearrange(X8)).blend(s01.add(s01.rearrange(X8)), M8);
            FloatVector u1 = s02.add(s02.rearrange(X8)).blend(s03.add(s03.rearrange(X8)), M8);
            FloatVector u2 = s10.add(s10.rearrange(X8)).blend(s11.add(s11.rearrange(X8)), M8);
            FloatVector u3 = s12.add(s12.rearrange(X8)).blend(s13.add(s13.rearrange(X8)), M8);
            FloatVector u4 = s20.add(s20.rearrange(X8)).blend(s21.add(s21.rearrange(X8)), M8);
            FloatVector u5 = s22.add(s22.rearrange(X8)).blend(s23.add(s23.rearrange(X8)), M8);
            FloatVector u6 = s30.add(s30.rearrange(X8)).blend(s31.add(s31.rearrange(X8)), M8);
            FloatVector u7 = s32.add(s32.rearrange(X8)).blend(s33.add(s33.rearrange(X8)), M8);
            FloatVector v0 = u0.add(u0.rearrange(X4)).blend(u1.add(u1.rearrange(X4)), M4);
            FloatVector v1 = u2.add(u2.rearrange(X4)).blend(u3.add(u3.rearrange(X4)), M4);
            FloatVector v2 = u4.add(u4.rearrange(X4)).blend(u5.add(u5.rearrange(X4)), M4);
            FloatVector v3 = u6.add(u6.rearrange(X4)).blend(u7.add(u7.rearrange(X4)), M4);
            FloatVector t0 = v0.add(v0.rearrange(X2)).blend(v1.add(v1.rearrange(X2)), M2);
            FloatVector t1 = v2.add(v2.rearrange(X2)).blend(v3.add(v3.rearrange(X2)), M2);
            t0.add(t0.rearrange(X1)).blend(t1.add(t1.rearrange(X1)), M1).intoArray(sums, 0);
            FloatVector e0 = s04.add(s04.rearrange(X8)).blend(s14.add(s14.rearrange(X8)), M8);
            FloatVector e1 = s24.add(s24.rearrange(X8)).blend(s34.add(s34.rearrange(X8)), M8);
            FloatVector e = e0.add(e0.rearrange(X4)).blend(e1.add(e1.rearrange(X4)), M4);
            e = e.add(e.rearrange(X2));
            e.add(e.rearrange(X1)).intoArray(sums, DOT_SUMS_COLUMN4);
        } else if (FV == 8) { // rows 0-1, columns 0-3 into sums[0, 8); rows 2-3 into [8, 16); column 4 into [16, 24)
            FloatVector u0 = s00.add(s00.rearrange(X4)).blend(s01.add(s01.rearrange(X4)), M4);
            FloatVector u1 = s02.add(s02.rearrange(X4)).blend(s03.add(s03.rearrange(X4)), M4);
            FloatVector u2 = s10.add(s10.rearrange(X4)).blend(s11.add(s11.rearrange(X4)), M4);
            FloatVector u3 = s12.add(s12.rearrange(X4)).blend(s13.add(s13.rearrange(X4)), M4);
            FloatVector v0 = u0.add(u0.rearrange(X2)).blend(u1.add(u1.rearrange(X2)), M2);
            FloatVector v1 = u2.add(u2.rearrange(X2)).blend(u3.add(u3.rearrange(X2)), M2);
            v0.add(v0.rearrange(X1)).blend(v1.add(v1.rearrange(X1)), M1).intoArray(sums, 0);
            u0 = s20.add(s20.rearrange(X4)).blend(s21.add(s21.rearrange(X4)), M4);
            u1 = s22.add(s22.rearrange(X4)).blend(s23.add(s23.rearrange(X4)), M4);
            u2 = s30.add(s30.rearrange(X4)).blend(s31.add(s31.rearrange(X4)), M4);
            u3 = s32.add(s32.rearrange(X4)).blend(s33.add(s33.rearrange(X4)), M4);
            v0 = u0.add(u0.rearrange(X2)).blend(u1.add(u1.rearrange(X2)), M2);
            v1 = u2.add(u2.rearrange(X2)).blend(u3.add(u3.rearrange(X2)), M2);
            v0.add(v0.rearrange(X1)).blend(v1.add(v1.rearrange(X1)), M1).intoArray(sums, FV);
            FloatVector e0 = s04.add(s04.rearrange(X4)).blend(s14.add(s14.rearrange(X4)), M4);
            FloatVector e1 = s24.add(s24.rearrange(X4)).blend(s34.add(s34.rearrange(X4)), M4);
            FloatVector e = e0.add(e0.rearrange(X2)).blend(e1.add(e1.rearrange(X2)), M2);
            e.add(e.rearrange(X1)).intoArray(sums, DOT_SUMS_COLUMN4);
        } else {
            int r1 = ci + cs0, r2 = r1 + cs0, r3 = r2 + cs0;
            sput(c, ci, s00, add); sput(c, ci + cs1, s01, add); sput(c, ci + 2 * cs1, s02, add);
            sput(c, ci + 3 * cs1, s03, add); sput(c, ci + 4 * cs1, s04, add);
            sput(c, r1, s10, add); sput(c, r1 + cs1, s11, add); sput(c, r1 + 2 * cs1, s12, add);
            sput(c, r1 + 3 * cs1, s13, add); sput(c, r1 + 4 * cs1, s14, add);
            sput(c, r2, s20, add); sput(c, r2 + cs1, s21, add); sput(c, r2 + 2 * cs1, s22, add);
            sput(c, r2 + 3 * cs1, s23, add); sput(c, r2 + 4 * cs1, s24, add);
            sput(c, r3, s30, add); sput(c, r3 + cs1, s31, add); sput(c, r3 + 2 * cs1, s32, add);
            sput(c, r3 + 3 * cs1, s33, add); sput(c, r3 + 4 * cs1, s34, add);
            return;
        }
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < 5; j++) sstore(c, ci + r * cs0 + j * cs1, sums[DOT_LANES[5 * r + j]], add);
    }

    /**
     * Where the 4×5 dot-product kernels ({@link #sdot4x5}, {@link #ddot4x5}) leave the sum of row r, column j of their
     * block in their sums (index 5·r + j), with vectors of 16, 8 or 4 lanes: columns 0-3 in the first 16 (one vector,
     * two or four), column 4 from 16 on, each of its sums in lanes/4 lanes. A fold by h puts its first vector's groups
     * in the lanes whose bit h is clear and its second's where it is set, so the bits of a sum's lane spell out the
     * folds it went through.
     */
    static int[] dotLanes(int lanes) {
        int[] at = new int[20];
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < 4; j++)
                at[5 * r + j] = switch (lanes) {
                    case 16 -> 8 * (j & 1) + 4 * (j >> 1) + 2 * (r & 1) + (r >> 1);
                    case 8 -> 8 * (r >> 1) + 4 * (j & 1) + 2 * (j >> 1) + (r & 1);
                    default -> 4 * r + 2 * (j & 1) + (j >> 1);
                };
            at[5 * r + 4] = DOT_SUMS_COLUMN4 + lanes / 2 * (r & 1) + lanes / 4 * (r >> 1);
        }
        return at;
    }

    /** Where the dot-product kernels' sums of column 4 start; their sums take this many and one vector more. */
    private static final int DOT_SUMS_COLUMN4 = 16;
    private static final int[] DOT_LANES = dotLanes(FV), DDOT_LANES = dotLanes(DV);

    /** C[4×1] (+)= four rows of A (lda apart) · one row of W, over the first kv (a multiple of FV) of k. */
    private static void sdot4x1(int kv, float[] a, int ai, int lda, float[] w, int wi, float[] c, int ci, int cs0,
                                boolean add) {
        FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
        int a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kv; p += FV) {
            FloatVector y = FloatVector.fromArray(FS, w, wi + p);
            s0 = FloatVector.fromArray(FS, a, ai + p).lanewise(FMA, y, s0);
            s1 = FloatVector.fromArray(FS, a, a1 + p).lanewise(FMA, y, s1);
            s2 = FloatVector.fromArray(FS, a, a2 + p).lanewise(FMA, y, s2);
            s3 = FloatVector.fromArray(FS, a, a3 + p).lanewise(FMA, y, s3);
        }
        if (FV == 16 || FV == 8) { // folded together as sdot4x5's column 4: rows 0-3 at lanes 0, FV/2, FV/4, 3·FV/4
            FloatVector e0 = FV == 16 ? s0.add(s0.rearrange(X8)).blend(s1.add(s1.rearrange(X8)), M8)
                    : s0.add(s0.rearrange(X4)).blend(s1.add(s1.rearrange(X4)), M4);
            FloatVector e1 = FV == 16 ? s2.add(s2.rearrange(X8)).blend(s3.add(s3.rearrange(X8)), M8)
                    : s2.add(s2.rearrange(X4)).blend(s3.add(s3.rearrange(X4)), M4);
            FloatVector e = FV == 16 ? e0.add(e0.rearrange(X4)).blend(e1.add(e1.rearrange(X4)), M4)
                    : e0.add(e0.rearrange(X2)).blend(e1.add(e1.rearrange(X2)), M2);
            if (FV == 16) e = e.add(e.rearrange(X2));
            e = e.add(e.rearrange(X1));
            sstore(c, ci, e.lane(0), add);
            sstore(c, ci + cs0, e.lane(FV / 2), add);
            sstore(c, ci + 2 * cs0, e.lane(FV / 4), add);
            sstore(c, ci + 3 * cs0, e.lane(3 * FV / 4), add);
            return;
        }
        sput(c, ci, s0, add); sput(c, ci + cs0, s1, add); sput(c, ci + 2 * cs0, s2, add); sput(c, ci + 3 * cs0, s3, add);
    }

    private static void sput(float[] c, int at, FloatVector lanes, boolean add) {
        sstore(c, at, LaneSums.sum(lanes), add);
    }

    private static void sstore(float[] c, int at, float sum, boolean add) {
        c[at] = add ? c[at] + sum : sum;
    }

    /*
     * Note [Products of 9 to 12 rows]
     * A weight gradient of a 10-class output layer, gᵀ·x (10×256·256×784 in softmax regression, 10×256·256×256 in the
     * MLP), has 10 rows: in 8-row micro-panels that is one whole and one with 2 rows of 8, so 6 of every 16 rows'
     * multiply-adds are wasted. Products of 9 to 12 rows with a row-major B instead run one 12-row micro-panel of A
     * against two vectors of B at a time (12 × 2 vectors: 24 accumulators, as many as the 8 × 3 kernel), B read where it
     * is, A packed once (up to KC deep, so the micro-panel stays small; deeper products take the 8-row path and its
     * slices of k): 10 of 12 rows' work kept. Measured (kernel alone, two threads, medians of alternating runs):
     * 10×256·256×256 84 -> 89 GFLOP/s (best 88 -> 109), 10×256·256×784 109 -> 120, 12×256·256×256 87 -> 105,
     * 9×512·512×300 59 -> 74. Float32 only: the book's float64 products are gradient checks, not training.
     *
     * Reading B in place walks it a column strip at a time: 2 cache lines from each of k rows, one row stride apart. A
     * B whose k rows span more than 256 KB (softmax regression's batch, 256 rows of 3,136 bytes) touches more pages per
     * strip than the first-level TLB maps, and the hardware prefetcher, which follows a stream within a page, sees none;
     * every line is a miss waiting on memory when the batch is cold. For such a B each thread takes one contiguous range
     * of the columns, and before running the kernels over FEW_ROWS_DEPTH rows of B it reads its part of them once, row
     * by row in order, one float per cache line ({@link #touch}): the lines then come in as streams, and the kernels
     * find them in L2. Measured on 10×256·256×784, kernel alone, two threads, alternating runs: a different batch (in
     * memory) each call 150-228 -> 73-108 µs, one batch used over and over (hot) unchanged (36-57 µs either way); in
     * softmax regression's epochs this product took 20-34 ms an epoch (median 28), 16-32 (median 21) with the touch.
     * Without it, the contiguous ranges alone gave 150-165 µs from memory, the touch alone 102-118. (Before, such a B
     * was read 64 rows at a time across all strips, the strips dealt out in small chunks: one thread 350 -> 177-295
     * µs, two 182-192 -> 174-190.)
     *
     * A smaller B (the MLP's 10x256·256x256, B the hidden layer's 256 KB the calling thread has just written) runs on
     * the calling thread alone: split, the other core reads its half of B out of this core's cache, which took longer
     * than the half's arithmetic. Through Tensor.mm on a 2-core Xeon (medians, one JVM alternating): 10.3 µs on one
     * thread against 12.5 split (kernel alone 9.3 against 11.3-11.7 in chunks, 10.0-10.5 in two halves); the softmax
     * weight gradient's 10x256·256x784, read ahead, still gains from the second core (40.7 against 33.2 µs). There each
     * thread packs the micro-panel of A for itself rather than read the calling thread's packing from the other core
     * (Note [Each thread packs the B it reads]): through Tensor.mm, alternating in fresh JVMs, 29.0-29.8 -> 24.7-25.9 µs,
     * 10x512·512x784 55.4-57.9 -> 48.5-52.4.
     */

    /**
     * A's m rows (m ≤ 12) packed as one 12-row micro-panel, all of k, into this thread's scratch: ap[p·12 + r]. Rows m …
     * 11 are never merged into C, but zeroed: stale scratch could hold subnormals, which cost a microcode assist per
     * multiply-add.
     */
    private static float[] spackFewRows(int m, int k, float[] a, int ao, int as0, int as1) {
        Scratch own = SCRATCH.get();
        if (own.fshared.length < FEW_ROWS * k) own.fshared = new float[FEW_ROWS * k];
        float[] ap = own.fshared;
        if (as0 == 1 && FV >= FEW_ROWS) {
            // a transposed A (the gᵀ of a weight gradient): one step's m elements are adjacent, one masked vector, its
            // lanes from m on loaded as zeros. Element by element, this packing took 4-6 µs (timed alone); the MLP's
            // 10×256·256×256 went from 17-19 to 14-15 µs (kernel alone, medians)
            VectorMask<Float> rows = FS.indexInRange(0, m), panel = FS.indexInRange(0, FEW_ROWS);
            for (int p = 0; p < k; p++) FloatVector.fromArray(FS, a, ao + p * as1, rows).intoArray(ap, p * FEW_ROWS, panel);
        } else {
            for (int p = 0; p < k; p++) {
                int at = p * FEW_ROWS, src = ao + p * as1;
                for (int r = 0; r < m; r++) ap[at + r] = a[src + r * as0];
                for (int r = m; r < FEW_ROWS; r++) ap[at + r] = 0f;
            }
        }
        return ap;
    }

    /** Most rows of a product run as one micro-panel of A (Note [Products of 9 to 12 rows]). */
    static final int FEW_ROWS = 12;
    /** Rows of B read ahead at a time when B's rows span more than the first-level TLB's reach (see the Note). */
    static final int FEW_ROWS_DEPTH = 256;
    /** Floats of B, 256 KB: 64 pages of 4 KB, what a first-level data TLB maps. */
    static final int TLB_REACH_FLOATS = 1 << 16;
    /** Floats in a 64-byte cache line. */
    private static final int LINE_FLOATS = 16;

    /** C = A·B for 9 to 12 rows and a row-major B (Note [Products of 9 to 12 rows]). */
    private static void sfewRows(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo, int bs0,
                                 float[] c, int co, int cs0, int cs1, boolean accumulate) {
        int width = 2 * FV, groups = ceilDiv(n, width);
        boolean readAhead = (long) k * bs0 > TLB_REACH_FLOATS; // see the Note
        boolean parallel = readAhead && splits(m, n, k, Float.BYTES); // a smaller B stays with its core (see the Note)
        int depth = readAhead ? FEW_ROWS_DEPTH : k;
        int grain = parallel ? ceilDiv(groups, Parallel.threads()) : groups;
        Parallel.forRange(0, groups, grain, (g0, g1) -> {
            // each thread packs A for itself (see the Note); a chunk is a thread's whole share, so it packs once
            float[] ap = spackFewRows(m, k, a, ao, as0, as1);
            Scratch s = SCRATCH.get();
            if (s.ftile12.length < FEW_ROWS * width) s.ftile12 = new float[FEW_ROWS * width];
            float[] tile = s.ftile12;
            int last = groups - 1, lastWidth = n - last * width;
            // the last columns, zero-padded to two vectors (a row of B may end at its array's end)
            if (g1 == groups && lastWidth < width) {
                if (s.fedge.length < width * k) s.fedge = new float[width * k];
                for (int p = 0; p < k; p++) {
                    int src = bo + p * bs0 + last * width, dst = p * width, j = 0;
                    for (; j < lastWidth; j++) s.fedge[dst + j] = b[src + j];
                    for (; j < width; j++) s.fedge[dst + j] = 0f;
                }
            }
            for (int p0 = 0; p0 < k; p0 += depth) {
                int kb = Math.min(depth, k - p0);
                if (readAhead)
                    s.touched ^= touch(b, bo + p0 * bs0 + g0 * width, bs0, kb, Math.min(n, g1 * width) - g0 * width);
                for (int g = g0; g < g1; g++) {
                    int j0 = g * width, w = Math.min(width, n - j0);
                    if (w < width) skernel12x2(kb, ap, p0 * FEW_ROWS, s.fedge, p0 * width, width, tile);
                    else skernel12x2(kb, ap, p0 * FEW_ROWS, b, bo + p0 * bs0 + j0, bs0, tile);
                    smerge(tile, width, m, w, c, co + j0 * cs1, cs0, cs1, accumulate || p0 > 0);
                }
            }
        });
    }

    /**
     * Reads one float per cache line of rows × w floats (rows stride apart), in order, so the lines arrive as streams;
     * the caller keeps what it returns (in {@code Scratch.touched}) so that the reads are not optimised away. The bits
     * are combined by xor, which has no latency to wait on, unlike a sum of floats.
     */
    private static int touch(float[] b, int at, int stride, int rows, int w) {
        int bits = 0;
        for (int p = 0; p < rows; p++, at += stride)
            for (int j = 0; j < w; j += LINE_FLOATS) bits ^= Float.floatToRawIntBits(b[at + j]);
        return bits;
    }

    /** {@link #touch(float[], int, int, int, int)} for doubles, one per cache line of eight. */
    private static int touch(double[] b, int at, int stride, int rows, int w) {
        int bits = 0;
        for (int p = 0; p < rows; p++, at += stride)
            for (int j = 0; j < w; j += LINE_FLOATS / 2) bits ^= (int) Double.doubleToRawLongBits(b[at + j]);
        return bits;
    }

    /** The 12 × 2-vector micro-kernel: tile[12 × 2FV] = A's packed 12-row micro-panel · kc rows of B (ldb apart). */
    private static void skernel12x2(int kc, float[] ap, int ai, float[] bp, int bi, int ldb, float[] tile) {
        FloatVector c00 = FloatVector.zero(FS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00,
                c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00,
                c80 = c00, c81 = c00, c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        for (int p = 0, bq = bi, aq = ai; p < kc; p++, bq += ldb, aq += FEW_ROWS) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bq), b1 = FloatVector.fromArray(FS, bp, bq + FV);
            FloatVector x = FloatVector.broadcast(FS, ap[aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
            x = FloatVector.broadcast(FS, ap[aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
            x = FloatVector.broadcast(FS, ap[aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
            x = FloatVector.broadcast(FS, ap[aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
            x = FloatVector.broadcast(FS, ap[aq + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
            x = FloatVector.broadcast(FS, ap[aq + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
            x = FloatVector.broadcast(FS, ap[aq + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
            x = FloatVector.broadcast(FS, ap[aq + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
            x = FloatVector.broadcast(FS, ap[aq + 8]);
            c80 = b0.lanewise(FMA, x, c80); c81 = b1.lanewise(FMA, x, c81);
            x = FloatVector.broadcast(FS, ap[aq + 9]);
            c90 = b0.lanewise(FMA, x, c90); c91 = b1.lanewise(FMA, x, c91);
            x = FloatVector.broadcast(FS, ap[aq + 10]);
            ca0 = b0.lanewise(FMA, x, ca0); ca1 = b1.lanewise(FMA, x, ca1);
            x = FloatVector.broadcast(FS, ap[aq + 11]);
            cb0 = b0.lanewise(FMA, x, cb0); cb1 = b1.lanewise(FMA, x, cb1);
        }
        int w = 2 * FV;
        c00.intoArray(tile, 0); c01.intoArray(tile, FV);
        c10.intoArray(tile, w); c11.intoArray(tile, w + FV);
        c20.intoArray(tile, 2 * w); c21.intoArray(tile, 2 * w + FV);
        c30.intoArray(tile, 3 * w); c31.intoArray(tile, 3 * w + FV);
        c40.intoArray(tile, 4 * w); c41.intoArray(tile, 4 * w + FV);
        c50.intoArray(tile, 5 * w); c51.intoArray(tile, 5 * w + FV);
        c60.intoArray(tile, 6 * w); c61.intoArray(tile, 6 * w + FV);
        c70.intoArray(tile, 7 * w); c71.intoArray(tile, 7 * w + FV);
        c80.intoArray(tile, 8 * w); c81.intoArray(tile, 8 * w + FV);
        c90.intoArray(tile, 9 * w); c91.intoArray(tile, 9 * w + FV);
        ca0.intoArray(tile, 10 * w); ca1.intoArray(tile, 10 * w + FV);
        cb0.intoArray(tile, 11 * w); cb1.intoArray(tile, 11 * w + FV);
    }

    /** Small products: one row of C at a time, vectors along a unit-stride row of B, else plain dot products. */
    private static void sdirect(int m, int n, int k, float[] a, int ao, int as0, int as1, float[] b, int bo, int bs0,
                                int bs1, float[] c, int co, int cs0, int cs1, boolean add) {
        for (int i = 0; i < m; i++) {
            int ar = ao + i * as0, cr = co + i * cs0;
            if (bs1 == 1 && cs1 == 1) {
                for (int j = 0; j < n; j += FV) {
                    VectorMask<Float> in = FS.indexInRange(j, n);
                    FloatVector acc = FloatVector.zero(FS);
                    for (int p = 0; p < k; p++)
                        acc = FloatVector.fromArray(FS, b, bo + p * bs0 + j, in)
                                .lanewise(FMA, FloatVector.broadcast(FS, a[ar + p * as1]), acc);
                    if (add) acc = acc.add(FloatVector.fromArray(FS, c, cr + j, in));
                    acc.intoArray(c, cr + j, in);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p = 0; p < k; p++) sum = Math.fma(a[ar + p * as1], b[bo + p * bs0 + j * bs1], sum);
                    int at = cr + j * cs1;
                    c[at] = add ? c[at] + sum : sum;
                }
            }
        }
    }

    // =============================================================================================================
    // float64: the same algorithm on DoubleVector (MR × 3 vectors of doubles)
    // =============================================================================================================

    /** C[m×n] = A[m×k]·B[k×n] (or += when accumulate) in float64. */
    static void dgemm(int m, int n, int k, double[] a, int ao, int as0, int as1, double[] b, int bo, int bs0, int bs1,
                      double[] c, int co, int cs0, int cs1, boolean accumulate) {
        dgemm(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, c, null, co, cs0, cs1, accumulate);
    }

    /**
     * A[m×k]·B[k×n] into a new contiguous [m×n] array that output makes, on whichever thread starts first while the
     * other packs, when the JVM zero-fills an array that large (Note [Making a large output while the other thread packs]).
     */
    static double[] dproduct(int m, int n, int k, double[] a, int ao, int as0, int as1, double[] b, int bo, int bs0,
                             int bs1, Supplier<double[]> output) {
        return dgemm(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, null, output, 0, n, 1, false);
    }

    /** {@link #dgemm} into the given C or, without one, into a new one from output ({@link #dproduct}); returns C. */
    private static double[] dgemm(int m, int n, int k, double[] a, int ao, int as0, int as1, double[] b, int bo,
                                  int bs0, int bs1, double[] given, Supplier<double[]> output, int co, int cs0, int cs1,
                                  boolean accumulate) {
        if (given == null && makesOutputWhilePacking(m, n, k, bs1, Double.BYTES)) {
            NewOutput<double[]> out = new NewOutput<>(null, output);
            if (stripWidth(n, sliceDepth(k, DKC), DNR, DSTRIP) < n) { // Note [Products wider than a strip]
                dcolumns(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, out, 0, n, 1, false);
                return out.poll();
            }
            int panels = ceilDiv(n, DNR);
            MemorySegment bp = SCRATCH.get().packedB((long) panels * DNR * k * Double.BYTES);
            AtomicInteger nextPanel = new AtomicInteger();
            // the first thread here makes the output, the other packs B's panels, then both pack what is left
            Parallel.forRange(0, 2, 1, (x0, x1) -> {
                out.claim();
                for (int q; (q = nextPanel.getAndIncrement()) < panels; ) dpackB(b, bo, bs0, bs1, k, n, q, q + 1, bp);
            });
            dstrip(m, n, k, a, ao, as0, as1, bp, b, bo, bs0, bs1, false, out.poll(), 0, n, 1, false, true);
            return out.poll();
        }
        double[] c = given != null ? given : output.get();
        if (m == 0 || n == 0) return c;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[co + i * cs0 + j * cs1] = 0.0;
            return c;
        }
        if ((long) m * n * k <= DIRECT_FMAS) {
            ddirect(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, c, co, cs0, cs1, accumulate);
            return c;
        }
        if (as1 == 1 && bs0 == 1 && n <= DDOT_COLUMNS && k >= DOT_VECTORS * DV) { // Note [Narrow products as dot products]
            ddots(m, n, k, a, ao, as0, b, bo, bs1, c, co, cs0, cs1, accumulate);
            return c;
        }
        boolean inPlace = readsBInPlace(m, n, k, bs1, Double.BYTES);
        int depth = sliceDepth(k, DKC);
        if (!inPlace && stripWidth(n, depth, DNR, DSTRIP) < n) { // Note [Products wider than a strip]
            dcolumns(m, n, k, a, ao, as0, as1, b, bo, bs0, bs1, new NewOutput<>(c, null), co, cs0, cs1, accumulate);
            return c;
        }
        // one strip: B read in place (as readsBInPlace decides) or packed, the rows or panels split
        dstrip(m, n, k, a, ao, as0, as1, null, b, bo, bs0, bs1, inPlace, c, co, cs0, cs1, accumulate,
                splits(m, n, k, Double.BYTES));
        return c;
    }

    /** {@link #sstrip} in float64. */
    private static void dstrip(int m, int n, int k, double[] a, int ao, int as0, int as1, MemorySegment given,
                               double[] b, int bo, int bs0, int bs1, boolean inPlace, double[] c, int co, int cs0,
                               int cs1, boolean accumulate, boolean parallel) {
        int panels = ceilDiv(n, DNR), rowBlocks = ceilDiv(m, MR);
        boolean readC = readsCFirst(m, n, k, Double.BYTES, accumulate, cs1);
        boolean rows = rowBlocks >= 2 * Parallel.threads() || !parallel;
        MemorySegment shared = given == null && !inPlace && parallel && rows && (long) k * n * Double.BYTES > ownBBytes
                ? dpackShared(b, bo, bs0, bs1, k, n) : given;
        double[] bIn = inPlace ? b : null;
        Object product = new Object(); // what each thread's packing of B is for
        if (rows) {
            int grain = (int) Math.max(1, GRAIN_FMAS / ((long) MR * n * k));
            Parallel.forRange(0, rowBlocks, parallel ? grain : rowBlocks, (r0, r1) -> dmacro(
                    r0 * MR, Math.min(m, r1 * MR), 0, panels, n, k, a, ao, as0, as1, null, null, false,
                    dpanels(shared, b, bo, bs0, bs1, inPlace, k, n, 0, panels, product), bIn, bo, bs0, c, co, cs0, cs1,
                    accumulate, readC));
        } else {
            int grain = (int) Math.max(1, GRAIN_FMAS / ((long) m * DNR * k));
            Parallel.forRange(0, panels, grain, (q0, q1) -> dmacro(
                    0, m, q0, q1, n, k, a, ao, as0, as1, null, null, false,
                    dpanels(shared, b, bo, bs0, bs1, inPlace, k, n, q0, q1, product), bIn, bo, bs0, c, co, cs0, cs1,
                    accumulate, readC));
        }
    }

    /** {@link #spackShared} in float64. */
    private static MemorySegment dpackShared(double[] b, int bo, int bs0, int bs1, int k, int n) {
        int panels = ceilDiv(n, DNR);
        MemorySegment bp = SCRATCH.get().packedB((long) panels * DNR * k * Double.BYTES);
        Parallel.forRange(0, panels, 1, (q0, q1) -> dpackB(b, bo, bs0, bs1, k, n, q0, q1, bp));
        return bp;
    }

    /** {@link #spanels} in float64. */
    private static MemorySegment dpanels(MemorySegment packed, double[] b, int bo, int bs0, int bs1, boolean inPlace,
                                         int k, int n, int q0, int q1, Object product) {
        if (packed != null) return packed;
        int panels = ceilDiv(n, DNR);
        if (inPlace && (q1 < panels || n % DNR == 0)) return null; // whole panels, read where they are
        int from = inPlace ? panels - 1 : q0;
        return SCRATCH.get().packedPart((long) panels * DNR * k * Double.BYTES, product, from,
                into -> dpackB(b, bo, bs0, bs1, k, n, from, q1, into));
    }

    /** {@link #scolumns} in float64. */
    private static void dcolumns(int m, int n, int k, double[] a, int ao, int as0, int as1, double[] b, int bo, int bs0,
                                 int bs1, NewOutput<double[]> out, int co, int cs0, int cs1, boolean accumulate) {
        int depth = sliceDepth(k, DKC), rows = chunkRows(m, k, Double.BYTES);
        int strips = stripCount(n, depth, DNR, columnStrip(Math.min(rows, m), k, depth, Double.BYTES, DCOLUMN_STRIP,
                DWIDE_COLUMN_STRIP));
        for (int i = 0; i < m; i += rows)
            dcolumnRows(Math.min(rows, m - i), n, k, a, ao + i * as0, as0, as1, b, bo, bs0, bs1, out, co + i * cs0, cs0,
                    cs1, accumulate, strips);
    }

    /** {@link #scolumnRows} in float64. */
    private static void dcolumnRows(int m, int n, int k, double[] a, int ao, int as0, int as1, double[] b, int bo,
                                    int bs0, int bs1, NewOutput<double[]> out, int co, int cs0, int cs1,
                                    boolean accumulate, int strips) {
        Scratch own = SCRATCH.get();
        int rowBlocks = ceilDiv(m, MR), allPanels = ceilDiv(n, DNR);
        if (own.dshared.length < rowBlocks * MR * k) own.dshared = new double[rowBlocks * MR * k];
        double[] ap = own.dshared;
        boolean parallel = splits(m, n, k, Double.BYTES);
        StripSchedule schedule = new StripSchedule(strips, rowBlocks, parallel ? Parallel.threads() : 1);
        Parallel.forRange(0, schedule.items(), parallel ? 1 : schedule.items(), (i0, i1) -> {
            Scratch s = SCRATCH.get();
            out.claim();
            for (int item = i0; item < i1; item++) {
                int t = schedule.strip(item);
                int q0 = stripStart(t, allPanels, strips), panels = stripStart(t + 1, allPanels, strips) - q0;
                int jc = q0 * DNR, width = Math.min(n - jc, panels * DNR);
                MemorySegment bp = s.packedPart((long) panels * DNR * k * Double.BYTES, schedule, t,
                        into -> dpackB(b, bo + jc * bs1, bs0, bs1, k, width, 0, panels, into));
                double[] c = out.poll();
                for (int r = 0; c == null; c = out.poll(), r++) { // another thread is making it: pack A meanwhile
                    if (r < rowBlocks) dpackRowBlock(schedule, r, Math.min(MR, m - r * MR), k, a, ao, as0, as1, ap);
                    else Thread.onSpinWait();
                }
                dmacro(schedule.firstRowBlock(item) * MR, Math.min(m, schedule.endRowBlock(item) * MR), 0, panels,
                        width, k, a, ao, as0, as1, ap, schedule, s.nextDescending(schedule), bp, null, 0, 0, c,
                        co + jc * cs1, cs0, cs1, accumulate, false);
            }
        });
    }

    /** {@link #spackRowBlock} in float64. */
    private static void dpackRowBlock(StripSchedule schedule, int r, int mr, int k, double[] a, int ao, int as0,
                                      int as1, double[] ap) {
        if (!schedule.claim(r)) return;
        try {
            int depth = sliceDepth(k, DKC);
            for (int pc = 0; pc < k; pc += depth)
                dpackA(a, ao + r * MR * as0 + pc * as1, as0, as1, mr, Math.min(depth, k - pc), ap, r * MR * k + pc * MR);
        } catch (Throwable e) {
            schedule.abandoned(r);
            throw e;
        }
        schedule.packed(r);
    }

    /** {@link #smacro} in float64. */
    private static void dmacro(int i0, int i1, int q0, int q1, int width, int k, double[] a, int ao, int as0, int as1,
                               double[] packedA, StripSchedule schedule, boolean descending, MemorySegment bp,
                               double[] bIn, int bInBase, int bInStride, double[] c, int co, int cs0, int cs1,
                               boolean accumulate, boolean readC) {
        Scratch s = SCRATCH.get();
        double[] ap = packedA != null ? packedA : s.da, tile = s.dtile;
        int depth = sliceDepth(k, DKC), blocks = ceilDiv(i1 - i0, MR);
        if (readC) s.touched ^= touch(c, co + i0 * cs0 + q0 * DNR, cs0, i1 - i0, Math.min(width, q1 * DNR) - q0 * DNR);
        for (int pc = 0; pc < k; pc += depth) {
            int kc = Math.min(depth, k - pc);
            boolean add = accumulate || pc > 0;
            for (int block = 0; block < blocks; block++) {
                int i = i0 + (descending ? blocks - 1 - block : block) * MR;
                int mr = Math.min(MR, i1 - i);
                int ai = 0;
                if (packedA == null) {
                    dpackA(a, ao + i * as0 + pc * as1, as0, as1, mr, kc, ap, 0);
                } else { // the slice of this micro-panel, packed whole
                    if (pc == 0) dpackRowBlock(schedule, i / MR, mr, k, a, ao, as0, as1, packedA);
                    ai = i / MR * MR * k + pc * MR;
                }
                boolean whole = mr == MR && cs1 == 1; // else the kernel writes a tile, merged into C after
                for (int q = q0; q < q1; q++) {
                    int nr = Math.min(DNR, width - q * DNR), ldb = panelStride(nr, DNR, DV);
                    int bi = q * DNR * k + pc * ldb, ci = co + i * cs0 + q * DNR * cs1;
                    // a narrow last panel runs the kernel of its width in vectors (a 32-wide edge through the
                    // one-vector kernel twice measured at half the speed); a partial tile goes through the scratch tile
                    int vectors = ceilDiv(nr, DV);
                    boolean direct = whole && nr == vectors * DV;
                    double[] dst = direct ? c : tile;
                    int di = direct ? ci : 0, ldd = direct ? cs0 : vectors * DV;
                    if (nr == DNR && bIn != null) // a whole panel read where it is
                        dkernel3(kc, ap, ai, bIn, bInBase + q * DNR + pc * bInStride, bInStride, dst, di, ldd,
                                direct && add);
                    else if (vectors == 3) dkernel3(kc, ap, ai, bp, bi, ldb, dst, di, ldd, direct && add);
                    else if (vectors == 2) dkernel2(kc, ap, ai, bp, bi, ldb, dst, di, ldd, direct && add);
                    else dkernel1(kc, ap, ai, bp, bi, ldb, dst, di, ldd, direct && add);
                    if (!direct) dmerge(tile, vectors * DV, mr, nr, c, ci, cs0, cs1, add);
                }
            }
        }
    }

    private static void dpackA(double[] a, int base, int as0, int as1, int mr, int kc, double[] ap, int at) {
        if (mr == MR && as1 == 1 && DV >= 4) {
            int p = 0;
            for (; p + DV <= kc; p += DV) dtranspose8(a, base + p, as0, ap, at + p * MR, DV);
            for (; p < kc; p++) for (int r = 0; r < MR; r++) ap[at + p * MR + r] = a[base + r * as0 + p];
            return;
        }
        if (mr == MR && as0 == 1 && MR % DV == 0) {
            for (int p = 0; p < kc; p++)
                for (int r = 0; r < MR; r += DV) DoubleVector.fromArray(DS, a, base + p * as1 + r).intoArray(ap, at + p * MR + r);
            return;
        }
        for (int r = 0; r < mr; r++) {
            int src = base + r * as0;
            for (int p = 0; p < kc; p++) ap[at + p * MR + r] = a[src + p * as1];
        }
        for (int r = mr; r < MR; r++) for (int p = 0; p < kc; p++) ap[at + p * MR + r] = 0.0;
    }

    private static void dpackB(double[] b, int base, int bs0, int bs1, int k, int width, int q0, int q1,
                               MemorySegment bp) {
        if (bs1 == 1) { // as spackB: row by row across the panels
            int whole = Math.max(q0, Math.min(q1, width / DNR)), j0 = whole * DNR, nr = width - j0;
            int ldb = panelStride(nr, DNR, DV), full = DS.loopBound(nr);
            long panelBytes = (long) DNR * k * Double.BYTES;
            for (int p = 0, row = base; p < k; p++, row += bs0) {
                long dst = q0 * panelBytes + (long) p * DNR * Double.BYTES;
                for (int q = q0, src = row + q0 * DNR; q < whole; q++, src += DNR, dst += panelBytes) {
                    DoubleVector.fromArray(DS, b, src).intoMemorySegment(bp, dst, NATIVE);
                    DoubleVector.fromArray(DS, b, src + DV).intoMemorySegment(bp, dst + DV * Double.BYTES, NATIVE);
                    if (DNR == 3 * DV)
                        DoubleVector.fromArray(DS, b, src + 2 * DV)
                                .intoMemorySegment(bp, dst + 2 * DV * Double.BYTES, NATIVE);
                }
                if (whole < q1) {
                    int src = row + j0, j = 0;
                    long at = (long) whole * DNR * k + (long) p * ldb;
                    for (; j < full; j += DV)
                        DoubleVector.fromArray(DS, b, src + j).intoMemorySegment(bp, (at + j) * Double.BYTES, NATIVE);
                    for (; j < nr; j++) bp.setAtIndex(F64, at + j, b[src + j]);
                    for (; j < ldb; j++) bp.setAtIndex(F64, at + j, 0.0);
                }
            }
            return;
        }
        double[] block = DV == 8 ? SCRATCH.get().dtile : null; // 8 × 8, for the register transpose
        for (int q = q0; q < q1; q++) {
            int j0 = q * DNR, nr = Math.min(DNR, width - j0), ldb = panelStride(nr, DNR, DV);
            long at = (long) q * DNR * k;
            int src = base + j0 * bs1, j = 0;
            if (bs0 == 1 && DV == 8) {
                for (; j + DV <= nr; j += DV) {
                    int p = 0;
                    for (; p + DV <= k; p += DV) {
                        dtranspose8(b, src + j * bs1 + p, bs1, block, 0, DV);
                        long d = at + (long) p * ldb + j;
                        for (int t = 0; t < DV; t++)
                            DoubleVector.fromArray(DS, block, t * DV)
                                    .intoMemorySegment(bp, (d + (long) t * ldb) * Double.BYTES, NATIVE);
                    }
                    for (; p < k; p++)
                        for (int x = j; x < j + DV; x++) bp.setAtIndex(F64, at + (long) p * ldb + x, b[src + x * bs1 + p]);
                }
            }
            for (; j < nr; j++)
                for (int p = 0; p < k; p++) bp.setAtIndex(F64, at + (long) p * ldb + j, b[src + j * bs1 + p * bs0]);
            if (nr < ldb)
                for (int p = 0; p < k; p++)
                    for (int x = nr; x < ldb; x++) bp.setAtIndex(F64, at + (long) p * ldb + x, 0.0);
        }
    }

    private static void dtranspose8(double[] src, int so, int ss, double[] dst, int d, int ds) {
        // on float views of the rows, with DLO and DHI's float indices
        FloatVector r0 = DoubleVector.fromArray(DS, src, so).reinterpretAsFloats();
        FloatVector r1 = DoubleVector.fromArray(DS, src, so + 1 * ss).reinterpretAsFloats();
        FloatVector r2 = DoubleVector.fromArray(DS, src, so + 2 * ss).reinterpretAsFloats();
        FloatVector r3 = DoubleVector.fromArray(DS, src, so + 3 * ss).reinterpretAsFloats();
        FloatVector r4 = DoubleVector.fromArray(DS, src, so + 4 * ss).reinterpretAsFloats();
        FloatVector r5 = DoubleVector.fromArray(DS, src, so + 5 * ss).reinterpretAsFloats();
        FloatVector r6 = DoubleVector.fromArray(DS, src, so + 6 * ss).reinterpretAsFloats();
        FloatVector r7 = DoubleVector.fromArray(DS, src, so + 7 * ss).reinterpretAsFloats();
        FloatVector t0 = DLO.selectFrom(r0, r4), t1 = DHI.selectFrom(r0, r4);
        FloatVector t2 = DLO.selectFrom(r1, r5), t3 = DHI.selectFrom(r1, r5);
        FloatVector t4 = DLO.selectFrom(r2, r6), t5 = DHI.selectFrom(r2, r6);
        FloatVector t6 = DLO.selectFrom(r3, r7), t7 = DHI.selectFrom(r3, r7);
        FloatVector u0 = DLO.selectFrom(t0, t4), u1 = DHI.selectFrom(t0, t4);
        FloatVector u2 = DLO.selectFrom(t1, t5), u3 = DHI.selectFrom(t1, t5);
        FloatVector u4 = DLO.selectFrom(t2, t6), u5 = DHI.selectFrom(t2, t6);
        FloatVector u6 = DLO.selectFrom(t3, t7), u7 = DHI.selectFrom(t3, t7);
        DLO.selectFrom(u0, u4).reinterpretAsDoubles().intoArray(dst, d);
        DHI.selectFrom(u0, u4).reinterpretAsDoubles().intoArray(dst, d + 1 * ds);
        DLO.selectFrom(u1, u5).reinterpretAsDoubles().intoArray(dst, d + 2 * ds);
        DHI.selectFrom(u1, u5).reinterpretAsDoubles().intoArray(dst, d + 3 * ds);
        DLO.selectFrom(u2, u6).reinterpretAsDoubles().intoArray(dst, d + 4 * ds);
        DHI.selectFrom(u2, u6).reinterpretAsDoubles().intoArray(dst, d + 5 * ds);
        DLO.selectFrom(u3, u7).reinterpretAsDoubles().intoArray(dst, d + 6 * ds);
        DHI.selectFrom(u3, u7).reinterpretAsDoubles().intoArray(dst, d + 7 * ds);
    }

    private static void dmerge(double[] tile, int ldt, int mr, int nr, double[] c, int ci, int cs0, int cs1, boolean add) {
        if (cs1 == 1) {
            int full = DS.loopBound(nr);
            for (int r = 0; r < mr; r++) {
                int t = r * ldt, at = ci + r * cs0, j = 0;
                for (; j < full; j += DV) {
                    DoubleVector v = DoubleVector.fromArray(DS, tile, t + j);
                    if (add) v = v.add(DoubleVector.fromArray(DS, c, at + j));
                    v.intoArray(c, at + j);
                }
                for (; j < nr; j++) c[at + j] = add ? c[at + j] + tile[t + j] : tile[t + j];
            }
            return;
        }
        for (int r = 0; r < mr; r++)
            for (int j = 0; j < nr; j++) {
                int at = ci + r * cs0 + j * cs1;
                c[at] = add ? c[at] + tile[r * ldt + j] : tile[r * ldt + j];
            }
    }

    /** {@link #skernel3} in float64: panel rows ldb doubles apart, bi the first's index in doubles. */
    private static void dkernel3(int kc, double[] ap, int ai, MemorySegment bp, int bi, int ldb, double[] c, int ci,
                                 int ldc, boolean add) {
        DoubleVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32,
                c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c00 = DoubleVector.fromArray(DS, c, ci); c01 = DoubleVector.fromArray(DS, c, ci + DV); c02 = DoubleVector.fromArray(DS, c, ci + 2 * DV);
            c10 = DoubleVector.fromArray(DS, c, r1); c11 = DoubleVector.fromArray(DS, c, r1 + DV); c12 = DoubleVector.fromArray(DS, c, r1 + 2 * DV);
            c20 = DoubleVector.fromArray(DS, c, r2); c21 = DoubleVector.fromArray(DS, c, r2 + DV); c22 = DoubleVector.fromArray(DS, c, r2 + 2 * DV);
            c30 = DoubleVector.fromArray(DS, c, r3); c31 = DoubleVector.fromArray(DS, c, r3 + DV); c32 = DoubleVector.fromArray(DS, c, r3 + 2 * DV);
            c40 = DoubleVector.fromArray(DS, c, r4); c41 = DoubleVector.fromArray(DS, c, r4 + DV); c42 = DoubleVector.fromArray(DS, c, r4 + 2 * DV);
            c50 = DoubleVector.fromArray(DS, c, r5); c51 = DoubleVector.fromArray(DS, c, r5 + DV); c52 = DoubleVector.fromArray(DS, c, r5 + 2 * DV);
            c60 = DoubleVector.fromArray(DS, c, r6); c61 = DoubleVector.fromArray(DS, c, r6 + DV); c62 = DoubleVector.fromArray(DS, c, r6 + 2 * DV);
            c70 = DoubleVector.fromArray(DS, c, r7); c71 = DoubleVector.fromArray(DS, c, r7 + DV); c72 = DoubleVector.fromArray(DS, c, r7 + 2 * DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c00;
            c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = c00;
        }
        long step = (long) ldb * Double.BYTES;
        long p = 0, bq = (long) bi * Double.BYTES, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2 * step, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq, NATIVE);
                DoubleVector b1 = DoubleVector.fromMemorySegment(DS, bp, bq + DV * Double.BYTES, NATIVE);
                DoubleVector b2 = DoubleVector.fromMemorySegment(DS, bp, bq + 2 * DV * Double.BYTES, NATIVE);
                DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
            {
                DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq + step, NATIVE);
                DoubleVector b1 = DoubleVector.fromMemorySegment(DS, bp, bq + step + DV * Double.BYTES, NATIVE);
                DoubleVector b2 = DoubleVector.fromMemorySegment(DS, bp, bq + step + 2 * DV * Double.BYTES, NATIVE);
                DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq + MR]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
        }
        if (p < kc) {
            DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq, NATIVE);
            DoubleVector b1 = DoubleVector.fromMemorySegment(DS, bp, bq + DV * Double.BYTES, NATIVE);
            DoubleVector b2 = DoubleVector.fromMemorySegment(DS, bp, bq + 2 * DV * Double.BYTES, NATIVE);
            DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + DV); c02.intoArray(c, ci + 2 * DV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + DV); c12.intoArray(c, r1 + 2 * DV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + DV); c22.intoArray(c, r2 + 2 * DV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + DV); c32.intoArray(c, r3 + 2 * DV);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + DV); c42.intoArray(c, r4 + 2 * DV);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + DV); c52.intoArray(c, r5 + 2 * DV);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + DV); c62.intoArray(c, r6 + 2 * DV);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + DV); c72.intoArray(c, r7 + 2 * DV);
    }

    /** {@link #dkernel3} over a B read where it is, a user's double[] (Note [Packed B off the heap]). */
    private static void dkernel3(int kc, double[] ap, int ai, double[] bp, int bi, int ldb, double[] c, int ci, int ldc,
                                 boolean add) {
        DoubleVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32,
                c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c00 = DoubleVector.fromArray(DS, c, ci); c01 = DoubleVector.fromArray(DS, c, ci + DV); c02 = DoubleVector.fromArray(DS, c, ci + 2 * DV);
            c10 = DoubleVector.fromArray(DS, c, r1); c11 = DoubleVector.fromArray(DS, c, r1 + DV); c12 = DoubleVector.fromArray(DS, c, r1 + 2 * DV);
            c20 = DoubleVector.fromArray(DS, c, r2); c21 = DoubleVector.fromArray(DS, c, r2 + DV); c22 = DoubleVector.fromArray(DS, c, r2 + 2 * DV);
            c30 = DoubleVector.fromArray(DS, c, r3); c31 = DoubleVector.fromArray(DS, c, r3 + DV); c32 = DoubleVector.fromArray(DS, c, r3 + 2 * DV);
            c40 = DoubleVector.fromArray(DS, c, r4); c41 = DoubleVector.fromArray(DS, c, r4 + DV); c42 = DoubleVector.fromArray(DS, c, r4 + 2 * DV);
            c50 = DoubleVector.fromArray(DS, c, r5); c51 = DoubleVector.fromArray(DS, c, r5 + DV); c52 = DoubleVector.fromArray(DS, c, r5 + 2 * DV);
            c60 = DoubleVector.fromArray(DS, c, r6); c61 = DoubleVector.fromArray(DS, c, r6 + DV); c62 = DoubleVector.fromArray(DS, c, r6 + 2 * DV);
            c70 = DoubleVector.fromArray(DS, c, r7); c71 = DoubleVector.fromArray(DS, c, r7 + DV); c72 = DoubleVector.fromArray(DS, c, r7 + 2 * DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c00;
            c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = c00;
        }
        // Note [Long induction variables in the array kernels]
        long p = 0, bq = bi, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2L * ldb, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                DoubleVector b0 = DoubleVector.fromArray(DS, bp, (int) bq);
                DoubleVector b1 = DoubleVector.fromArray(DS, bp, (int) bq + DV);
                DoubleVector b2 = DoubleVector.fromArray(DS, bp, (int) bq + 2 * DV);
                DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
            {
                DoubleVector b0 = DoubleVector.fromArray(DS, bp, (int) bq + ldb);
                DoubleVector b1 = DoubleVector.fromArray(DS, bp, (int) bq + ldb + DV);
                DoubleVector b2 = DoubleVector.fromArray(DS, bp, (int) bq + ldb + 2 * DV);
                DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq + MR]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
            }
        }
        if (p < kc) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, (int) bq);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, (int) bq + DV);
            DoubleVector b2 = DoubleVector.fromArray(DS, bp, (int) bq + 2 * DV);
            DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01); c02 = b2.lanewise(FMA, x, c02);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11); c12 = b2.lanewise(FMA, x, c12);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21); c22 = b2.lanewise(FMA, x, c22);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31); c32 = b2.lanewise(FMA, x, c32);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41); c42 = b2.lanewise(FMA, x, c42);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51); c52 = b2.lanewise(FMA, x, c52);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61); c62 = b2.lanewise(FMA, x, c62);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71); c72 = b2.lanewise(FMA, x, c72);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + DV); c02.intoArray(c, ci + 2 * DV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + DV); c12.intoArray(c, r1 + 2 * DV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + DV); c22.intoArray(c, r2 + 2 * DV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + DV); c32.intoArray(c, r3 + 2 * DV);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + DV); c42.intoArray(c, r4 + 2 * DV);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + DV); c52.intoArray(c, r5 + 2 * DV);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + DV); c62.intoArray(c, r6 + 2 * DV);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + DV); c72.intoArray(c, r7 + 2 * DV);
    }

    /** Rows 0-3 of {@link #dkernel2}'s tile (ai and ci at its first row; A's micro-panel is still MR rows wide). */
    private static void dkernel2x4(int kc, double[] ap, int ai, MemorySegment bp, int bi, int ldb, double[] c, int ci,
                                   int ldc, boolean add) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (add) {
            c00 = DoubleVector.fromArray(DS, c, ci); c01 = DoubleVector.fromArray(DS, c, ci + DV);
            c10 = DoubleVector.fromArray(DS, c, r1); c11 = DoubleVector.fromArray(DS, c, r1 + DV);
            c20 = DoubleVector.fromArray(DS, c, r2); c21 = DoubleVector.fromArray(DS, c, r2 + DV);
            c30 = DoubleVector.fromArray(DS, c, r3); c31 = DoubleVector.fromArray(DS, c, r3 + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c00;
        }
        long step = (long) ldb * Double.BYTES;
        for (long p = 0, bq = (long) bi * Double.BYTES, aq = ai; p < kc; p++, bq += step, aq += MR) {
            DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq, NATIVE);
            DoubleVector b1 = DoubleVector.fromMemorySegment(DS, bp, bq + DV * Double.BYTES, NATIVE);
            DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + DV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + DV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + DV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + DV);
    }

    /** The MR × 2-vector micro-kernel for a last panel of two vectors (panel rows ldb apart). */
    private static void dkernel2(int kc, double[] ap, int ai, MemorySegment bp, int bi, int ldb, double[] c, int ci,
                                 int ldc, boolean add) {
        if (DV == 4) { // Note [Two-vector panels with AVX2]
            dkernel2x4(kc, ap, ai, bp, bi, ldb, c, ci, ldc, add);
            dkernel2x4(kc, ap, ai + 4, bp, bi, ldb, c, ci + 4 * ldc, ldc, add);
            return;
        }
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c00 = DoubleVector.fromArray(DS, c, ci); c01 = DoubleVector.fromArray(DS, c, ci + DV);
            c10 = DoubleVector.fromArray(DS, c, r1); c11 = DoubleVector.fromArray(DS, c, r1 + DV);
            c20 = DoubleVector.fromArray(DS, c, r2); c21 = DoubleVector.fromArray(DS, c, r2 + DV);
            c30 = DoubleVector.fromArray(DS, c, r3); c31 = DoubleVector.fromArray(DS, c, r3 + DV);
            c40 = DoubleVector.fromArray(DS, c, r4); c41 = DoubleVector.fromArray(DS, c, r4 + DV);
            c50 = DoubleVector.fromArray(DS, c, r5); c51 = DoubleVector.fromArray(DS, c, r5 + DV);
            c60 = DoubleVector.fromArray(DS, c, r6); c61 = DoubleVector.fromArray(DS, c, r6 + DV);
            c70 = DoubleVector.fromArray(DS, c, r7); c71 = DoubleVector.fromArray(DS, c, r7 + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }
        long step = (long) ldb * Double.BYTES;
        long p = 0, bq = (long) bi * Double.BYTES, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2 * step, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq, NATIVE);
                DoubleVector b1 = DoubleVector.fromMemorySegment(DS, bp, bq + DV * Double.BYTES, NATIVE);
                DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
                x = DoubleVector.broadcast(DS, ap[(int) aq + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
            }
            {
                DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq + step, NATIVE);
                DoubleVector b1 = DoubleVector.fromMemorySegment(DS, bp, bq + step + DV * Double.BYTES, NATIVE);
                DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq + MR]);
                c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 1]);
                c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 2]);
                c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 3]);
                c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 4]);
                c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 5]);
                c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 6]);
                c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
                x = DoubleVector.broadcast(DS, ap[(int) aq + MR + 7]);
                c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
            }
        }
        if (p < kc) {
            DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq, NATIVE);
            DoubleVector b1 = DoubleVector.fromMemorySegment(DS, bp, bq + DV * Double.BYTES, NATIVE);
            DoubleVector x = DoubleVector.broadcast(DS, ap[(int) aq]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
            x = DoubleVector.broadcast(DS, ap[(int) aq + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + DV);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + DV);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + DV);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + DV);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + DV);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + DV);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + DV);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + DV);
    }

    private static void dkernel1(int kc, double[] ap, int ai, MemorySegment bp, int bi, int ldb, double[] c, int ci,
                                 int ldc, boolean add) {
        DoubleVector c0, c1, c2, c3, c4, c5, c6, c7;
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (add) {
            c0 = DoubleVector.fromArray(DS, c, ci);
            c1 = DoubleVector.fromArray(DS, c, r1);
            c2 = DoubleVector.fromArray(DS, c, r2);
            c3 = DoubleVector.fromArray(DS, c, r3);
            c4 = DoubleVector.fromArray(DS, c, r4);
            c5 = DoubleVector.fromArray(DS, c, r5);
            c6 = DoubleVector.fromArray(DS, c, r6);
            c7 = DoubleVector.fromArray(DS, c, r7);
        } else {
            c0 = DoubleVector.zero(DS);
            c1 = c2 = c3 = c4 = c5 = c6 = c7 = c0;
        }
        long step = (long) ldb * Double.BYTES;
        long p = 0, bq = (long) bi * Double.BYTES, aq = ai;
        for (; p + 1 < kc; p += 2, bq += 2 * step, aq += 2 * MR) { // Note [Two steps of k per iteration]
            {
                DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq, NATIVE);
                c0 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq]), c0);
                c1 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 1]), c1);
                c2 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 2]), c2);
                c3 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 3]), c3);
                c4 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 4]), c4);
                c5 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 5]), c5);
                c6 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 6]), c6);
                c7 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 7]), c7);
            }
            {
                DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq + step, NATIVE);
                c0 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR]), c0);
                c1 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR + 1]), c1);
                c2 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR + 2]), c2);
                c3 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR + 3]), c3);
                c4 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR + 4]), c4);
                c5 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR + 5]), c5);
                c6 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR + 6]), c6);
                c7 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + MR + 7]), c7);
            }
        }
        if (p < kc) {
            DoubleVector b0 = DoubleVector.fromMemorySegment(DS, bp, bq, NATIVE);
            c0 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq]), c0);
            c1 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 1]), c1);
            c2 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 2]), c2);
            c3 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 3]), c3);
            c4 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 4]), c4);
            c5 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 5]), c5);
            c6 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 6]), c6);
            c7 = b0.lanewise(FMA, DoubleVector.broadcast(DS, ap[(int) aq + 7]), c7);
        }
        c0.intoArray(c, ci); c1.intoArray(c, r1); c2.intoArray(c, r2); c3.intoArray(c, r3);
        c4.intoArray(c, r4); c5.intoArray(c, r5); c6.intoArray(c, r6); c7.intoArray(c, r7);
    }

    /** {@link #sdots} in float64. */
    private static void ddots(int m, int n, int k, double[] a, int ao, int as0, double[] b, int bo, int bs1, double[] c,
                              int co, int cs0, int cs1, boolean accumulate) {
        int quads = ceilDiv(m, 4), full = DS.loopBound(k);
        boolean parallel = splits(m, n, k, Double.BYTES);
        int grain = parallel ? (int) Math.max(1, GRAIN_FMAS / (4L * n * k)) : quads;
        Parallel.forRange(0, quads, grain, (q0, q1) -> {
            double[] sums = new double[DOT_SUMS_COLUMN4 + DV]; // ddot4x5's (dotLanes)
            for (int q = q0; q < q1; q++) {
                int i0 = 4 * q, rows = Math.min(4, m - i0), j = 0;
                if (rows == 4)
                    for (; j + 5 <= n; j += 5)
                        ddot4x5(full, a, ao + i0 * as0, as0, b, bo + j * bs1, bs1, c, co + i0 * cs0 + j * cs1, cs0, cs1,
                                accumulate, sums);
                for (int i = i0; i < i0 + rows; i++) { // what the 4×5 blocks left: one dot product at a time
                    for (int jj = rows == 4 ? j : 0; jj < n; jj++) {
                        int ar = ao + i * as0, br = bo + jj * bs1, at = co + i * cs0 + jj * cs1;
                        DoubleVector acc = DoubleVector.zero(DS);
                        for (int p = 0; p < full; p += DV)
                            acc = DoubleVector.fromArray(DS, a, ar + p)
                                    .lanewise(FMA, DoubleVector.fromArray(DS, b, br + p), acc);
                        double sum = LaneSums.sum(acc);
                        c[at] = accumulate ? c[at] + sum : sum;
                    }
                    // the last k % DV terms of every dot product in this row
                    if (full < k)
                        for (int jj = 0; jj < n; jj++) {
                            int ar = ao + i * as0, br = bo + jj * bs1;
                            double sum = 0.0;
                            for (int p = full; p < k; p++) sum = Math.fma(a[ar + p], b[br + p], sum);
                            c[co + i * cs0 + jj * cs1] += sum;
                        }
                }
            }
        });
    }

    private static void ddot4x5(int kv, double[] a, int ai, int lda, double[] w, int wi, int ldw, double[] c, int ci,
                                int cs0, int cs1, boolean add, double[] sums) {
        DoubleVector s00 = DoubleVector.zero(DS), s01 = s00, s02 = s00, s03 = s00, s04 = s00, s10 = s00, s11 = s00,
                s12 = s00, s13 = s00, s14 = s00, s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00, s30 = s00,
                s31 = s00, s32 = s00, s33 = s00, s34 = s00;
        int a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda, w1 = wi + ldw, w2 = w1 + ldw, w3 = w2 + ldw, w4 = w3 + ldw;
        for (int p = 0; p < kv; p += DV) {
            DoubleVector x0 = DoubleVector.fromArray(DS, a, ai + p), x1 = DoubleVector.fromArray(DS, a, a1 + p);
            DoubleVector x2 = DoubleVector.fromArray(DS, a, a2 + p), x3 = DoubleVector.fromArray(DS, a, a3 + p);
            DoubleVector y = DoubleVector.fromArray(DS, w, wi + p);
            s00 = x0.lanewise(FMA, y, s00); s10 = x1.lanewise(FMA, y, s10);
            s20 = x2.lanewise(FMA, y, s20); s30 = x3.lanewise(FMA, y, s30);
            y = DoubleVector.fromArray(DS, w, w1 + p);
            s01 = x0.lanewise(FMA, y, s01); s11 = x1.lanewise(FMA, y, s11);
            s21 = x2.lanewise(FMA, y, s21); s31 = x3.lanewise(FMA, y, s31);
            y = DoubleVector.fromArray(DS, w, w2 + p);
            s02 = x0.lanewise(FMA, y, s02); s12 = x1.lanewise(FMA, y, s12);
            s22 = x2.lanewise(FMA, y, s22); s32 = x3.lanewise(FMA, y, s32);
            y = DoubleVector.fromArray(DS, w, w3 + p);
            s03 = x0.lanewise(FMA, y, s03); s13 = x1.lanewise(FMA, y, s13);
            s23 = x2.lanewise(FMA, y, s23); s33 = x3.lanewise(FMA, y, s33);
            y = DoubleVector.fromArray(DS, w, w4 + p);
            s04 = x0.lanewise(FMA, y, s04); s14 = x1.lanewise(FMA, y, s14);
            s24 = x2.lanewise(FMA, y, s24); s34 = x3.lanewise(FMA, y, s34);
        }
        // folded together as sdot4x5's sums (Note [Lane sums in a fixed order] in LaneSums)
        if (DV == 8) { // rows 0-1, columns 0-3 into sums[0, 8); rows 2-3 into [8, 16); column 4 into [16, 24)
            DoubleVector u0 = s00.add(s00.rearrange(DX4)).blend(s01.add(s01.rearrange(DX4)), DM4);
            DoubleVector u1 = s02.add(s02.rearrange(DX4)).blend(s03.add(s03.rearrange(DX4)), DM4);
            DoubleVector u2 = s10.add(s10.rearrange(DX4)).blend(s11.add(s11.rearrange(DX4)), DM4);
            DoubleVector u3 = s12.add(s12.rearrange(DX4)).blend(s13.add(s13.rearrange(DX4)), DM4);
            DoubleVector v0 = u0.add(u0.rearrange(DX2)).blend(u1.add(u1.rearrange(DX2)), DM2);
            DoubleVector v1 = u2.add(u2.rearrange(DX2)).blend(u3.add(u3.rearrange(DX2)), DM2);
            v0.add(v0.rearrange(DX1)).blend(v1.add(v1.rearrange(DX1)), DM1).intoArray(sums, 0);
            u0 = s20.add(s20.rearrange(DX4)).blend(s21.add(s21.rearrange(DX4)), DM4);
            u1 = s22.add(s22.rearrange(DX4)).blend(s23.add(s23.rearrange(DX4)), DM4);
            u2 = s30.add(s30.rearrange(DX4)).blend(s31.add(s31.rearrange(DX4)), DM4);
            u3 = s32.add(s32.rearrange(DX4)).blend(s33.add(s33.rearrange(DX4)), DM4);
            v0 = u0.add(u0.rearrange(DX2)).blend(u1.add(u1.rearrange(DX2)), DM2);
            v1 = u2.add(u2.rearrange(DX2)).blend(u3.add(u3.rearrange(DX2)), DM2);
            v0.add(v0.rearrange(DX1)).blend(v1.add(v1.rearrange(DX1)), DM1).intoArray(sums, DV);
            DoubleVector e0 = s04.add(s04.rearrange(DX4)).blend(s14.add(s14.rearrange(DX4)), DM4);
            DoubleVector e1 = s24.add(s24.rearrange(DX4)).blend(s34.add(s34.rearrange(DX4)), DM4);
            DoubleVector e = e0.add(e0.rearrange(DX2)).blend(e1.add(e1.rearrange(DX2)), DM2);
            e.add(e.rearrange(DX1)).intoArray(sums, DOT_SUMS_COLUMN4);
        } else if (DV == 4) { // row r, columns 0-3 into sums[4r, 4r + 4); column 4 into [16, 20)
            DoubleVector u0a = s00.add(s00.rearrange(DX2)).blend(s01.add(s01.rearrange(DX2)), DM2);
            DoubleVector u0b = s02.add(s02.rearrange(DX2)).blend(s03.add(s03.rearrange(DX2)), DM2);
            u0a.add(u0a.rearrange(DX1)).blend(u0b.add(u0b.rearrange(DX1)), DM1).intoArray(sums, 0);
            DoubleVector u1a = s10.add(s10.rearrange(DX2)).blend(s11.add(s11.rearrange(DX2)), DM2);
            DoubleVector u1b = s12.add(s12.rearrange(DX2)).blend(s13.add(s13.rearrange(DX2)), DM2);
            u1a.add(u1a.rearrange(DX1)).blend(u1b.add(u1b.rearrange(DX1)), DM1).intoArray(sums, 4);
            DoubleVector u2a = s20.add(s20.rearrange(DX2)).blend(s21.add(s21.rearrange(DX2)), DM2);
            DoubleVector u2b = s22.add(s22.rearrange(DX2)).blend(s23.add(s23.rearrange(DX2)), DM2);
            u2a.add(u2a.rearrange(DX1)).blend(u2b.add(u2b.rearrange(DX1)), DM1).intoArray(sums, 8);
            DoubleVector u3a = s30.add(s30.rearrange(DX2)).blend(s31.add(s31.rearrange(DX2)), DM2);
            DoubleVector u3b = s32.add(s32.rearrange(DX2)).blend(s33.add(s33.rearrange(DX2)), DM2);
            u3a.add(u3a.rearrange(DX1)).blend(u3b.add(u3b.rearrange(DX1)), DM1).intoArray(sums, 12);
            DoubleVector e0 = s04.add(s04.rearrange(DX2)).blend(s14.add(s14.rearrange(DX2)), DM2);
            DoubleVector e1 = s24.add(s24.rearrange(DX2)).blend(s34.add(s34.rearrange(DX2)), DM2);
            e0.add(e0.rearrange(DX1)).blend(e1.add(e1.rearrange(DX1)), DM1).intoArray(sums, DOT_SUMS_COLUMN4);
        } else {
            int r1 = ci + cs0, r2 = r1 + cs0, r3 = r2 + cs0;
            dput(c, ci, s00, add); dput(c, ci + cs1, s01, add); dput(c, ci + 2 * cs1, s02, add);
            dput(c, ci + 3 * cs1, s03, add); dput(c, ci + 4 * cs1, s04, add);
            dput(c, r1, s10, add); dput(c, r1 + cs1, s11, add); dput(c, r1 + 2 * cs1, s12, add);
            dput(c, r1 + 3 * cs1, s13, add); dput(c, r1 + 4 * cs1, s14, add);
            dput(c, r2, s20, add); dput(c, r2 + cs1, s21, add); dput(c, r2 + 2 * cs1, s22, add);
            dput(c, r2 + 3 * cs1, s23, add); dput(c, r2 + 4 * cs1, s24, add);
            dput(c, r3, s30, add); dput(c, r3 + cs1, s31, add); dput(c, r3 + 2 * cs1, s32, add);
            dput(c, r3 + 3 * cs1, s33, add); dput(c, r3 + 4 * cs1, s34, add);
            return;
        }
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < 5; j++) {
                int at = ci + r * cs0 + j * cs1;
                double sum = sums[DDOT_LANES[5 * r + j]];
                c[at] = add ? c[at] + sum : sum;
            }
    }

    private static void dput(double[] c, int at, DoubleVector lanes, boolean add) {
        double sum = LaneSums.sum(lanes);
        c[at] = add ? c[at] + sum : sum;
    }

    private static void ddirect(int m, int n, int k, double[] a, int ao, int as0, int as1, double[] b, int bo, int bs0,
                                int bs1, double[] c, int co, int cs0, int cs1, boolean add) {
        for (int i = 0; i < m; i++) {
            int ar = ao + i * as0, cr = co + i * cs0;
            if (bs1 == 1 && cs1 == 1) {
                for (int j = 0; j < n; j += DV) {
                    VectorMask<Double> in = DS.indexInRange(j, n);
                    DoubleVector acc = DoubleVector.zero(DS);
                    for (int p = 0; p < k; p++)
                        acc = DoubleVector.fromArray(DS, b, bo + p * bs0 + j, in)
                                .lanewise(FMA, DoubleVector.broadcast(DS, a[ar + p * as1]), acc);
                    if (add) acc = acc.add(DoubleVector.fromArray(DS, c, cr + j, in));
                    acc.intoArray(c, cr + j, in);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    double sum = 0.0;
                    for (int p = 0; p < k; p++) sum = Math.fma(a[ar + p * as1], b[bo + p * bs0 + j * bs1], sum);
                    int at = cr + j * cs1;
                    c[at] = add ? c[at] + sum : sum;
                }
            }
        }
    }
}
