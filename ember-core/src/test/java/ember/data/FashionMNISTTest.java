package ember.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.io.MalformedFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST from Debian's dataset-fashion-mnist (skipped where it is not installed), and IDX files made here.
 * Expected numbers come from reading the same gz files with Python:
 * {@code img = gzip.open('train-images-idx3-ubyte.gz').read(); lab = gzip.open('train-labels-idx1-ubyte.gz').read()}
 * then {@code lab[8]}, {@code list(lab[8:18])}, {@code sum(lab[8:])}, {@code sum(img[16:16+784])}, {@code sum(img[16:])}.
 */
class FashionMNISTTest {
    @TempDir Path dir;

    private static FashionMNIST train, test;

    private static void assumeDebianFiles() {
        Assumptions.assumeTrue(Files.isRegularFile(FashionMNIST.DEBIAN_DIRECTORY.resolve("t10k-labels-idx1-ubyte.gz")),
                "dataset-fashion-mnist is not installed");
    }

    private static synchronized FashionMNIST debianTrain() {
        if (train == null) train = FashionMNIST.train(FashionMNIST.DEBIAN_DIRECTORY);
        return train;
    }

    private static synchronized FashionMNIST debianTest() {
        if (test == null) test = FashionMNIST.test(FashionMNIST.DEBIAN_DIRECTORY);
        return test;
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) s += v;
        return s;
    }

    @Test
    void trainingSetMatchesPython() {
        assumeDebianFiles();
        FashionMNIST ds = debianTrain();
        assertEquals(60000, ds.size());
        assertArrayEquals(new int[]{60000, 1, 28, 28}, ds.images().shape());
        assertEquals(DType.FLOAT32, ds.images().dtype());
        assertArrayEquals(new int[]{60000}, ds.labels().shape());
        assertEquals(DType.INT64, ds.labels().dtype());
        long[] labels = ds.labels().toLongArray();
        assertArrayEquals(new long[]{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(labels, 10)); // list(lab[8:18])
        assertEquals(270000, Arrays.stream(labels).sum());                                      // sum(lab[8:])
        assertEquals(5, labels[59999]);                                                         // lab[-1]

        List<Tensor> first = ds.get(0);
        assertArrayEquals(new int[]{1, 28, 28}, first.get(0).shape());
        assertEquals(0, first.get(1).dim());
        assertEquals(9, first.get(1).itemLong());
        float[] image = first.get(0).toFloatArray();
        assertEquals(76247 / 255.0, sum(image), 1e-9 * 76247);                                   // sum(img[16:16+784])
        // list(img[16+14*28:16+15*28]): row 14 of the first image, each byte b read as b / 255 in float32
        int[] row14 = {0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0};
        for (int c = 0; c < 28; c++) assertEquals(row14[c] / 255f, image[14 * 28 + c]);
        assertEquals(3431114169.0 / 255, sum(ds.images().toFloatArray()), 1e-7 * 3431114169.0 / 255); // sum(img[16:])
    }

    @Test
    void testSetMatchesPython() {
        assumeDebianFiles();
        FashionMNIST ds = debianTest();
        assertEquals(10000, ds.size());
        long[] labels = ds.labels().toLongArray();
        assertArrayEquals(new long[]{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(labels, 10));
        assertEquals(45000, Arrays.stream(labels).sum());
        assertEquals(33456 / 255.0, sum(ds.get(0).get(0).toFloatArray()), 1e-9 * 33456);
        assertEquals(24390 / 255.0, sum(ds.get(9999).get(0).toFloatArray()), 1e-9 * 24390);
        assertEquals(573469082.0 / 255, sum(ds.images().toFloatArray()), 1e-7 * 573469082.0 / 255);
        assertEquals(List.of("ankle boot", "pullover", "trouser", "trouser", "shirt", "trouser", "coat", "shirt",
                "sandal", "sneaker"), FashionMNIST.textLabels(ds.labels().narrow(0, 0, 10)));
    }

    @Test
    void batchesThroughTheDataLoader() {
        assumeDebianFiles();
        List<Tensor> batch = new DataLoader(debianTest(), 256, false).iterator().next();
        assertArrayEquals(new int[]{256, 1, 28, 28}, batch.get(0).shape());
        assertArrayEquals(new int[]{256}, batch.get(1).shape());
        assertEquals(9, batch.get(1).toLongArray()[0]);
        assertEquals(40, new DataLoader(debianTest(), 256, false).size());
    }

    @Test
    void textLabelsNamesTheClasses() {
        assertEquals(List.of("t-shirt", "ankle boot", "bag"), FashionMNIST.textLabels(Ember.tensor(new long[]{0L, 9L, 8L})));
        assertThrows(IllegalArgumentException.class, () -> FashionMNIST.textLabels(Ember.tensor(new long[]{10L})));
        assertThrows(IllegalArgumentException.class, () -> FashionMNIST.textLabels(Ember.tensor(1.0)));
    }

    @Test
    void searchPathOrder() {
        Path given = Path.of("/given"), cache = Path.of("/cache");
        assertEquals(List.of(given, Path.of("/data/fashion-mnist"), Path.of("/data"), cache, FashionMNIST.DEBIAN_DIRECTORY),
                FashionMNIST.searchPath(given, "/data", cache));
        assertEquals(List.of(cache, FashionMNIST.DEBIAN_DIRECTORY), FashionMNIST.searchPath(null, null, cache));
    }

    @Test
    void firstDirectoryWithBothFilesWins() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty")), mine = Files.createDirectory(dir.resolve("mine"));
        writeSmallSet(mine, "t10k", true);
        FashionMNIST ds = FashionMNIST.load(false, List.of(empty, mine), dir.resolve("dl"), failingDownloader());
        assertEquals(mine, ds.directory());
        assertEquals(3, ds.size());
        assertArrayEquals(new long[]{7, 0, 9}, ds.labels().toLongArray());
        // image k has every pixel equal to 100 + k
        assertEquals(102 / 255f, ds.images().toFloatArray()[2 * 784 + 5]);
        // uncompressed files are read too
        Path plain = Files.createDirectory(dir.resolve("plain"));
        writeSmallSet(plain, "train", false);
        assertArrayEquals(new long[]{7, 0, 9}, FashionMNIST.load(true, List.of(plain), dir, failingDownloader()).labels().toLongArray());
    }

    @Test
    void pixelsAreKeptAsBytesAndEveryPathMakesThemPixelOver255() throws IOException {
        // 5 images whose 3920 pixels run through all 256 byte values (above 127 too, where a signed read goes wrong)
        int n = 5;
        byte[] raw = new byte[n * 784];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (i * 7 + i / 256);
        Path d = Files.createDirectory(dir.resolve("all-values"));
        write(d.resolve("train-images-idx3-ubyte"), idx(new int[]{n, 28, 28}, raw), true);
        write(d.resolve("train-labels-idx1-ubyte"), idx(new int[]{n}, new byte[]{3, 1, 4, 1, 5}), true);
        FashionMNIST ds = FashionMNIST.load(true, List.of(d), d, failingDownloader());
        float[] expected = new float[raw.length];
        for (int i = 0; i < raw.length; i++) expected[i] = (raw[i] & 0xFF) / 255f; // ToTensor(): img.float().div(255)

        Tensor data = ds.data();
        assertEquals(DType.UINT8, data.dtype());
        assertArrayEquals(new int[]{n, 28, 28}, data.shape());
        for (int i = 0; i < raw.length; i += 97) assertEquals(raw[i] & 0xFF, data.flatten().get(i).itemLong());
        // from the bytes: examples, and batches shuffled, through a Subset and a Subset of one, prefetched or not
        assertEachPathGives(ds, expected);
        // the float32 images, made once; from then on examples and batches come from them, in-place changes included
        Tensor images = ds.images();
        assertArrayEquals(new int[]{n, 1, 28, 28}, images.shape());
        assertArrayEquals(expected, images.toFloatArray());
        assertTrue(images == ds.images(), "images() is made once and kept");
        assertEquals(List.of(images, ds.labels()), ds.tensors());
        images.sub_(0.5);
        float[] normalised = expected.clone();
        for (int i = 0; i < normalised.length; i++) normalised[i] -= 0.5f;
        assertEachPathGives(ds, normalised);
    }

    /** get(k) and every batch of a few loaders over ds give image k's pixels bit for bit (and its label), each once. */
    private static void assertEachPathGives(FashionMNIST ds, float[] images) {
        int n = ds.size();
        for (int k = 0; k < n; k++) {
            List<Tensor> example = ds.get(k);
            assertArrayEquals(new int[]{1, 28, 28}, example.get(0).shape());
            assertArrayEquals(Arrays.copyOfRange(images, k * 784, (k + 1) * 784), example.get(0).toFloatArray());
            assertEquals(ds.labels().toLongArray()[k], example.get(1).itemLong());
        }
        Ember.manualSeed(3);
        List<Dataset> sets = List.of(ds, new Subset(ds, new int[]{4, 0, 2}), new Subset(new Subset(ds, new int[]{4, 0, 2, 1}), new int[]{2, 0}));
        List<List<Integer>> chosen = List.of(List.of(0, 1, 2, 3, 4), List.of(0, 2, 4), List.of(2, 4));
        for (int t = 0; t < sets.size(); t++)
            for (boolean prefetch : new boolean[]{true, false}) {
                List<Integer> seen = new ArrayList<>();
                for (List<Tensor> batch : new DataLoader(sets.get(t), DataLoader.options().batchSize(2).shuffle(true).prefetch(prefetch))) {
                    assertEquals(DType.FLOAT32, batch.get(0).dtype());
                    for (int r = 0; r < batch.get(0).size(0); r++) {
                        float[] row = batch.get(0).select(0, r).toFloatArray();
                        int j = 0;
                        while (j < n && !Arrays.equals(row, Arrays.copyOfRange(images, j * 784, (j + 1) * 784))) j++;
                        assertTrue(j < n, "batch row " + r + " is none of the images");
                        assertEquals(ds.labels().toLongArray()[j], batch.get(1).toLongArray()[r]);
                        seen.add(j);
                    }
                }
                assertEquals(chosen.get(t), seen.stream().sorted().toList());
            }
    }

    @Test
    void missingFilesExplainWhereItLookedAndHowToGetThem() {
        List<Path> nowhere = List.of(dir.resolve("a"), dir.resolve("b"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> FashionMNIST.load(true, nowhere, dir.resolve("dl"), failingDownloader()));
        String m = e.getMessage();
        for (String part : List.of("train-images-idx3-ubyte.gz", dir.resolve("a").toString(), dir.resolve("b").toString(),
                "no network here", "apt-get install dataset-fashion-mnist", "EMBER_DATA"))
            assertTrue(m.contains(part), () -> "expected '" + part + "' in: " + m);
    }

    @Test
    void downloadsAreVerifiedAndRenamedIntoPlace() throws IOException {
        assumeDebianFiles();
        Path target = dir.resolve("cache");
        List<URI> requested = new ArrayList<>();
        FashionMNIST ds = FashionMNIST.load(false, List.of(dir.resolve("none")), target, (uri, max) -> {
            requested.add(uri);
            String name = Path.of(uri.getPath()).getFileName().toString();
            return Files.readAllBytes(FashionMNIST.DEBIAN_DIRECTORY.resolve(name));
        });
        assertEquals(List.of(URI.create(FashionMNIST.MIRROR + "t10k-images-idx3-ubyte.gz"),
                URI.create(FashionMNIST.MIRROR + "t10k-labels-idx1-ubyte.gz")), requested);
        assertEquals(10000, ds.size());
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), fileNames(target));
    }

    @Test
    void corruptDownloadsAreRefusedAndNotKept() throws IOException {
        Path target = dir.resolve("cache");
        byte[] wrong = gzip(idx(new int[]{3}, new byte[]{1, 2, 3}));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> FashionMNIST.load(false, List.of(), target, (uri, max) -> wrong));
        assertTrue(e.getMessage().contains("is corrupt: its content has SHA-1"), e.getMessage());
        assertEquals(List.of(), fileNames(target));
        e = assertThrows(UncheckedIOException.class,
                () -> FashionMNIST.load(false, List.of(), target, (uri, max) -> new byte[]{1, 2, 3}));
        assertTrue(e.getMessage().contains("is not valid gzip data"), e.getMessage());
    }

    // ---- hostile IDX files ----

    @Test
    void inconsistentFilesAreReported() throws IOException {
        assertBadSet(new int[]{3, 28, 28}, new int[]{4}, new byte[]{7, 0, 9, 1}, "has 3 images but");
        assertBadSet(new int[]{3, 28, 27}, new int[]{3}, new byte[]{7, 0, 9}, "expected images of shape [N, 28, 28]");
        assertBadSet(new int[]{3, 28, 28}, new int[]{3}, new byte[]{7, 0, 19}, "label 19 of example 2 is not a class");
        assertBadSet(new int[]{3, 28, 28}, new int[]{3, 1}, new byte[]{7, 0, 9}, "expected labels of shape [N]");
        assertBadSet(new int[]{3, 28, 28}, new int[]{200_000}, new byte[]{7, 0, 9}, "expected labels of shape [N] with N ≤ 100000");
    }

    @Test
    void lyingSizesAreReportedWithoutAllocatingThem() throws IOException {
        Path f = dir.resolve("x-idx");
        // declares 2^31-9 bytes of data (about 2 GB) but holds 3
        Files.write(f, idx(new int[]{Integer.MAX_VALUE - 9}, new byte[]{1, 2, 3}));
        assertIdxError(f, "declare 2147483638 bytes of data but only 3 follow");
        Files.write(f, gzip(idx(new int[]{Integer.MAX_VALUE - 9}, new byte[]{1, 2, 3})));
        assertIdxError(f, "but only 3 follow");
        Files.write(f, idx(new int[]{65536, 65536}, new byte[4]));
        assertIdxError(f, "more data than a tensor can hold");
        Files.write(f, gzip(idx(new int[]{2}, new byte[]{1, 2, 3})));
        assertIdxError(f, "more data than its dimensions [2] declare");
        byte[] negative = idx(new int[]{1}, new byte[]{1});
        negative[4] = (byte) 0x80;
        Files.write(f, negative);
        assertIdxError(f, "declares 2147483649 entries");
        byte[] floats = idx(new int[]{1}, new byte[]{1});
        floats[2] = 0x0D;
        Files.write(f, floats);
        assertIdxError(f, "element type 0xd is not supported");
        byte[] noDims = idx(new int[]{1}, new byte[]{1});
        noDims[3] = 0;
        Files.write(f, noDims);
        assertIdxError(f, "declares 0 dimensions");
        Files.write(f, "PK not idx".getBytes());
        assertIdxError(f, "not an IDX file");
    }

    @Test
    void everyTruncationOfAGzipFileIsReported() throws IOException {
        byte[] whole = gzip(idx(new int[]{5}, new byte[]{1, 2, 3, 4, 5}));
        Path f = dir.resolve("cut-idx.gz");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int n = 0; n < whole.length; n++) {
                Files.write(f, Arrays.copyOf(whole, n));
                assertThrows(MalformedFileException.class, () -> Idx.read(f, dims -> {}), "cut at " + n);
            }
        });
        byte[] badCrc = whole.clone();
        badCrc[badCrc.length - 8] ^= 1;
        Files.write(f, badCrc);
        assertIdxError(f, "corrupt gzip data");
    }

    // ---- helpers ----

    private static FashionMNIST.Downloader failingDownloader() {
        return (uri, max) -> { throw new IOException("no network here"); };
    }

    /** Three images (every pixel of image k is 100 + k) labelled 7, 0, 9. */
    private static void writeSmallSet(Path d, String prefix, boolean compressed) throws IOException {
        byte[] pixels = new byte[3 * 784];
        for (int k = 0; k < 3; k++) Arrays.fill(pixels, k * 784, (k + 1) * 784, (byte) (100 + k));
        write(d.resolve(prefix + "-images-idx3-ubyte"), idx(new int[]{3, 28, 28}, pixels), compressed);
        write(d.resolve(prefix + "-labels-idx1-ubyte"), idx(new int[]{3}, new byte[]{7, 0, 9}), compressed);
    }

    private void assertBadSet(int[] imageDims, int[] labelDims, byte[] labels, String phrase) throws IOException {
        Path d = Files.createTempDirectory(dir, "set");
        int images = 1;
        for (int s : imageDims) images *= s;
        write(d.resolve("t10k-images-idx3-ubyte"), idx(imageDims, new byte[images]), true);
        write(d.resolve("t10k-labels-idx1-ubyte"), idx(labelDims, labels), true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> FashionMNIST.load(false, List.of(d), d, failingDownloader()));
        assertInstanceOf(MalformedFileException.class, e.getCause());
        assertTrue(e.getMessage().contains(phrase), () -> "expected '" + phrase + "' in: " + e.getMessage());
    }

    private static void assertIdxError(Path f, String phrase) {
        MalformedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(MalformedFileException.class, () -> Idx.read(f, dims -> {})));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(phrase),
                () -> "expected '" + phrase + "' in: " + e.getMessage());
    }

    private static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian, as IDX
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static void write(Path file, byte[] idx, boolean compressed) throws IOException {
        if (compressed) Files.write(Path.of(file + ".gz"), gzip(idx));
        else Files.write(file, idx);
    }

    private static List<String> fileNames(Path d) throws IOException {
        if (!Files.exists(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
