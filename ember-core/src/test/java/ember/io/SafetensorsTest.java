package ember.io;

import static ember.Ember.*;
import static ember.io.TensorAssertions.assertTensorEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors format as its specification describes it: 8-byte little-endian header length, JSON header padded
 * with spaces to a multiple of 8, then the data. Python's safetensors package is not installed here, so the expected
 * files are built byte by byte from that description.
 */
class SafetensorsTest {
    @TempDir Path dir;

    /** A file from a header text (padded here to a multiple of 8 when {@code pad}) and raw data bytes. */
    private Path file(String header, boolean pad, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int length = pad ? (json.length + 7) / 8 * 8 : json.length;
        return file(length, Arrays.copyOf(json, length), data, pad ? json.length : length);
    }

    private Path file(long declaredLength, byte[] headerBytes, byte[] data, int spacesFrom) throws IOException {
        Arrays.fill(headerBytes, spacesFrom, headerBytes.length, (byte) ' ');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength).array());
        out.write(headerBytes);
        out.write(data);
        Path f = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(f, out.toByteArray());
        return f;
    }

    private static byte[] le(int capacity, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    @Test
    void loadsAHandCraftedFile() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[16,32]},"
                + "\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[32,40]},"
                + "\"e\":{\"dtype\":\"I32\",\"shape\":[0,3],\"data_offsets\":[40,40]},"
                + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[40,43]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[43,44]}}";
        byte[] data = le(44, b -> b.putLong(7).putLong(-1L << 40).putFloat(1.5f).putFloat(-2f).putFloat(0.25f)
                .putFloat(1e-3f).putDouble(Math.PI).put((byte) 1).put((byte) 0).put((byte) 1).put((byte) 200));
        Path f = file(header, true, data);
        Map<String, Tensor> m = Safetensors.load(f);
        assertEquals(List.of("b", "a", "s", "e", "m", "u"), new ArrayList<>(m.keySet()), "header order");
        assertTensorEquals(tensor(new long[]{7L, -1L << 40}), m.get("b"));
        assertTensorEquals(tensor(new double[][]{{1.5, -2}, {0.25, 1e-3}}), m.get("a"));
        assertTensorEquals(scalar(Math.PI, DType.FLOAT64), m.get("s"));
        assertTensorEquals(zeros(DType.INT32, 0, 3), m.get("e"));
        assertTensorEquals(tensor(true, false, true), m.get("m"));
        assertTensorEquals(tensor(DType.UINT8, 200), m.get("u"));
        assertEquals(Map.of("format", "pt"), Safetensors.loadMetadata(f));
    }

    @Test
    void writesTheReferenceBytes() throws IOException {
        // {"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}} is 64 bytes: no padding needed
        String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(64, header.length());
        Path f = dir.resolve("a.safetensors");
        Safetensors.save(Map.of("attn.0", arange(6.0).reshape(1, 2, 3)), f);
        byte[] values = le(24, b -> { for (int i = 0; i < 6; i++) b.putFloat(i); });
        assertArrayEquals(Files.readAllBytes(file(header, true, values)), Files.readAllBytes(f));

        // one byte shorter ("attn0") with 4 dims: 65 bytes, padded with 7 spaces to 72
        header = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(65, header.length());
        Safetensors.save(Map.of("attn0", arange(6.0).reshape(1, 1, 2, 3)), f);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(72, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertArrayEquals(Files.readAllBytes(file(header, true, values)), bytes);

        // no tensors: "{}" and six spaces; metadata only: 35 bytes and five spaces
        Safetensors.save(Map.of(), f);
        assertArrayEquals(Files.readAllBytes(file("{}", true, new byte[0])), Files.readAllBytes(f));
        Safetensors.save(Map.of(), Map.of("framework", "pt"), f);
        assertArrayEquals(Files.readAllBytes(file("{\"__metadata__\":{\"framework\":\"pt\"}}", true, new byte[0])),
                Files.readAllBytes(f));
        assertEquals(Map.of("framework", "pt"), Safetensors.loadMetadata(f));
        assertTrue(Safetensors.load(f).isEmpty());
    }

    @Test
    void sortsByAlignmentThenNameAsTheReferenceWriter() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("b", ones(2));
        in.put("m", tensor(true));
        in.put("a", ones(1));
        in.put("z", tensor(DType.UINT8, 3));
        in.put("i", tensor(DType.INT32, 4));
        in.put("d", tensor(DType.FLOAT64, 5));
        in.put("c", tensor(new long[]{6L}));
        in.put("B", ones(1)); // 'B' (0x42) sorts before 'a' (0x61)
        Path f = dir.resolve("s.safetensors");
        Safetensors.save(in, f);
        // the reference's dtype order is I64 > F64 > F32 > I32 > U8 > BOOL, each group by name
        assertEquals(List.of("c", "d", "B", "a", "b", "i", "z", "m"), new ArrayList<>(Safetensors.load(f).keySet()));
        String header = new String(Files.readAllBytes(f), 8, 400, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"B\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}"), header);
    }

    @Test
    void roundTripsEveryDtypeAndShape() throws IOException {
        Tensor base = arange(24.0).sub(7.5).reshape(2, 3, 4);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (DType dtype : DType.values()) {
            String n = dtype.name();
            in.put(n, base.to(dtype));
            in.put(n + ".t", base.to(dtype).transpose(0, 2));
            in.put(n + ".step", base.to(dtype).slice(2, 1, null, 2));
            in.put(n + ".expand", base.to(dtype).select(1, 1).unsqueeze(0).expand(3, 2, 4));
            in.put(n + ".0d", scalar(3, dtype));
            in.put(n + ".empty", zeros(dtype, 2, 0, 3));
        }
        in.put("näme \"quoted\"\n\u0001 ✓ 😀", ones(1));
        Path f = dir.resolve("all.safetensors");
        Safetensors.save(in, Map.of("k\"ey", "välue\\"), f);
        Map<String, Tensor> out = Safetensors.load(f);
        assertEquals(in.keySet(), out.keySet());
        for (String name : in.keySet()) assertTensorEquals(in.get(name), out.get(name));
        assertEquals(Map.of("k\"ey", "välue\\"), Safetensors.loadMetadata(f));
    }

    @Test
    void refusesNamesItCannotStore() {
        Path f = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(Map.of("__metadata__", ones(1)), f));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(Map.of("\ud800", ones(1)), f));
        assertTrue(Files.notExists(f));
    }

    // ---- hostile files ----

    private static final String ONE_F32 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void everyTruncationIsReported() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.save(Map.of("w", tensor(1.0, 2.0), "i", tensor(new long[]{3L}), "m", tensor(true)), Map.of("a", "b"), good);
        byte[] whole = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int n = 0; n < whole.length; n++) {
                Files.write(cut, Arrays.copyOf(whole, n));
                MalformedFileException e = assertThrows(MalformedFileException.class, () -> Safetensors.load(cut), "cut at " + n);
                assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            }
        });
        Files.write(cut, Arrays.copyOf(whole, whole.length + 1));
        assertMalformed(cut, "the tensors cover 17 bytes of data but the file holds 18");
    }

    @Test
    void lyingHeaderLengths() throws IOException {
        assertMalformed(file(-1, new byte[8], new byte[0], 8), "exceeds the 100000000-byte limit");
        assertMalformed(file(200_000_000, new byte[8], new byte[0], 8), "exceeds the 100000000-byte limit");
        assertMalformed(file(4096, ONE_F32.getBytes(StandardCharsets.UTF_8), new byte[8], 0), "runs past the end of the file");
        assertMalformed(file(0, new byte[0], new byte[0], 0), "does not start with '{'");
        assertMalformed(file("[1, 2]", true, new byte[0]), "does not start with '{'");
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[]{1, 2, 3});
        assertMalformed(tiny, "too short");
    }

    @Test
    void badUtf8AndJson() throws IOException {
        byte[] badUtf8 = "{\"w\":{}}".getBytes(StandardCharsets.UTF_8);
        badUtf8[2] = (byte) 0xC3;
        assertMalformed(file(8, badUtf8, new byte[0], 8), "not valid UTF-8");
        String[][] cases = {
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},}", "expected '\"'"},
                {"{\"w\" {\"dtype\":\"F32\"}}", "expected ':'"},
                {"{\"w", "unterminated string"},
                {"{\"w\u0001\":{}}", "control character U+0001"},
                {"{\"\\ud800\":{}}", "lone surrogate"},
                {"{\"\\udc00\":{}}", "lone surrogate"},
                {"{\"\\x\":{}}", "invalid escape"},
                {"{\"\\u12\":{}}", "invalid \\u escape"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", "not an integer"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2e0],\"data_offsets\":[0,8]}}", "not an integer"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "negative number"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[02],\"data_offsets\":[0,8]}}", "leading zero"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", "too large"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} x", "after the end"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"w\":{}}", "appears twice"},
                {"{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\"}}", "has field 'dtype' twice"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", "unknown field 'x'"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", "lacks 'data_offsets'"},
                {"{\"w\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unknown dtype 'F33'"},
                {"{\"w\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", "BF16, which Ember has no tensor type"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", "expected '['"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", "exactly 2 data_offsets"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", "exactly 2 data_offsets"},
                {"{\"w\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,8]}}", "expected '\"'"},
                {"{\"__metadata__\":{\"a\":1}," + ONE_F32.substring(1), "expected '\"'"},
                {"{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", "metadata key 'a' appears twice"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":" + "[".repeat(100_000), "expected a number"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(100) + "2],\"data_offsets\":[0,8]}}", "more than 64 dimensions"},
        };
        for (String[] c : cases) assertMalformed(file(c[0], true, new byte[8]), c[1]);
    }

    @Test
    void lyingShapesAndOffsets() throws IOException {
        String[][] cases = {
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483648,2147483648],\"data_offsets\":[0,8]}}", "a dimension of size 2147483648"},
                {"{\"w\":{\"dtype\":\"F64\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,8]}}", "overflows a 64-bit count"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", "(17179869184 bytes) but its data_offsets [0, 8] span 8 bytes"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}", "outside the data area of 8 bytes"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", "outside the data area"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "(12 bytes) but its data_offsets [0, 8] span 8"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "overlap"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "(a gap)"},
                {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "cover 4 bytes of data but the file holds 8"},
                {"{\"w\":{\"dtype\":\"BOOL\",\"shape\":[8],\"data_offsets\":[0,8]}}", "element 0 is the byte 7"},
        };
        byte[] data = {7, 0, 0, 0, 0, 0, 0, 0};
        for (String[] c : cases) assertMalformed(file(c[0], true, data), c[1]);
    }

    private static void assertMalformed(Path file, String phrase) {
        MalformedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(MalformedFileException.class, () -> Safetensors.load(file), phrase));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), () -> "expected '" + phrase + "' in: " + e.getMessage());
    }
}
