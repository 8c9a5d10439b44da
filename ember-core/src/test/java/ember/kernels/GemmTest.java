package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ember.DType;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packed GEMM against the scalar reference: odd sizes around the register tile (8 × 3 vectors) and the cache
 * blocks, transposed and strided operands, accumulation, float64, and the multi-threaded splits.
 *
 * <p>Blocking and fused multiply-adds change the order and rounding of the k-term sums, so results are compared with
 * the floating-point error bound of a k-term dot product: |Δ| ≤ 2·k·ε·Σₚ|aᵢₚ·bₚⱼ| (ε = 2⁻²⁴ for float32, 2⁻⁵³ for
 * float64; each side is within k·ε·Σ|a·b| of the exact value). A wrong tile, a missed edge or a dropped k-slice is off
 * by a whole term, far outside the bound.
 */
class GemmTest {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels();

    private static final long SHARED_A = Gemm.sharedABytes;
    private static final long CACHED_A = Gemm.cachedA;
    private static final long OWN_B = Gemm.ownBBytes;

    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Gemm.sharedABytes = SHARED_A;
        Gemm.cachedA = CACHED_A;
        Gemm.ownBBytes = OWN_B;
    }

    /** How an operand of shape [rows, cols] is laid out in its storage. */
    enum Form { CONTIGUOUS, TRANSPOSED, STRIDED, ROW_SLICE }

    /** A [rows, cols] layout of the given form and the storage size it needs. */
    private static Layout layout(Form form, int rows, int cols) {
        return switch (form) {
            case CONTIGUOUS -> Layout.contiguous(rows, cols);
            // the .t() of a contiguous [cols, rows] matrix
            case TRANSPOSED -> new Layout(new int[]{rows, cols}, new int[]{1, Math.max(rows, 1)}, 0);
            // every other column of a wider matrix, starting at an offset (a [.., ::2] slice)
            case STRIDED -> new Layout(new int[]{rows, cols}, new int[]{2 * cols + 3, 2}, 5);
            // some columns of a wider matrix, starting at an offset (a [.., 3:3+cols] slice): rows unit-stride, apart
            case ROW_SLICE -> new Layout(new int[]{rows, cols}, new int[]{cols + 7, 1}, 3);
        };
    }

    private static int extent(Layout l) {
        if (l.numel() == 0) return l.offset();
        return l.offset() + (l.size(0) - 1) * l.stride(0) + (l.size(1) - 1) * l.stride(1) + 1;
    }

    private static Storage random(DType dtype, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = Storage.allocate(dtype, size);
        for (int i = 0; i < size; i++) s.setDouble(i, r.nextDouble(-1, 1));
        return s;
    }

    /**
     * Runs both providers on A[m,k]·B[k,n] into C of the given forms (C starts random, so accumulate adds to it) and
     * checks the vector result against the reference within the dot-product error bound.
     */
    private static void check(DType dtype, int m, int n, int k, Form fa, Form fb, Form fc, boolean accumulate) {
        check(dtype, m, n, k, fa, fb, fc, accumulate, 0);
    }

    /** {@link #check} with B's values drawn from another seed (salt), for products of one shape on other data. */
    private static void check(DType dtype, int m, int n, int k, Form fa, Form fb, Form fc, boolean accumulate,
                              long salt) {
        Layout aL = layout(fa, m, k), bL = layout(fb, k, n), cL = layout(fc, m, n);
        Storage a = random(dtype, extent(aL), 31L * m + k), b = random(dtype, extent(bL), 17L * n + k + salt);
        Storage expected = random(dtype, extent(cL), 7L * m + n), actual = Storage.allocate(dtype, expected.size());
        SCALAR.copy(expected, Layout.contiguous(expected.size()), actual, Layout.contiguous(expected.size()));
        SCALAR.gemm(a, aL, b, bL, expected, cL, accumulate);
        VECTOR.gemm(a, aL, b, bL, actual, cL, accumulate);
        double eps = dtype == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        String what = dtype + " " + m + "x" + k + "·" + k + "x" + n + " A " + fa + " B " + fb + " C " + fc
                + (accumulate ? " accumulate" : "");
        boolean[] inC = new boolean[expected.size()];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) inC[cL.indexOf(i, j)] = true;
        for (int i = 0; i < inC.length; i++)
            if (!inC[i]) assertEquals(expected.getDouble(i), actual.getDouble(i), 0.0, what + ": wrote outside C at " + i);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double magnitude = accumulate ? 1 : 0;
                int ai = aL.offset() + i * aL.stride(0), bj = bL.offset() + j * bL.stride(1);
                for (int p = 0; p < k; p++)
                    magnitude += Math.abs(a.getDouble(ai + p * aL.stride(1)) * b.getDouble(bj + p * bL.stride(0)));
                double bound = 2 * (k + 1) * eps * magnitude;
                int at = cL.indexOf(i, j);
                double e = expected.getDouble(at), g = actual.getDouble(at);
                assertTrue(Math.abs(e - g) <= bound, what + " at (" + i + "," + j + "): " + g + " vs reference " + e);
            }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 257})
    void squareSizes(int size) {
        check(DType.FLOAT32, size, size, size, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, false);
    }

    @Test
    void mixedSizesIncludingZero() {
        int[] sizes = {0, 1, 7, 17, 48, 49, 100};
        for (int m : sizes)
            for (int n : sizes)
                for (int k : sizes) check(DType.FLOAT32, m, n, k, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, false);
    }

    @Test
    void zeroDepthWritesZerosOrKeepsC() {
        Layout aL = Layout.contiguous(3, 0), bL = Layout.contiguous(0, 4), cL = Layout.contiguous(3, 4);
        Storage a = Storage.allocate(DType.FLOAT32, 0), b = Storage.allocate(DType.FLOAT32, 0);
        Storage c = random(DType.FLOAT32, 12, 1);
        double[] before = new double[12];
        for (int i = 0; i < 12; i++) before[i] = c.getDouble(i);
        VECTOR.gemm(a, aL, b, bL, c, cL, true);
        for (int i = 0; i < 12; i++) assertEquals(before[i], c.getDouble(i), 0.0);
        VECTOR.gemm(a, aL, b, bL, c, cL, false);
        for (int i = 0; i < 12; i++) assertEquals(0.0, c.getDouble(i), 0.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 33, 100})
    void transposedAndStridedOperands(int size) {
        for (Form fa : Form.values())
            for (Form fb : Form.values())
                for (Form fc : Form.values()) {
                    check(DType.FLOAT32, size, size + 2, size + 1, fa, fb, fc, false);
                    check(DType.FLOAT32, 131, size, 70, fa, fb, fc, false);
                }
    }

    @Test
    void accumulateAddsToC() {
        for (int size : new int[]{1, 7, 16, 33, 100})
            for (Form fc : Form.values()) {
                check(DType.FLOAT32, size, size + 5, size + 3, Form.CONTIGUOUS, Form.TRANSPOSED, fc, true);
                check(DType.FLOAT64, size, size + 5, size + 3, Form.TRANSPOSED, Form.CONTIGUOUS, fc, true);
            }
        // k above the depth block: the second and later slices add to what the first wrote
        check(DType.FLOAT32, 50, 60, Gemm.KC + 70, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, true);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 15, 16, 17, 31, 33, 100, 257})
    void float64(int size) {
        check(DType.FLOAT64, size, size, size, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, false);
        check(DType.FLOAT64, size, size + 9, 2 * size, Form.TRANSPOSED, Form.STRIDED, Form.CONTIGUOUS, false);
        check(DType.FLOAT64, size, 25, size, Form.CONTIGUOUS, Form.TRANSPOSED, Form.TRANSPOSED, false);
    }

    @Test
    void blocksLargerThanOneCacheBlock() {
        // k beyond 2·KC (three equal slices of 1367), n beyond one packed strip (at most STRIP / 1367 columns)
        int k = 2 * Gemm.KC + 5, n = 3 * Gemm.STRIP / k + 100;
        check(DType.FLOAT32, 37, n, k, Form.CONTIGUOUS, Form.TRANSPOSED, Form.CONTIGUOUS, false);
        check(DType.FLOAT64, 11, Gemm.DSTRIP / 300 + 30, 300, Form.TRANSPOSED, Form.CONTIGUOUS, Form.CONTIGUOUS, true);
    }

    @Test
    void lastPanelsOfEveryWidth() {
        // n = 49 … 96: a whole panel and a last one of every width, run by the one-, two- or three-vector kernel, into C
        // directly (whole vectors, whole micro-panels) or through the tile (partial vectors, 13 rows, strided C)
        for (int n = 49; n <= 96; n++)
            for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                check(dtype, 16, n, 20, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, n % 2 == 0);
                check(dtype, 13, n, 20, Form.TRANSPOSED, Form.TRANSPOSED, Form.STRIDED, n % 2 == 1);
            }
    }

    @Test
    void narrowProductsOfATransposedBRunAsDotProducts() {
        // a row-major A times a transposed B of at most half a panel of columns, at least DOT_VECTORS vectors deep
        // (Note [Narrow products as dot products]): 4×5 blocks, the rows and columns they leave, k past whole vectors
        for (int m : new int[]{1, 3, 4, 5, 9, 37})
            for (int n : new int[]{1, 4, 5, 6, 10, 11, 12})
                for (int k : new int[]{128, 129, 143}) {
                    boolean accumulate = (m + n + k) % 2 == 0;
                    check(DType.FLOAT32, m, n, k, Form.CONTIGUOUS, Form.TRANSPOSED, Form.CONTIGUOUS, accumulate);
                    check(DType.FLOAT64, m, n, k / 2, Form.ROW_SLICE, Form.TRANSPOSED, Form.STRIDED, !accumulate);
                }
        check(DType.FLOAT32, 37, 24, 300, Form.ROW_SLICE, Form.TRANSPOSED, Form.TRANSPOSED, true);
        // the book's softmax regression forward, split among threads
        check(DType.FLOAT32, 256, 10, 784, Form.CONTIGUOUS, Form.TRANSPOSED, Form.CONTIGUOUS, false);
    }

    @Test
    void productsOfNineToTwelveRowsRunOneTwelveRowPanel() {
        // 9 … 12 rows with a row-major B (Note [Products of 9 to 12 rows]): whole 2-vector groups read in place, a last
        // narrower group padded; A in every layout; into C directly or strided, set or accumulated; 257 rows of 300
        // columns span more than the TLB's reach, so each thread reads its columns of B ahead in slices of
        // FEW_ROWS_DEPTH rows, the last of 1 row
        assertTrue(257 * 300 > Gemm.TLB_REACH_FLOATS && 257 % Gemm.FEW_ROWS_DEPTH == 1, "the shape must take the sliced path");
        for (int m = Gemm.MR + 1; m <= Gemm.FEW_ROWS; m++)
            for (int n : new int[]{32, 33, 47, 64, 100, 300})
                for (int k : new int[]{20, 257}) {
                    boolean accumulate = (m + n) % 2 == 0;
                    check(DType.FLOAT32, m, n, k, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, accumulate);
                    check(DType.FLOAT32, m, n, k, Form.TRANSPOSED, Form.ROW_SLICE, Form.STRIDED, !accumulate);
                    check(DType.FLOAT32, m, n, k, Form.STRIDED, Form.CONTIGUOUS, Form.TRANSPOSED, accumulate);
                }
    }

    @Test
    void productsWiderThanAStripPackAOnceAndDealStrips() {
        // n beyond one strip (Note [Products wider than a strip]): float32 k = KC + 52 in two slices of 1050 (one strip
        // holds 10 panels, 480 columns), float64 k = 2·DKC + 76 in three of 708 (7 panels, 168 columns); 37 rows end
        // in a partial micro-panel
        int k = Gemm.KC + 52, n = 520, dk = 2 * Gemm.DKC + 76, dn = 400;
        for (Form fa : new Form[]{Form.CONTIGUOUS, Form.TRANSPOSED})
            for (Form fb : new Form[]{Form.CONTIGUOUS, Form.TRANSPOSED}) {
                check(DType.FLOAT32, 37, n, k, fa, fb, Form.CONTIGUOUS, false);
                check(DType.FLOAT64, 37, dn, dk, fa, fb, Form.STRIDED, true);
            }
        // a cap on packed A of 16 rows: the rows run in chunks of 16, 16 and 5
        Gemm.sharedABytes = 16L * k * Float.BYTES;
        check(DType.FLOAT32, 37, n, k, Form.TRANSPOSED, Form.CONTIGUOUS, Form.STRIDED, true);
        Gemm.sharedABytes = 16L * dk * Double.BYTES;
        check(DType.FLOAT64, 37, dn, dk, Form.CONTIGUOUS, Form.TRANSPOSED, Form.CONTIGUOUS, false);
    }

    @Test
    void largeARunsInChunksOfNearEqualRows() {
        // about 24 MiB of packed A at once: float64 2048² (32 MiB) in two chunks of 1024 rows, not 1536 and 512;
        // float64 1536² (18 MiB) and float32 2048² (16 MiB) whole; a chunk is whole micro-panels, at least one
        assertEquals(1024, Gemm.chunkRows(2048, 2048, Double.BYTES));
        assertEquals(1536, Gemm.chunkRows(1536, 1536, Double.BYTES));
        assertEquals(2048, Gemm.chunkRows(2048, 2048, Float.BYTES));
        assertEquals(2056, Gemm.chunkRows(4100, 2048, Float.BYTES)); // 32 MiB in two chunks: 2056 and 2044 rows
        Gemm.sharedABytes = 16L * 100 * Float.BYTES;
        assertEquals(16, Gemm.chunkRows(37, 100, Float.BYTES)); // 16, 16 and 5
        assertEquals(Gemm.MR, Gemm.chunkRows(37, 100_000, Float.BYTES));
        assertEquals(Gemm.MR, Gemm.chunkRows(0, 100, Float.BYTES)); // no rows: no division by zero
    }

    @Test
    void productsWhoseAOutgrowsTheCacheDealWideStrips() {
        // Note [Wide strips when A outgrows the cache]: float32 2048² packs 16 MiB of A, 1024² 4 MiB; 64 rows 10^6
        // deep (slices of 2045) pack 256 MB of A, but a wide strip packed for all of k would outgrow WIDE_STRIP_BYTES,
        // and a depth chosen for it lets a wide strip half way between the narrow (half this machine's L2) and the
        // widest; with the 32 MiB L3 assumed where none is reported, A counts as cached up to 8 MiB (the Zen 5's
        // tuning), with 480 MiB up to 120 MiB (Note [Blocking by the caches this machine reports])
        assertEquals(8L << 20, Gemm.cachedABytes(CacheSizes.DEFAULT_L3));
        assertEquals(120L << 20, Gemm.cachedABytes(480L << 20));
        Gemm.cachedA = Gemm.cachedABytes(CacheSizes.DEFAULT_L3);
        int narrow = Gemm.COLUMN_STRIP, wide = Gemm.WIDE_COLUMN_STRIP;
        assertEquals(wide, Gemm.columnStrip(2048, 2048, 2048, Float.BYTES, narrow, wide));
        assertEquals(narrow, Gemm.columnStrip(1024, 1024, 1024, Float.BYTES, narrow, wide));
        assertEquals(narrow, Gemm.columnStrip(64, 1_000_000, 2045, Float.BYTES, narrow, wide));
        int deepK = (int) (Gemm.WIDE_STRIP_BYTES / Float.BYTES * 2041 * 2 / ((long) narrow + wide));
        int deep = Gemm.columnStrip(1024, deepK, 2041, Float.BYTES, narrow, wide);
        if (narrow < wide) // an L2 of 8 MiB or more makes the narrow strips as wide as the widest
            assertTrue(deep > narrow && deep < wide
                    && (long) deep / 2041 * deepK * Float.BYTES <= Gemm.WIDE_STRIP_BYTES);
        Gemm.cachedA = Gemm.cachedABytes(480L << 20);
        assertEquals(narrow, Gemm.columnStrip(2048, 2048, 2048, Float.BYTES, narrow, wide));
        assertEquals(wide, Gemm.columnStrip(4096, 8192, 2048, Float.BYTES, narrow, wide)); // 128 MiB of A
        // with no A counted as cached, the shapes of productsWiderThanAStripPackAOnceAndDealStrips run in two wide
        // strips of unequal widths (float32 6 and 5 panels, float64 9 and 8), and in row chunks of 16 once more
        Gemm.cachedA = 0;
        int k = Gemm.KC + 52, n = 520, dk = 2 * Gemm.DKC + 76, dn = 400;
        for (Form fb : new Form[]{Form.CONTIGUOUS, Form.TRANSPOSED}) {
            check(DType.FLOAT32, 37, n, k, Form.CONTIGUOUS, fb, Form.CONTIGUOUS, false);
            check(DType.FLOAT64, 37, dn, dk, Form.TRANSPOSED, fb, Form.STRIDED, true);
        }
        Gemm.sharedABytes = 16L * k * Float.BYTES;
        check(DType.FLOAT32, 37, n, k, Form.TRANSPOSED, Form.CONTIGUOUS, Form.STRIDED, true);
    }

    @Test
    void fewRowsReadBWhereItIs() {
        // m ≤ IN_PLACE_B_ROWS with a unit-stride B: whole panels read in place, a narrow last panel packed; B's
        // last row ends at its storage's end (CONTIGUOUS), so no vector may read past a row
        int m = Gemm.IN_PLACE_B_ROWS;
        for (int rows : new int[]{1, 8, 10, m})
            for (int n : new int[]{48, 49, 96, 100, 257})
                for (Form fb : new Form[]{Form.CONTIGUOUS, Form.ROW_SLICE}) {
                    check(DType.FLOAT32, rows, n, 37, Form.CONTIGUOUS, fb, Form.CONTIGUOUS, false);
                    check(DType.FLOAT64, rows, n, 37, Form.TRANSPOSED, fb, Form.ROW_SLICE, true);
                }
        // k beyond the depth block (the in-place base moves down B per slice), two threads splitting panels
        check(DType.FLOAT32, 10, 784, Gemm.KC + 70, Form.TRANSPOSED, Form.CONTIGUOUS, Form.CONTIGUOUS, true);
        check(DType.FLOAT64, m, 300, 2 * Gemm.DKC + 3, Form.CONTIGUOUS, Form.ROW_SLICE, Form.STRIDED, false);
        check(DType.FLOAT32, m + 1, 300, 200, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, false);
    }

    @Test
    void smallShallowBReadWhereItIsForManyRows() {
        // Note [Small B read where it is]: past IN_PLACE_B_ROWS rows, a B at most IN_PLACE_B_DEPTH deep and
        // IN_PLACE_B_BYTES large is read in place; deeper or larger, or not row-major, it is packed
        // (with two-vector panels, AVX2's, B is always packed: Note [Two-vector panels with AVX2])
        int depth = Gemm.IN_PLACE_B_DEPTH, rows = Gemm.IN_PLACE_B_ROWS + 1;
        assertEquals(Gemm.FLOAT_B_IN_PLACE,
                Gemm.readsBInPlace(rows, Gemm.IN_PLACE_B_BYTES / Float.BYTES / depth, depth, 1, Float.BYTES));
        assertFalse(Gemm.readsBInPlace(rows, Gemm.IN_PLACE_B_BYTES / Float.BYTES / depth + 1, depth, 1, Float.BYTES));
        assertFalse(Gemm.readsBInPlace(rows, 48, depth + 1, 1, Float.BYTES));
        assertFalse(Gemm.readsBInPlace(rows, Gemm.IN_PLACE_B_BYTES / Float.BYTES / 10, 10, 1, Double.BYTES));
        assertFalse(Gemm.readsBInPlace(rows, 48, 10, 10, Float.BYTES));
        assertEquals(Gemm.DOUBLE_B_IN_PLACE, Gemm.readsBInPlace(rows - 1, 4096, 4096, 1, Double.BYTES));
        // whole panels read in place, a narrow last panel packed; rows split among threads above the grain (300 rows
        // deep enough), one thread below it; B's last row ends its storage (CONTIGUOUS), so no vector may read past it
        for (int m : new int[]{rows, 70, 300})
            for (int n : new int[]{96, 100, 257})
                for (int k : new int[]{10, 37, depth})
                    for (Form fb : new Form[]{Form.CONTIGUOUS, Form.ROW_SLICE}) {
                        check(DType.FLOAT32, m, n, k, Form.CONTIGUOUS, fb, Form.CONTIGUOUS, false);
                        check(DType.FLOAT64, m, n, k, Form.TRANSPOSED, fb, Form.STRIDED, true);
                    }
    }

    @Test
    void eachThreadPacksTheBOfTheProductAtHand() {
        // Note [Each thread packs the B it reads]: one-strip products split between two threads, B packed (transposed,
        // or row-major and too deep to read in place) by each thread or once and shared, or read in place but for a
        // narrow last panel; rows split (32 row blocks of 256, 13 of 100, 8 of 64, 38 of 300) or panels (2 of 16). The
        // next product of the same shape on another B must not find the last one's packing in a thread's scratch.
        Parallel.setThreads(2);
        assumeTrue(Parallel.threads() > 1, "needs two cores");
        Object[][] cases = { // m, n, k, B's form, read in place
                {256, 100, 300, Form.TRANSPOSED, false}, {16, 300, 200, Form.TRANSPOSED, false},
                {100, 300, 300, Form.CONTIGUOUS, false}, {64, 100, 64, Form.CONTIGUOUS, true},
                {300, 100, 37, Form.CONTIGUOUS, true}, {16, 100, 300, Form.CONTIGUOUS, true}};
        for (Object[] c : cases)
            for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                int m = (int) c[0], n = (int) c[1], k = (int) c[2];
                Form fb = (Form) c[3];
                assertTrue(Gemm.splits(m, n, k, dtype.itemSize()));
                boolean inPlace = (boolean) c[4] && (dtype == DType.FLOAT64 ? Gemm.DOUBLE_B_IN_PLACE : Gemm.FLOAT_B_IN_PLACE);
                assertEquals(inPlace, Gemm.readsBInPlace(m, n, k, fb == Form.CONTIGUOUS ? 1 : k, dtype.itemSize()));
                for (long ownB : new long[]{Long.MAX_VALUE, 0}) {
                    Gemm.ownBBytes = ownB;
                    for (long salt = 0; salt < 3; salt++)
                        check(dtype, m, n, k, Form.CONTIGUOUS, fb, Form.CONTIGUOUS, false, salt);
                }
            }
    }

    @Test
    void multiThreadedSplitsGiveTheSingleThreadedBits() {
        // above the grain: rows split (m large), panels split (m below two row blocks per thread), strips dealt out
        int[][] shapes = {{300, 200, 257}, {9, 3000, 300}, {256, 256, 784}, {10, 784, 256}, {40, 2000, 300},
                {256, 10, 784}, {6, 784, 256}};
        // float64 splits from half as many multiply-adds (Gemm.splits): rows split (64³), panels split (12 rows)
        int[][] float64Shapes = {{64, 64, 64}, {12, 128, 160}};
        Parallel.setThreads(2);
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64})
            for (int[] s : dtype == DType.FLOAT32 ? shapes : concat(shapes, float64Shapes))
                for (Form fb : new Form[]{Form.TRANSPOSED, Form.CONTIGUOUS}) {
                    int m = s[0], n = s[1], k = s[2];
                    assertTrue(Gemm.splits(m, n, k, dtype.itemSize()), "shape must be above the grain");
                    Storage a = random(dtype, m * k, 1), b = random(dtype, k * n, 2);
                    Layout aL = Layout.contiguous(m, k), bL = layout(fb, k, n), cL = Layout.contiguous(m, n);
                    Storage one = Storage.allocate(dtype, m * n), two = Storage.allocate(dtype, m * n);
                    Parallel.setThreads(1);
                    VECTOR.gemm(a, aL, b, bL, one, cL, false);
                    Parallel.setThreads(2);
                    VECTOR.gemm(a, aL, b, bL, two, cL, false);
                    double[] x = new double[m * n], y = new double[m * n];
                    for (int i = 0; i < m * n; i++) { x[i] = one.getDouble(i); y[i] = two.getDouble(i); }
                    assertArrayEquals(x, y, 0.0, dtype + " " + m + "x" + k + "·" + k + "x" + n + " B " + fb);
                }
        Parallel.setThreads(2);
        check(DType.FLOAT32, 300, 200, 257, Form.TRANSPOSED, Form.CONTIGUOUS, Form.CONTIGUOUS, true);
        check(DType.FLOAT32, 9, 3000, 300, Form.CONTIGUOUS, Form.STRIDED, Form.CONTIGUOUS, false);
        check(DType.FLOAT64, 64, 64, 64, Form.CONTIGUOUS, Form.CONTIGUOUS, Form.CONTIGUOUS, true);
    }

    @Test
    void float64MultiplyAddsCountTwiceTowardsTheSplit() {
        // Gemm.splits: from SPLIT_FMAS float32 multiply-adds, half as many in float64; 64·32·32 = 2^16 is that half
        assertEquals(Gemm.SPLIT_FMAS / 2, 64L * 32 * 32);
        Parallel.setThreads(2);
        assumeTrue(Parallel.threads() > 1, "needs two cores");
        assertTrue(Gemm.splits(64, 32, 32, Double.BYTES));
        assertFalse(Gemm.splits(63, 32, 32, Double.BYTES));
        assertFalse(Gemm.splits(64, 32, 32, Float.BYTES));
        assertTrue(Gemm.splits(128, 32, 32, Float.BYTES));
        assertTrue(Gemm.splits(48, 48, 48, Double.BYTES));
        assertFalse(Gemm.splits(48, 48, 48, Float.BYTES));
        Parallel.setThreads(1);
        assertFalse(Gemm.splits(1024, 1024, 1024, Float.BYTES), "one thread never splits");
    }

    @Test
    void shallowProductsReadTheirNewOutputFirst() {
        // Note [Reading a new output before writing it]: at most READ_C_DEPTH deep, READ_C_MIN_BYTES to
        // READ_C_MAX_BYTES of output, neither accumulating nor writing a strided C
        assertTrue(Gemm.readsCFirst(256, 256, 10, Float.BYTES, false, 1));
        assertTrue(Gemm.readsCFirst(64, 128, 10, Float.BYTES, false, 1)); // exactly 32 KiB
        assertFalse(Gemm.readsCFirst(64, 127, 10, Float.BYTES, false, 1));
        assertFalse(Gemm.readsCFirst(32, 32, 32, Double.BYTES, false, 1));
        assertTrue(Gemm.readsCFirst(256, 256, Gemm.READ_C_DEPTH, Float.BYTES, false, 1)); // exactly 256 KiB
        assertFalse(Gemm.readsCFirst(256, 257, 10, Float.BYTES, false, 1));
        assertFalse(Gemm.readsCFirst(256, 256, 10, Double.BYTES, false, 1));
        assertFalse(Gemm.readsCFirst(256, 256, Gemm.READ_C_DEPTH + 1, Float.BYTES, false, 1));
        assertFalse(Gemm.readsCFirst(256, 256, 10, Float.BYTES, true, 1));
        assertFalse(Gemm.readsCFirst(256, 256, 10, Float.BYTES, false, 2));
        // the read leaves the product unchanged: rows and panels split or not, C contiguous or a row slice
        for (int threads : new int[]{1, 2}) {
            Parallel.setThreads(threads);
            for (int[] mnk : new int[][]{{256, 256, 10}, {90, 100, 3}, {130, 65, 32}, {200, 37, 17}, {128, 256, 10}})
                for (Form fc : new Form[]{Form.CONTIGUOUS, Form.ROW_SLICE}) {
                    check(DType.FLOAT32, mnk[0], mnk[1], mnk[2], Form.CONTIGUOUS, Form.TRANSPOSED, fc, false);
                    check(DType.FLOAT64, mnk[0], mnk[1], mnk[2], Form.TRANSPOSED, Form.CONTIGUOUS, fc, false);
                }
        }
    }

    @Test
    void largeOutputsAreMadeWhileTheOtherThreadPacks() {
        // Note [Making a large output while the other thread packs]: an output of 1 MiB or more, split among threads,
        // B packed, and none of the dot-product or few-rows paths
        Parallel.setThreads(2);
        assertTrue(Gemm.makesOutputWhilePacking(512, 512, 512, 1, Float.BYTES)); // exactly 1 MiB, one strip
        assertFalse(Gemm.makesOutputWhilePacking(511, 512, 512, 1, Float.BYTES));
        assertTrue(Gemm.makesOutputWhilePacking(256, 512, 64, 64, Double.BYTES)); // a transposed B (bs1 = k)
        assertTrue(Gemm.makesOutputWhilePacking(1024, 1024, 1024, 1, Float.BYTES)); // wider than a strip
        // a small, shallow B read in place (packed with two-vector float32 panels)
        assertEquals(!Gemm.FLOAT_B_IN_PLACE, Gemm.makesOutputWhilePacking(4096, 64, 64, 1, Float.BYTES));
        assertFalse(Gemm.makesOutputWhilePacking(Gemm.FEW_ROWS, 32768, 64, 1, Float.BYTES));
        assertFalse(Gemm.makesOutputWhilePacking(16384, Gemm.DOT_COLUMNS, 256, 1, Float.BYTES));
        assertFalse(Gemm.makesOutputWhilePacking(512, 512, 0, 1, Float.BYTES));
        Parallel.setThreads(1);
        assertFalse(Gemm.makesOutputWhilePacking(512, 512, 512, 1, Float.BYTES), "one thread never splits");
        // through it or not, the product has the bits of one into a given output, every element written (the new
        // output starts as NaN), and the output is made once: one strip (512x300·300x512), wider than a strip (k in two
        // slices of 1050, 11 panels in strips of at most 10), the same in row chunks of 64, and a small product
        for (int threads : new int[]{2, 1}) {
            Parallel.setThreads(threads);
            for (int[] mkn : new int[][]{{512, 300, 512}, {512, 2100, 520}, {512, 2100, 520, 64}, {3, 5, 7}}) {
                Gemm.sharedABytes = mkn.length > 3 ? (long) mkn[3] * mkn[1] * Float.BYTES : SHARED_A;
                int m = mkn[0], k = mkn[1], n = mkn[2];
                for (boolean transposedB : new boolean[]{false, true}) {
                    int bs0 = transposedB ? 1 : n, bs1 = transposedB ? k : 1;
                    SplittableRandom r = new SplittableRandom(m + k);
                    float[] a = new float[m * k], b = new float[k * n], expected = new float[m * n];
                    for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
                    for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
                    Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, bs0, bs1, expected, 0, n, 1, false);
                    int[] made = {0};
                    float[] c = Gemm.sproduct(m, n, k, a, 0, k, 1, b, 0, bs0, bs1, () -> {
                        made[0]++;
                        float[] out = new float[m * n];
                        Arrays.fill(out, Float.NaN);
                        return out;
                    });
                    String what = m + "x" + k + "·" + k + "x" + n + (transposedB ? " B transposed" : "") + ", threads " + threads;
                    assertEquals(1, made[0], what);
                    assertArrayEquals(expected, c, 0f, what);
                }
            }
            Gemm.sharedABytes = SHARED_A;
            // float64, a transposed A: 256x64·64x512 (1 MiB of output, one strip) and 330x2124·2124x400 (wider than
            // a strip: k in three slices of 708, 17 panels in strips of at most 7)
            for (int[] mkn : new int[][]{{256, 64, 512}, {330, 2 * Gemm.DKC + 76, 400}}) {
                int m = mkn[0], k = mkn[1], n = mkn[2];
                SplittableRandom r = new SplittableRandom(5);
                double[] a = new double[m * k], b = new double[k * n], expected = new double[m * n];
                for (int i = 0; i < a.length; i++) a[i] = r.nextDouble(-1, 1);
                for (int i = 0; i < b.length; i++) b[i] = r.nextDouble(-1, 1);
                Gemm.dgemm(m, n, k, a, 0, 1, m, b, 0, n, 1, expected, 0, n, 1, false);
                int[] made = {0};
                double[] c = Gemm.dproduct(m, n, k, a, 0, 1, m, b, 0, n, 1, () -> {
                    made[0]++;
                    double[] out = new double[m * n];
                    Arrays.fill(out, Double.NaN);
                    return out;
                });
                String what = "float64 " + m + "x" + k + "·" + k + "x" + n + ", threads " + threads;
                assertEquals(1, made[0], what);
                assertArrayEquals(expected, c, 0.0, what);
            }
        }
        // the provider's product: a contiguous new storage with the bits of gemm into a given one
        Parallel.setThreads(2);
        Layout aL = Layout.contiguous(512, 200), bL = layout(Form.TRANSPOSED, 200, 512), cL = Layout.contiguous(512, 512);
        Storage a = random(DType.FLOAT32, extent(aL), 1), b = random(DType.FLOAT32, extent(bL), 2);
        Storage given = Storage.allocate(DType.FLOAT32, 512 * 512);
        VECTOR.gemm(a, aL, b, bL, given, cL, false);
        Storage made = VECTOR.product(a, aL, b, bL);
        assertEquals(512 * 512, made.size());
        for (int i = 0; i < 512 * 512; i++) assertEquals(given.getDouble(i), made.getDouble(i), 0.0, "element " + i);
    }

    private static int[][] concat(int[][] a, int[][] b) {
        int[][] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
