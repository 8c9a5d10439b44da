package ember.reliability;

import static ember.reliability.Fuzz.BAD_UTF8;
import static ember.reliability.Fuzz.insert;
import static ember.reliability.Fuzz.mutateBytes;
import static ember.reliability.Fuzz.pick;
import static ember.reliability.Fuzz.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.data.CsvTable;
import ember.data.FashionMNIST;
import ember.io.Npy;
import ember.io.Safetensors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds every parser of outside files (IDX through {@link FashionMNIST}, safetensors, {@code .npy}, CSV through
 * {@link CsvTable}) 12,000 generated malformed inputs each: truncations, wrong magic numbers, lying header lengths and
 * dimension sizes, huge declared shapes, bad UTF-8 and broken JSON or dict syntax, random byte and bit flips of valid
 * files, splices of two files. Every case must parse or fail with a clear exception, within the time limit and
 * without allocating far more than its input (see {@link Fuzz}). Seeds are fixed: case {@code i} of a parser reproduces
 * from {@code new Random(SEED + i)}.
 */
class ParserFuzzTest {
    static final int CASES = 12_000;
    static final long IDX_SEED = 7_000_000, SAFETENSORS_SEED = 8_000_000, NPY_SEED = 9_000_000, CSV_SEED = 10_000_000;

    @TempDir static Path scratch;
    static List<byte[]> safetensorsFiles, npyFiles;

    @BeforeAll
    static void validFiles() throws IOException {
        Ember.manualSeed(5);
        List<Map<String, Tensor>> sets = List.of(
                Map.of("w", Ember.randn(2, 3), "b", Ember.zeros(3)),
                Map.of("x", Ember.arange(6).reshape(2, 3), "flag", Ember.tensor(true, false), "s", Ember.scalar(1.5)),
                Map.of("d", Ember.randn(DType.FLOAT64, 4), "empty", Ember.zeros(0, 3), "u", Ember.ones(DType.UINT8, 5)),
                Map.of("i", Ember.ones(DType.INT32, 2, 2), "layer.0.weight", Ember.rand(3, 2).t()),
                Map.of());
        safetensorsFiles = new ArrayList<>();
        for (int k = 0; k < sets.size(); k++) {
            Path f = scratch.resolve("base" + k + ".safetensors");
            Safetensors.save(sets.get(k), k == 1 ? Map.of("format", "pt", "note", "é\"\\") : null, f);
            safetensorsFiles.add(Files.readAllBytes(f));
        }
        npyFiles = new ArrayList<>();
        List<Tensor> arrays = List.of(Ember.randn(2, 3), Ember.randn(DType.FLOAT64, 3), Ember.arange(5),
                Ember.ones(DType.INT32, 2, 1), Ember.ones(DType.UINT8, 3), Ember.tensor(true, false, true),
                Ember.scalar(2.5), Ember.zeros(0, 3));
        for (int k = 0; k < arrays.size(); k++) {
            Path f = scratch.resolve("base" + k + ".npy");
            Npy.save(arrays.get(k), f);
            npyFiles.add(Files.readAllBytes(f));
        }
        // what numpy writes for a big-endian and a Fortran-ordered array, and the 2.0 and 3.0 format versions
        npyFiles.add(npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", new byte[16]));
        npyFiles.add(npy(1, "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 2), }", new byte[32]));
        npyFiles.add(npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[12]));
        npyFiles.add(npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4]));
    }

    private static void check(Fuzz.Report report) {
        System.out.println("[fuzz] " + report);
        assertTrue(report.findings.isEmpty(), report.parser + " findings:\n" + String.join("\n", report.findings.subList(0,
                Math.min(20, report.findings.size()))));
        assertEquals(CASES, report.cases, report.toString());
    }

    private static Path dir(String name) throws IOException { return Files.createDirectories(scratch.resolve(name)); }

    // ---- IDX (Fashion-MNIST) ----

    @Test
    void idxThroughFashionMnist() throws IOException {
        check(Fuzz.run("IDX", dir("idx"), CASES, IDX_SEED, ParserFuzzTest::idxCase, d -> FashionMNIST.train(d)));
    }

    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static Fuzz.Case idxCase(Random rng) {
        int n = rng.nextInt(4);
        byte[] labelData = new byte[n], pixels = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) labelData[i] = (byte) rng.nextInt(10);
        rng.nextBytes(pixels);
        byte[][] files = {idx(8, new int[]{n}, labelData), idx(8, new int[]{n, 28, 28}, pixels)};
        StringBuilder what = new StringBuilder(n + " examples; ");
        int target = rng.nextInt(3); // labels, images, or both
        for (int f = 0; f < 2; f++) {
            if (target != 2 && target != f) continue;
            what.append(f == 0 ? "labels: " : "images: ");
            files[f] = rng.nextBoolean() ? idxStructural(rng, files[f], what) : mutateBytes(rng, files[f], files[1 - f], what);
            what.append("; ");
        }
        long payload = Math.max(files[0].length, files[1].length);
        boolean gzip = rng.nextInt(4) == 0;
        if (gzip) {
            for (int f = 0; f < 2; f++) files[f] = gzip(files[f]);
            if (rng.nextInt(3) == 0) {
                int f = rng.nextInt(2);
                what.append("gzip of ").append(f == 0 ? "labels" : "images").append(": ");
                files[f] = mutateBytes(rng, files[f], files[1 - f], what);
            }
        }
        String suffix = gzip ? ".gz" : "";
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("train-labels-idx1-ubyte" + suffix, files[0]);
        out.put("train-images-idx3-ubyte" + suffix, files[1]);
        return new Fuzz.Case(what + (gzip ? "gzip" : "plain"), out, payload);
    }

    private static final int[] LYING_SIZES = {0, 1, 2, 3, 4, 27, 29, 255, 60000, 100000, 100001, 1 << 20, 0x7FFFFFFF,
            0x80000000, 0xFFFFFFFF, 0x10000, 0x01000000};

    static byte[] idxStructural(Random rng, byte[] f, StringBuilder what) {
        byte[] r = f.clone();
        int ndim = r[3];
        switch (rng.nextInt(5)) {
            case 0 -> {
                int at = rng.nextInt(4);
                r[at] = (byte) (int) pick(rng, 1, 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0, 3, 9, 255, rng.nextInt(256));
                what.append("magic byte ").append(at).append(" = ").append(r[at] & 0xFF);
            }
            case 1 -> {
                int d = rng.nextInt(ndim), size = LYING_SIZES[rng.nextInt(LYING_SIZES.length)];
                ByteBuffer.wrap(r).putInt(4 + 4 * d, size);
                what.append("dimension ").append(d).append(" = ").append(Integer.toUnsignedString(size));
            }
            case 2 -> {
                int cut = 4 + 4 * ndim + (rng.nextBoolean() ? 0 : rng.nextInt(Math.max(1, r.length - 4 - 4 * ndim)));
                what.append("data cut at ").append(cut);
                r = java.util.Arrays.copyOf(r, Math.min(cut, r.length));
            }
            case 3 -> {
                int extra = 1 + rng.nextInt(800);
                what.append(extra).append(" extra bytes");
                r = java.util.Arrays.copyOf(r, r.length + extra);
            }
            default -> {
                int dims = pick(rng, 4, 8, 9);
                ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims).order(ByteOrder.BIG_ENDIAN);
                b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims);
                for (int d = 0; d < dims; d++) b.putInt(LYING_SIZES[rng.nextInt(LYING_SIZES.length)]);
                what.append(dims).append(" dimensions of lying sizes");
                r = b.array();
            }
        }
        return r;
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- safetensors ----

    @Test
    void safetensors() throws IOException {
        check(Fuzz.run("safetensors", dir("safetensors"), CASES, SAFETENSORS_SEED, ParserFuzzTest::safetensorsCase,
                d -> Safetensors.load(d.resolve("f.safetensors"))));
    }

    private static final String[] NUMBERS = {"0", "1", "-1", "1.5", "1e3", "-0", "01", "", "2147483647", "2147483648",
            "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999999"};
    private static final String[] STRINGS = {"\"F16\"", "\"BF16\"", "\"X\"", "\"\\ud800\"", "\"\\udc00\"",
            "\"\\ud800\\u0041\"", "\"\\u00\"", "\"\\x\"", "\"__metadata__\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"",
            "\"\"", "\"\u0001\"", "\"a", "\"F32\"", "\"I64\"", "\"BOOL\"", "1", "null", "{}", "[]"};
    private static final Pattern NUMBER = Pattern.compile("\\d+"), STRING = Pattern.compile("\"[^\"]*\"");

    static Fuzz.Case safetensorsCase(Random rng) {
        byte[] base = pick(rng, safetensorsFiles), other = pick(rng, safetensorsFiles);
        StringBuilder what = new StringBuilder();
        if (rng.nextInt(3) == 0) {
            byte[] mutated = mutateBytes(rng, base, other, what.append("bytes: "));
            return Fuzz.Case.of(what.toString(), "f.safetensors", mutated);
        }
        long declared = ByteBuffer.wrap(base, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String json = new String(base, 8, (int) declared, StandardCharsets.UTF_8).stripTrailing();
        byte[] data = java.util.Arrays.copyOfRange(base, 8 + (int) declared, base.length);
        for (int k = 0, edits = 1 + rng.nextInt(2); k < edits; k++) json = mutateJson(rng, json, what);
        byte[] header = utf8(json);
        if (rng.nextInt(8) == 0) {
            byte[] bad = pick(rng, BAD_UTF8);
            header = insert(header, rng.nextInt(header.length + 1), bad);
            what.append("bad UTF-8; ");
        }
        if (rng.nextInt(6) == 0) {
            data = java.util.Arrays.copyOf(data, Math.max(0, data.length + rng.nextInt(17) - 8));
            what.append("data resized; ");
        }
        long length = header.length;
        if (rng.nextInt(4) == 0) {
            length = pick(rng, 0L, 1L, 7L, length - 1, length + 1, length + 8, length + data.length, 8L + length + data.length,
                    1L << 31, Long.MAX_VALUE, -1L, 100_000_000L, 100_000_001L, Long.MIN_VALUE);
            what.append("header length ").append(length);
        }
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(length).put(header).put(data);
        return Fuzz.Case.of(what.toString(), "f.safetensors", file.array());
    }

    static String mutateJson(Random rng, String json, StringBuilder what) {
        switch (rng.nextInt(12)) {
            case 0 -> {
                what.append("number; ");
                return replaceOne(rng, json, NUMBER, pick(rng, NUMBERS));
            }
            case 1 -> {
                what.append("string; ");
                return replaceOne(rng, json, STRING, pick(rng, STRINGS));
            }
            case 2 -> {
                if (json.isEmpty()) return json;
                int at = rng.nextInt(json.length());
                what.append("char deleted; ");
                return json.substring(0, at) + json.substring(at + 1);
            }
            case 3 -> {
                int at = rng.nextInt(json.length() + 1);
                what.append("char inserted; ");
                return json.substring(0, at) + pick(rng, "{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\t", "\n", "0", "-", "é")
                        + json.substring(at);
            }
            case 4 -> {
                what.append("member repeated; ");
                int open = json.indexOf("\":{");
                int close = json.indexOf('}', open + 1);
                if (open < 0 || close < 0) return json;
                int start = json.lastIndexOf('"', open - 1);
                return json.substring(0, close + 1) + "," + json.substring(start, close + 1) + json.substring(close + 1);
            }
            case 5 -> {
                int depth = pick(rng, 100, 10_000, 200_000);
                what.append("nested ").append(depth).append(" deep; ");
                return rng.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            }
            case 6 -> {
                what.append("shape; ");
                return replaceOne(rng, json, Pattern.compile("\"shape\":\\[[^\\]]*\\]"), "\"shape\":" + pick(rng,
                        "[" + "1,".repeat(64) + "1]", "[2147483647,2147483647,2147483647]", "[0,2147483647]",
                        "[4294967296]", "[-2]", "[1.0]", "[]", "[[1]]", "{}", "\"2\"", "[3,"));
            }
            case 7 -> {
                what.append("offsets; ");
                return replaceOne(rng, json, Pattern.compile("\"data_offsets\":\\[[^\\]]*\\]"), "\"data_offsets\":" + pick(rng,
                        "[0]", "[0,1,2]", "[5,3]", "[0,9223372036854775807]", "[0,0]", "[4,4]", "[]", "[0,-4]", "[1,5]"));
            }
            case 8 -> {
                int at = rng.nextInt(json.length() + 1);
                what.append("cut at ").append(at).append("; ");
                return json.substring(0, at);
            }
            case 9 -> {
                what.append("metadata; ");
                return "{\"__metadata__\":" + pick(rng, "{\"a\":1}", "{\"a\":{}}", "[]", "\"x\"", "{\"a\":\"b\",\"a\":\"c\"}",
                        "{\"\\u0000\":\"\"}") + (json.length() > 2 ? "," + json.substring(1) : "}");
            }
            case 10 -> {
                what.append("trailing text; ");
                return json + pick(rng, " x", "}", ",", "{}", "\u0000", " \n ");
            }
            default -> {
                what.append("member dropped; ");
                return replaceOne(rng, json, Pattern.compile("\"(dtype|shape|data_offsets)\":(\"[^\"]*\"|\\[[^\\]]*\\]),?"), "");
            }
        }
    }

    private static String replaceOne(Random rng, String s, Pattern p, String replacement) {
        Matcher m = p.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[]{m.start(), m.end()});
        if (spans.isEmpty()) return s;
        int[] span = pick(rng, spans);
        return s.substring(0, span[0]) + replacement + s.substring(span[1]);
    }

    // ---- .npy ----

    @Test
    void npy() throws IOException {
        check(Fuzz.run(".npy", dir("npy"), CASES, NPY_SEED, ParserFuzzTest::npyCase, d -> Npy.load(d.resolve("f.npy"))));
    }

    /** A .npy file of the given format version with this header dict (padded as numpy pads it) and data. */
    static byte[] npy(int major, String dict, byte[] data) {
        return npyRaw(major, dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), data, -1);
    }

    /** {@code declaredLength} < 0: the true padded header length. */
    static byte[] npyRaw(int major, byte[] dict, byte[] data, long declaredLength) {
        int lengthBytes = major == 1 ? 2 : 4, prefix = 8 + lengthBytes;
        int padding = 63 - (prefix + dict.length) % 64;
        byte[] header = java.util.Arrays.copyOf(dict, dict.length + padding + 1);
        java.util.Arrays.fill(header, dict.length, header.length - 1, (byte) ' ');
        header[header.length - 1] = '\n';
        long length = declaredLength < 0 ? header.length : declaredLength;
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put(utf8("NUMPY")).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) length);
        else b.putInt((int) length);
        return b.put(header).put(data).array();
    }

    private static final String[] DESCRS = {"'<f4'", "'>f8'", "'|u1'", "'<i8'", "'|b1'", "'<i4'", "'<f2'", "'<c16'",
            "'|O'", "'<U10'", "'|V8'", "'f4'", "'<<f4'", "''", "[('a', '<f4')]", "'<f4", "'=f4'", "'>b1'", "'<u1'", "3"};
    private static final String[] FORTRAN = {"True", "False", "1", "None", "'True'", "Tru", "", "FalseTrue"};
    private static final String[] SHAPES = {"()", "(0,)", "(3)", "(3,)", "(2, 3)", "(2147483647, 2147483647)",
            "(2147483648,)", "(99999999999999999999,)", "(-1,)", "(" + "1, ".repeat(70) + ")", "(3L, 4L)", "(,)", "(1,,2)",
            "[3]", "(0, 2147483647)", "(46341, 46341)", "(65536, 65536, 2)", "(1 2)", "(3,"};

    static Fuzz.Case npyCase(Random rng) {
        byte[] base = pick(rng, npyFiles), other = pick(rng, npyFiles);
        StringBuilder what = new StringBuilder();
        if (rng.nextInt(3) == 0) {
            byte[] mutated = mutateBytes(rng, base, other, what.append("bytes: "));
            return Fuzz.Case.of(what.toString(), "f.npy", mutated);
        }
        int major = base[6];
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.wrap(base).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8);
        int start = 8 + lengthBytes;
        String dict = new String(base, start, headerLength, StandardCharsets.ISO_8859_1).strip();
        byte[] data = java.util.Arrays.copyOfRange(base, start + headerLength, base.length);
        switch (rng.nextInt(8)) {
            case 0 -> {
                what.append("descr; ");
                dict = dict.replaceFirst("'descr': ('[^']*'|\\[[^\\]]*\\])", "'descr': " + java.util.regex.Matcher.quoteReplacement(pick(rng, DESCRS)));
            }
            case 1 -> {
                what.append("fortran_order; ");
                dict = dict.replaceFirst("'fortran_order': (True|False)", "'fortran_order': " + pick(rng, FORTRAN));
            }
            case 2 -> {
                what.append("shape; ");
                dict = dict.replaceFirst("'shape': \\([^)]*\\)", java.util.regex.Matcher.quoteReplacement("'shape': " + pick(rng, SHAPES)));
            }
            case 3 -> {
                what.append("keys; ");
                dict = pick(rng, dict.replaceFirst("'descr': '[^']*', ", ""), dict.replace("}", "'descr': '<f4', }"),
                        dict.replace("}", "'foo': 1, }"), dict.replace("{", "{{"), dict.replace("}", ""), dict.replace("'", "\""),
                        dict.replace(": ", " "), "{}", "", dict + "}", dict.replace("'", "\\'"));
            }
            case 4 -> {
                int at = rng.nextInt(dict.length() + 1);
                what.append("text inserted; ");
                dict = dict.substring(0, at) + pick(rng, "é", "\u0000", "'", "(", ")", ",", "\n", "L", "-", "\u00ff") + dict.substring(at);
            }
            case 5 -> {
                what.append("data resized; ");
                data = java.util.Arrays.copyOf(data, Math.max(0, data.length + rng.nextInt(17) - 8));
            }
            case 6 -> {
                byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
                what.append("bad UTF-8 in a version-3 header; ");
                return Fuzz.Case.of(what.toString(), "f.npy", npyRaw(3, insert(d, rng.nextInt(d.length + 1), pick(rng, BAD_UTF8)), data, -1));
            }
            default -> {
                long lie = pick(rng, 0L, 1L, (long) headerLength - 1, (long) headerLength + 1, (long) headerLength + 64,
                        10_000L, 10_001L, 65_535L, 0xFFFFFFFFL, 0x7FFFFFFFL);
                int version = pick(rng, major, 1, 2, 3);
                what.append("version ").append(version).append(", header length ").append(lie).append("; ");
                return Fuzz.Case.of(what.toString(), "f.npy", npyRaw(version, dict.getBytes(StandardCharsets.ISO_8859_1), data, lie));
            }
        }
        int version = rng.nextInt(10) == 0 ? pick(rng, 0, 4, 255, 1, 2) : major;
        if (version != major) what.append("version ").append(version).append("; ");
        byte[] file = npyRaw(Math.max(1, Math.min(version, 3)), dict.getBytes(StandardCharsets.ISO_8859_1), data, -1);
        if (version < 1 || version > 3) file[6] = (byte) version;
        return Fuzz.Case.of(what.toString(), "f.npy", file);
    }

    // ---- CSV ----

    @Test
    void csv() throws IOException {
        check(Fuzz.run("CSV", dir("csv"), CASES, CSV_SEED, ParserFuzzTest::csvCase, d -> CsvTable.read(d.resolve("f.csv"))));
    }

    private static final String[] FIELDS = {"1", "-2.5", "3e2", "1e999999", "-inf", "NaN", "NA", "", "N/A", "None", "True",
            "False", "Pave", "a b", "\"x, y\"", "\"line\nbreak\"", "\"say \"\"hi\"\"\"", "é", "0x10", "+.5", "1.", ".", "-",
            "\"\"", "  7  ", "1_000", "١٢"};

    static Fuzz.Case csvCase(Random rng) {
        StringBuilder csv = new StringBuilder(rng.nextInt(10) == 0 ? "\uFEFF" : "");
        String newline = pick(rng, "\n", "\n", "\r\n", "\r");
        int columns = 1 + rng.nextInt(6), rows = rng.nextInt(9);
        for (int c = 0; c < columns; c++) csv.append(c > 0 ? "," : "").append(pick(rng, "Id", "", "a", "a", "MSZoning", "\"x,y\"", "é", "Lot Area"));
        for (int r = 0; r < rows; r++) {
            csv.append(newline);
            if (rng.nextInt(12) == 0) csv.append(newline); // a blank line
            int width = rng.nextInt(8) == 0 ? rng.nextInt(columns + 2) : columns;
            for (int c = 0; c < width; c++) csv.append(c > 0 ? "," : "").append(pick(rng, FIELDS));
        }
        if (rng.nextBoolean()) csv.append(newline);
        byte[] valid = utf8(csv.toString());
        StringBuilder what = new StringBuilder();
        if (rng.nextInt(50) == 0) {
            // a wide header and many short rows: every short row is padded with NA to the header's width
            int width = pick(rng, 2_000, 5_000, 30_000), lines = pick(rng, 1_000, 5_000, 20_000);
            StringBuilder wide = new StringBuilder(width + 2 * lines);
            wide.append(",".repeat(width - 1));
            for (int r = 0; r < lines; r++) wide.append('\n').append(r % 10);
            return Fuzz.Case.of(width + " columns, " + lines + " one-field rows", "f.csv", utf8(wide.toString()));
        }
        switch (rng.nextInt(4)) {
            case 0, 1 -> {
                byte[] mutated = mutateBytes(rng, valid, utf8(pick(rng, FIELDS)), what.append("bytes: "));
                return Fuzz.Case.of(what.toString(), "f.csv", mutated);
            }
            case 2 -> {
                byte[] bad = pick(rng, BAD_UTF8);
                return Fuzz.Case.of("bad UTF-8", "f.csv", insert(valid, rng.nextInt(valid.length + 1), bad));
            }
            default -> {
                int at = rng.nextInt(csv.length() + 1);
                String piece = pick(rng, "\"", "\"\"", ",,,,", "\r", "\n\"", "x".repeat(10_000), "9".repeat(5_000),
                        "\"" + "\n".repeat(1_000), ",".repeat(2_000));
                return Fuzz.Case.of("text inserted", "f.csv", utf8(csv.substring(0, at) + piece + csv.substring(at)));
            }
        }
    }
}
