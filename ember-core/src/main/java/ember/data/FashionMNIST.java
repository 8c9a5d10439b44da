package ember.data;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.io.AtomicFiles;
import ember.io.MalformedFileException;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.storage.ByteStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

/**
 * Zalando's Fashion-MNIST (torchvision's {@code FashionMNIST} with {@code ToTensor()}): 28×28 grey images of clothes in
 * 10 classes, 60000 for training and 10000 for testing. Example {@code i} is {@code [image, label]}: a float32 image of
 * shape [1, 28, 28] with values in [0, 1] (pixel / 255) and a 0-d int64 label. {@link #images()} and {@link #labels()}
 * give the whole set at once.
 *
 * <p>As torchvision does, the set keeps its pixels as bytes ({@link #data()}, 47 MB for the training split instead of
 * 188 as float32) and makes the float32 images when they are read: each example's image when it is taken, a
 * {@link DataLoader}'s batches as their rows are gathered. Once {@link #images()} has been asked for, the float32 images
 * exist and examples, and the batches of epochs begun after that, are taken from them instead, as from any
 * {@link TensorDataset} (an in-place change to them, such as a normalisation, shows in both).
 *
 * <p>The four IDX files ({@code train-images-idx3-ubyte.gz} etc., gzip-compressed or not) are looked for in: the
 * directory passed in, {@code $EMBER_DATA/fashion-mnist}, {@code $EMBER_DATA}, {@code ~/.cache/ember/fashion-mnist},
 * and {@code /usr/share/datasets/fashion-mnist} (Debian's {@code dataset-fashion-mnist} package). When none has them,
 * they are downloaded from the official mirror into the directory passed in, else into the cache; each download is
 * checked against the SHA-1 of its uncompressed content and renamed into place atomically.
 */
public final class FashionMNIST extends TensorDataset {
    /** d2l's {@code get_fashion_mnist_labels} names, by class index. */
    public static final List<String> CLASSES = List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "ankle boot");

    static final URI MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int SIDE = 28;
    /** More than either split has; refuses headers that would make us hold absurd amounts of decompressed data. */
    private static final int MAX_IMAGES = 100_000;
    private static final int MAX_DOWNLOAD_BYTES = 64 << 20;
    /**
     * SHA-1 of each file's uncompressed content, computed from Debian's copies. The compressed bytes are not compared:
     * Debian recompressed the upstream files (same data, different gzip headers), so their gzip checksums differ.
     */
    private static final Map<String, String> CONTENT_SHA1 = Map.of(
            "train-images-idx3-ubyte", "b9bd999c0106c9b8b4b0cefce58c9a6060f27095",
            "train-labels-idx1-ubyte", "4bccf37222e01638381eaa326bf730337a597267",
            "t10k-images-idx3-ubyte", "880056926db704f9f713097915f99da346f5b1d1",
            "t10k-labels-idx1-ubyte", "958122e8b4b97fd4e71eca2d08ef754ed77c3ad9");

    private static final int PIXELS = SIDE * SIDE;
    private static final Kernels K = KernelProvider.get();
    /** Whether the warm-up of Note [Compiling the pixel conversion early] has been started. */
    private static final AtomicBoolean CONVERSION_COMPILED = new AtomicBoolean();

    /** uint8 [N, 1, 28, 28]: what the images are made from. */
    private final Tensor pixels;
    private final Tensor labels;
    private final Path directory;
    /** float32 [N, 1, 28, 28], made when {@link #images()} is first called. */
    private volatile Tensor images;
    private final Object imagesLock = new Object();

    private FashionMNIST(Tensor pixels, Tensor labels, Path directory) {
        super(pixels, labels);
        this.pixels = pixels;
        this.labels = labels;
        this.directory = directory;
    }

    /** The 60000 training examples. */
    public static FashionMNIST train() { return load(true, null); }

    /** The 10000 test examples. */
    public static FashionMNIST test() { return load(false, null); }

    /** The training examples, looking in {@code directory} first (and downloading into it if need be). */
    public static FashionMNIST train(Path directory) { return load(true, directory); }

    /** The test examples, looking in {@code directory} first (and downloading into it if need be). */
    public static FashionMNIST test(Path directory) { return load(false, directory); }

    /**
     * All images, float32 of shape [N, 1, 28, 28] with values in [0, 1]: made from {@link #data()} when first asked for
     * (188 MB for the training split) and kept; later calls return the same tensor, from which examples and batches are
     * then taken.
     */
    public Tensor images() {
        Tensor made = images;
        if (made == null) {
            synchronized (imagesLock) {
                made = images;
                if (made == null) images = made = unitImages(0, size());
            }
        }
        return made;
    }

    /** The pixels as read from the file, uint8 of shape [N, 28, 28] (torchvision's {@code data}). */
    public Tensor data() { return pixels.view(size(), SIDE, SIDE); }

    /**
     * Example i: its float32 image [1, 28, 28] (made from its pixels, or a view of {@link #images()} once that exists)
     * and its 0-d int64 label.
     */
    @Override
    public List<Tensor> get(int i) {
        Objects.checkIndex(i, size());
        Tensor made = images;
        List<Tensor> example = new ArrayList<>(2);
        example.add(made != null ? made.select(0, i) : unitImages(i, 1).view(1, SIDE, SIDE));
        example.add(labels.select(0, i));
        return example;
    }

    /** {@link #images()} and {@link #labels()}. */
    @Override
    public List<Tensor> tensors() { return List.of(images(), labels); }

    /** The bytes and the labels, or the float32 images once made. */
    @Override
    List<Tensor> rowSources() {
        Tensor made = images;
        return List.of(made != null ? made : pixels, labels);
    }

    @Override
    boolean pixels(int column, Tensor source) { return column == 0 && source.dtype() == DType.UINT8; }

    /**
     * Note [Compiling the pixel conversion early]
     * Batches are made float32 by the kernels' pixelsToUnit, whose Vector API code is fast only once C2 has compiled
     * it: the interpreter and C1 box every vector, and C2 compiles it after thousands of rows. So when the first set is
     * read, a daemon thread converts 64 pixels 20,000 times while the files are decompressed. Measured on the 2-core
     * Xeon, fresh JVMs, reading the training set and then one shuffled epoch of batches of 256 with nothing else: load
     * 0.27-0.29 s and first epoch 0.30-0.34 s without, 0.30-0.36 s and 0.12-0.15 s with (later epochs 0.05-0.07 s).
     */
    private static void compileConversion() {
        ByteStorage image = new ByteStorage(new byte[64]);
        FloatStorage unit = new FloatStorage(new float[64]);
        for (int i = 0; i < 20_000; i++) K.pixelsToUnit(image, 0, unit, 0, 64);
    }

    /** Images from..from+count as float32 [count, 1, 28, 28], pixel / 255. */
    private Tensor unitImages(int from, int count) {
        float[] unit = new float[Math.multiplyExact(count, PIXELS)];
        K.pixelsToUnit(pixels.storage(), pixels.storageOffset() + from * PIXELS, new FloatStorage(unit), 0, unit.length);
        return Ember.fromArray(unit, count, 1, SIDE, SIDE);
    }

    /** All labels, int64 of shape [N], class indices 0 to 9. */
    public Tensor labels() { return labels; }

    /** The directory the files were read from. */
    public Path directory() { return directory; }

    /** The class names of integer labels of any shape, in row-major order ({@code get_fashion_mnist_labels}). */
    public static List<String> textLabels(Tensor labels) {
        if (labels.dtype().isFloatingPoint())
            throw new IllegalArgumentException("textLabels expects integer class indices, got a " + labels.dtype() + " tensor");
        List<String> names = new ArrayList<>(labels.numel());
        for (long label : labels.toLongArray()) {
            if (label < 0 || label >= CLASSES.size())
                throw new IllegalArgumentException("textLabels: " + label + " is not a Fashion-MNIST class (0 to 9)");
            names.add(CLASSES.get((int) label));
        }
        return names;
    }

    private static FashionMNIST load(boolean train, Path directory) {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "ember", "fashion-mnist");
        return load(train, searchPath(directory, System.getenv("EMBER_DATA"), cache), directory != null ? directory : cache,
                FashionMNIST::httpGet);
    }

    /** Where to look, in order. */
    static List<Path> searchPath(Path given, String emberData, Path cache) {
        List<Path> dirs = new ArrayList<>();
        if (given != null) dirs.add(given);
        if (emberData != null && !emberData.isBlank()) {
            dirs.add(Path.of(emberData, "fashion-mnist"));
            dirs.add(Path.of(emberData));
        }
        dirs.add(cache);
        dirs.add(DEBIAN_DIRECTORY);
        return dirs;
    }

    /** Fetches at most {@code maxBytes} from a URI. */
    @FunctionalInterface
    interface Downloader {
        byte[] fetch(URI uri, int maxBytes) throws IOException;
    }

    static FashionMNIST load(boolean train, List<Path> searchPath, Path downloadDirectory, Downloader downloader) {
        String prefix = train ? "train" : "t10k";
        String imagesName = prefix + "-images-idx3-ubyte", labelsName = prefix + "-labels-idx1-ubyte";
        try {
            for (Path dir : searchPath) {
                Path imageFile = existing(dir, imagesName), labelFile = existing(dir, labelsName);
                if (imageFile != null && labelFile != null) return read(imageFile, labelFile, dir);
            }
            IOException downloadFailure;
            try {
                Files.createDirectories(downloadDirectory);
                Path imageFile = download(imagesName, downloadDirectory, downloader);
                Path labelFile = download(labelsName, downloadDirectory, downloader);
                return read(imageFile, labelFile, downloadDirectory);
            } catch (MalformedFileException e) {
                throw e;
            } catch (IOException e) {
                downloadFailure = e;
            }
            throw new UncheckedIOException(notFound(prefix, imagesName, labelsName, searchPath, downloadDirectory, downloadFailure),
                    downloadFailure);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** {@code name.gz} or {@code name} in {@code dir}, whichever exists first; null when neither does. */
    private static Path existing(Path dir, String name) {
        for (Path p : new Path[]{dir.resolve(name + ".gz"), dir.resolve(name)}) if (Files.isRegularFile(p)) return p;
        return null;
    }

    private static FashionMNIST read(Path imageFile, Path labelFile, Path dir) throws IOException {
        if (!CONVERSION_COMPILED.getAndSet(true)) // Note [Compiling the pixel conversion early]
            Thread.ofPlatform().daemon().name("ember-pixels-warm-up").start(FashionMNIST::compileConversion);
        Idx.Array labelData = Idx.read(labelFile, dims -> {
            if (dims.length != 1 || dims[0] > MAX_IMAGES)
                throw new MalformedFileException(labelFile, "expected labels of shape [N] with N ≤ " + MAX_IMAGES
                        + ", the file declares " + Arrays.toString(dims));
        });
        int n = labelData.dims()[0];
        Idx.Array imageData = Idx.read(imageFile, dims -> {
            if (dims.length != 3 || dims[1] != SIDE || dims[2] != SIDE)
                throw new MalformedFileException(imageFile, "expected images of shape [N, 28, 28], the file declares "
                        + Arrays.toString(dims));
            if (dims[0] != n)
                throw new MalformedFileException(imageFile, "has " + dims[0] + " images but " + labelFile + " has " + n + " labels");
        });
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = labelData.data()[i] & 0xFF;
            if (labels[i] >= CLASSES.size())
                throw new MalformedFileException(labelFile, "label " + labels[i] + " of example " + i + " is not a class 0 to 9");
        }
        Tensor pixels = Tensor.wrap(new ByteStorage(imageData.data()), Layout.contiguous(n, 1, SIDE, SIDE));
        return new FashionMNIST(pixels, Ember.fromArray(labels, n), dir);
    }

    private static Path download(String name, Path dir, Downloader downloader) throws IOException {
        Path target = dir.resolve(name + ".gz");
        URI uri = MIRROR.resolve(name + ".gz");
        byte[] gz = downloader.fetch(uri, MAX_DOWNLOAD_BYTES);
        String sha1;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) digest.update(buf, 0, r);
            sha1 = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new IOException("the download of " + uri + " is not valid gzip data (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        if (!sha1.equals(CONTENT_SHA1.get(name)))
            throw new IOException("the download of " + uri + " is corrupt: its content has SHA-1 " + sha1 + ", expected "
                    + CONTENT_SHA1.get(name));
        AtomicFiles.write(target, out -> out.write(gz));
        return target;
    }

    private static byte[] httpGet(URI uri, int maxBytes) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) throw new IOException("HTTP status " + response.statusCode() + " for " + uri);
                byte[] bytes = body.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) throw new IOException(uri + " sent more than " + maxBytes + " bytes");
                return bytes;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + uri);
        }
    }

    private static String notFound(String prefix, String imagesName, String labelsName, List<Path> searchPath,
                                   Path downloadDirectory, IOException downloadFailure) {
        StringBuilder sb = new StringBuilder("Fashion-MNIST " + (prefix.equals("train") ? "training" : "test")
                + " files (" + imagesName + ".gz and " + labelsName + ".gz) not found. Looked in:");
        for (Path dir : searchPath) sb.append("\n  ").append(dir);
        sb.append("\nDownloading them from ").append(MIRROR).append(" into ").append(downloadDirectory).append(" failed: ")
                .append(downloadFailure.getMessage() != null ? downloadFailure.getMessage() : downloadFailure.toString());
        sb.append("\nTo get them: apt-get install dataset-fashion-mnist (Debian/Ubuntu), or download the four files from ")
                .append(MIRROR).append(" into one of those directories, or set EMBER_DATA to a directory holding them.");
        return sb.toString();
    }
}
