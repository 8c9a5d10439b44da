package ember.io;

import static ember.Ember.*;
import static ember.io.TensorAssertions.assertTensorEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.Tensor;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy files written by numpy (tools/golden/npy_fixtures.py, numpy 1.24.2) and by Ember. */
class NpyTest {
    @TempDir Path dir;

    /** The arrays of tools/golden/npy_fixtures.py, built from the same formulas. */
    static Map<String, Tensor> fixtures() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        // np.arange(6, dtype="<f4").reshape(2, 3) / np.float32(4) - np.float32(0.5)
        Tensor f4 = tensor(-0.5, -0.25, 0, 0.25, 0.5, 0.75).reshape(2, 3);
        m.put("f4_2x3", f4);
        m.put("f8_3", tensor(DType.FLOAT64, 1.5, -2.25, 1e300));                     // np.array([1.5, -2.25, 1e300])
        m.put("i8_2x2", tensor(new long[]{1L, -2L, 1L << 40, -(1L << 62)}).reshape(2, 2));       // [[1, -2], [2**40, -(2**62)]]
        m.put("i4_4", tensor(DType.INT32, 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)); // [0, -1, 2**31 - 1, -(2**31)]
        m.put("u1_5", tensor(DType.UINT8, 0, 1, 127, 128, 255));
        m.put("b1_2x2", tensor(true, false, false, true).reshape(2, 2));
        m.put("f4_scalar", scalar(3.5));                                               // np.array(3.5, dtype="<f4")
        m.put("f4_0x3", zeros(0, 3));
        m.put("i8_2x3x4", arange(24).reshape(2, 3, 4));
        return m;
    }

    private static Path resource(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/npy/" + name + ".npy").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadsWhatNumpyWrote() throws IOException {
        for (Map.Entry<String, Tensor> e : fixtures().entrySet())
            assertTensorEquals(e.getValue(), Npy.load(resource(e.getKey())));
    }

    @Test
    void savesExactlyWhatNumpySaves() throws IOException {
        for (Map.Entry<String, Tensor> e : fixtures().entrySet()) {
            Path mine = dir.resolve(e.getKey() + ".npy");
            Npy.save(e.getValue(), mine);
            assertArrayEquals(Files.readAllBytes(resource(e.getKey())), Files.readAllBytes(mine), e.getKey());
        }
    }

    @Test
    void bigEndianIsConverted() throws IOException {
        Map<String, Tensor> f = fixtures();
        assertTensorEquals(f.get("f4_2x3"), Npy.load(resource("big_f4_2x3")));
        assertTensorEquals(f.get("f8_3"), Npy.load(resource("big_f8_3")));
        assertTensorEquals(tensor(new long[]{1L, -2L, 1L << 40}), Npy.load(resource("big_i8_3")));   // np.array([1, -2, 2**40], dtype=">i8")
        assertTensorEquals(tensor(DType.INT32, 1, -2, 1 << 30), Npy.load(resource("big_i4_3")));
    }

    @Test
    void fortranOrderIsTransposedToRowMajor() throws IOException {
        // np.asfortranarray(np.arange(6, dtype="<i4").reshape(2, 3)): the file stores columns 0 3 1 4 2 5
        Tensor t = Npy.load(resource("fortran_i4_2x3"));
        assertTensorEquals(arange(6).toInt().reshape(2, 3), t);
        assertTrue(t.isContiguous());
        assertTensorEquals(arange(24).toDouble().reshape(2, 3, 4), Npy.load(resource("fortran_f8_2x3x4")));
    }

    @Test
    void readsFormatVersions2And3() throws IOException {
        assertTensorEquals(fixtures().get("f4_2x3"), Npy.load(resource("v2_f4_2x3")));
        assertTensorEquals(fixtures().get("i4_4"), Npy.load(resource("v3_i4_4")));
    }

    @Test
    void refusesObjectArraysAndUnsupportedTypes() {
        assertMalformed(resource("object_2"), "pickled Python objects");
        assertMalformed(resource("f2_3"), "no tensor type for numpy dtype '<f2'");
    }

    @Test
    void roundTripsEveryDtypeAndShape() throws IOException {
        Tensor base = arange(24.0).sub(7.5).reshape(2, 3, 4);
        for (DType dtype : DType.values()) {
            for (Tensor t : new Tensor[]{
                    base.to(dtype),
                    base.to(dtype).transpose(0, 2),                       // non-contiguous
                    base.to(dtype).slice(2, 1, null, 2),                  // stepped view with an offset
                    base.to(dtype).select(1, 1).unsqueeze(0).expand(3, 2, 4), // stride-0 dims
                    scalar(3, dtype),                                     // 0-d
                    zeros(dtype, 2, 0, 3),                                // 0-size
                    zeros(dtype, 0)}) {
                Path file = dir.resolve("t.npy");
                Npy.save(t, file);
                assertTensorEquals(t, Npy.load(file));
            }
        }
    }

    @Test
    void largeHeaderUsesVersion2Like() throws IOException {
        // 40 dims of size 1: the header still fits version 1.0; numpy picks 2.0 only past 65535 bytes
        int[] shape = new int[40];
        Arrays.fill(shape, 1);
        Path file = dir.resolve("t.npy");
        Npy.save(ones(shape), file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(1, bytes[6]);
        assertEquals(0, (bytes.length - 4) % 64, "data starts at a multiple of 64");
        assertTensorEquals(ones(shape), Npy.load(file));
    }

    @Test
    void numpyReadsWhatEmberWrote() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/python3").canExecute(), "no /usr/bin/python3");
        Path script = Path.of("..", "tools", "golden", "npy_fixtures.py").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.exists(script), "script not found at " + script);
        for (Map.Entry<String, Tensor> e : fixtures().entrySet()) Npy.save(e.getValue(), dir.resolve(e.getKey() + ".npy"));
        // non-contiguous input: numpy must see the row-major values of the transposed view
        Npy.save(arange(6).toInt().reshape(2, 3).t().contiguous().t(), dir.resolve("fortran_i4_2x3.npy"));
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "check", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeFalse(output.contains("No module named 'numpy'"), "numpy is not installed");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("numpy read 10 Ember-written files"), output);
    }

    // ---- hostile files: each fails fast with a MalformedFileException naming the file and the problem ----

    @Test
    void everyTruncationIsReported() throws IOException {
        byte[] whole = Files.readAllBytes(resource("f4_2x3"));
        Path file = dir.resolve("cut.npy");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int n = 0; n < whole.length; n++) {
                Files.write(file, Arrays.copyOf(whole, n));
                MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npy.load(file), "cut at " + n);
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            }
        });
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        byte[] whole = Files.readAllBytes(resource("f4_2x3"));
        Path file = dir.resolve("long.npy");
        Files.write(file, Arrays.copyOf(whole, whole.length + 4));
        assertMalformed(file, "trailing bytes");
    }

    @Test
    void lyingHeadersAreReported() throws IOException {
        assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 2147483648), }", 0),
                "larger than 2^31-1");
        assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", 16),
                "has more than 2^31-1 elements");
        assertMalformed(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }", 16),
                "needs 4000000 bytes of data but the file has 16 (truncated)");
        assertMalformed(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3000000000), }", 0), "larger than 2^31-1");
        assertMalformed(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3), }", 24), "not a tuple");
        assertMalformed(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }", 24), "non-negative integer");
        assertMalformed(npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,), }", 24), "True or False");
        assertMalformed(npy("{'descr': '<f8', 'shape': (3,), }", 24), "lacks 'fortran_order'");
        assertMalformed(npy("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 24), "twice");
        assertMalformed(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}", 24), "unknown key 'x'");
        assertMalformed(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }", 24), "structured dtype");
        assertMalformed(npy("{'descr': '=f8', 'fortran_order': False, 'shape': (3,), }", 24), "byte order '='");
        assertMalformed(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), } junk", 24), "unexpected text");
        assertMalformed(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), ", 24), "expected");
        assertMalformed(npy("{'descr': '<f8\\x', 'fortran_order': False, 'shape': (3,), }", 24), "escape");
        assertMalformed(npy("((((((((((((((((((((((((((((((((((((((((((((((", 0), "expected '{'");
        assertMalformed(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", 0, new byte[]{1, 7}),
                "only 0 and 1 are valid");
        // python 2's long integers are fine
        assertTensorEquals(zeros(DType.FLOAT64, 1, 2),
                Npy.load(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 2L), }", 16)));
    }

    @Test
    void badPreamblesAreReported() throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, "PK\3\4 this is a zip file, not npy".getBytes(StandardCharsets.ISO_8859_1));
        assertMalformed(file, "does not start with \\x93NUMPY");
        byte[] valid = Files.readAllBytes(resource("f4_2x3"));
        byte[] v9 = valid.clone();
        v9[6] = 9;
        Files.write(file, v9);
        assertMalformed(file, "version 9.0");
        byte[] huge = valid.clone();
        huge[8] = (byte) 0xFF;
        huge[9] = (byte) 0xFF;
        Files.write(file, huge);
        assertMalformed(file, "exceeds numpy's safety limit");
        byte[] v3 = Files.readAllBytes(resource("v3_i4_4"));
        v3[12] = (byte) 0xC3; // inside "{'descr'": a lead byte followed by an ASCII byte is not UTF-8
        Files.write(file, v3);
        assertMalformed(file, "not valid UTF-8");
    }

    /** A version 1.0 file with this header text and {@code dataBytes} zero bytes of data. */
    private Path npy(String header, int dataBytes) throws IOException {
        return npy(header, 0, new byte[dataBytes]);
    }

    private Path npy(String header, int unused, byte[] data) throws IOException {
        byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text).put(data);
        Path file = Files.createTempFile(dir, "hostile", ".npy");
        Files.write(file, b.array());
        return file;
    }

    static void assertMalformed(Path file, String phrase) {
        MalformedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(MalformedFileException.class, () -> Npy.load(file)));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), () -> "expected '" + phrase + "' in: " + e.getMessage());
        assertEquals(file, e.file());
        assertFalse(e.getMessage().isBlank());
    }
}
