package ember.io;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0): the magic {@code \x93NUMPY}, a version, the header length,
 * a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and a
 * newline so the data starts at a multiple of 64 bytes, then the elements.
 *
 * <p>{@link #save} writes what {@code numpy.save} writes for the same array, byte for byte (little-endian, C order).
 * {@link #load} also reads big-endian data and Fortran-ordered arrays (returned as ordinary row-major tensors), and
 * refuses object arrays (pickles) and headers larger than numpy's own safety limit.
 */
public final class Npy {
    /** numpy's default {@code max_header_size} (since 1.24): larger headers are refused as unsafe to parse. */
    static final int MAX_HEADER_BYTES = 10_000;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** numpy leaves room after the dict for the growing axis's size to reach this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private Npy() {}

    /** Saves {@code t} as numpy would save the same array (atomically). */
    public static void save(Tensor t, Path file) throws IOException {
        int[] shape = t.shape();
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr(t.dtype()))
                .append("', 'fortran_order': False, 'shape': ").append(pythonTuple(shape)).append(", }");
        if (shape.length > 0) dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        // numpy's _wrap_header: version 1.0 while the header length fits 16 bits; the padding is never zero
        int lengthBytes = 2;
        int padding = ALIGN - (MAGIC.length + 2 + lengthBytes + text.length + 1) % ALIGN;
        if (text.length + padding + 1 > 0xFFFF) {
            lengthBytes = 4;
            padding = ALIGN - (MAGIC.length + 2 + lengthBytes + text.length + 1) % ALIGN;
        }
        int headerLength = text.length + padding + 1;
        ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lengthBytes == 2) prefix.putShort((short) headerLength);
        else prefix.putInt(headerLength);
        byte[] tail = new byte[padding + 1];
        Arrays.fill(tail, (byte) ' ');
        tail[padding] = '\n';
        AtomicFiles.write(file, out -> {
            out.write(prefix.array());
            out.write(text);
            out.write(tail);
            TensorBytes.write(t, ByteOrder.LITTLE_ENDIAN, out);
        });
    }

    /** Loads the array of a {@code .npy} file as a row-major tensor. */
    public static Tensor load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            ByteBuffer start = ByteBuffer.allocate(MAGIC.length + 2).order(ByteOrder.LITTLE_ENDIAN);
            if (fileSize < start.capacity())
                throw new MalformedFileException(file, "not a .npy file: " + fileSize + " bytes is too short for its header");
            TensorBytes.readFully(channel, start, 0, file);
            if (!Arrays.equals(start.array(), 0, MAGIC.length, MAGIC, 0, MAGIC.length))
                throw new MalformedFileException(file, "not a .npy file: it does not start with \\x93NUMPY");
            int major = start.get(6), minor = start.get(7);
            if (major < 1 || major > 3 || minor != 0)
                throw new MalformedFileException(file, "unsupported .npy format version " + major + "." + minor
                        + " (Ember reads 1.0, 2.0 and 3.0)");
            int lengthBytes = major == 1 ? 2 : 4;
            ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
            if (fileSize < start.capacity() + lengthBytes)
                throw new MalformedFileException(file, "file is truncated inside its header length");
            TensorBytes.readFully(channel, length, start.capacity(), file);
            long headerLength = major == 1 ? length.getShort(0) & 0xFFFF : length.getInt(0) & 0xFFFFFFFFL;
            if (headerLength > MAX_HEADER_BYTES)
                throw new MalformedFileException(file, "header length " + headerLength + " exceeds numpy's safety limit of "
                        + MAX_HEADER_BYTES + " bytes");
            long dataStart = MAGIC.length + 2 + lengthBytes + headerLength;
            if (dataStart > fileSize)
                throw new MalformedFileException(file, "header length " + headerLength + " runs past the end of the file ("
                        + fileSize + " bytes): the file is truncated");
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            TensorBytes.readFully(channel, headerBytes, MAGIC.length + 2 + lengthBytes, file);
            headerBytes.flip();
            String text;
            if (major == 3) {
                try {
                    text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes).toString();
                } catch (CharacterCodingException e) {
                    throw new MalformedFileException(file, "header is not valid UTF-8", e);
                }
            } else {
                text = StandardCharsets.ISO_8859_1.decode(headerBytes).toString();
            }
            Header header;
            try {
                header = new HeaderParser(text).parse();
            } catch (HeaderParser.SyntaxException e) {
                throw new MalformedFileException(file, "header " + e.getMessage());
            }
            Element element = element(header.descr, file);
            long numel = 1;
            if (Arrays.stream(header.shape).anyMatch(size -> size == 0)) numel = 0;
            for (int size : header.shape) {
                numel *= size; // below 2^31 times below 2^31: no overflow before the check
                if (numel > Integer.MAX_VALUE)
                    throw new MalformedFileException(file, "shape " + pythonTuple(header.shape)
                            + " has more than 2^31-1 elements, the most an Ember tensor can hold");
            }
            long expected = numel * element.dtype.itemSize(), actual = fileSize - dataStart;
            if (expected != actual)
                throw new MalformedFileException(file, "shape " + pythonTuple(header.shape) + " of '" + header.descr + "' needs "
                        + expected + " bytes of data but the file has " + actual
                        + (actual < expected ? " (truncated)" : " (trailing bytes; one array per file is supported)"));
            int[] stored = header.shape.clone();
            if (header.fortranOrder) reverse(stored);
            Tensor t = TensorBytes.read(channel, dataStart, element.dtype, element.order, stored, file, "the array");
            if (!header.fortranOrder) return t;
            int[] reversed = new int[stored.length];
            for (int i = 0; i < reversed.length; i++) reversed[i] = reversed.length - 1 - i;
            try (var _ = Ember.noGrad()) {
                return t.permute(reversed).contiguous();
            }
        }
    }

    private record Element(DType dtype, ByteOrder order) {}

    private static String descr(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT64 -> "<i8";
            case INT32 -> "<i4";
            case UINT8 -> "|u1";
            case BOOL -> "|b1";
        };
    }

    private static Element element(String descr, Path file) throws MalformedFileException {
        if (descr.length() == 3) {
            char order = descr.charAt(0);
            String kind = descr.substring(1);
            DType dtype = switch (kind) {
                case "f4" -> DType.FLOAT32;
                case "f8" -> DType.FLOAT64;
                case "i8" -> DType.INT64;
                case "i4" -> DType.INT32;
                case "u1" -> DType.UINT8;
                case "b1" -> DType.BOOL;
                default -> null;
            };
            if (dtype != null) {
                if (dtype.itemSize() == 1 && (order == '|' || order == '<' || order == '>'))
                    return new Element(dtype, ByteOrder.LITTLE_ENDIAN);
                if (order == '<') return new Element(dtype, ByteOrder.LITTLE_ENDIAN);
                if (order == '>') return new Element(dtype, ByteOrder.BIG_ENDIAN);
                throw new MalformedFileException(file, "descr '" + descr + "' has byte order '" + order
                        + "'; expected '<' (little-endian) or '>' (big-endian)");
            }
        }
        if (descr.endsWith("O"))
            throw new MalformedFileException(file, "descr '" + descr
                    + "' is an object array: it holds pickled Python objects, which Ember does not load");
        throw new MalformedFileException(file, "Ember has no tensor type for numpy dtype '" + descr
                + "' (supported: <f4 <f8 <i8 <i4 |u1 |b1, either byte order)");
    }

    private static String pythonTuple(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(')').toString();
    }

    private static void reverse(int[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            int tmp = a[i]; a[i] = a[j]; a[j] = tmp;
        }
    }

    private record Header(String descr, boolean fortranOrder, int[] shape) {}

    /**
     * Reads the header's Python dict literal: exactly the keys descr (a string), fortran_order (True or False) and
     * shape (a tuple of non-negative integers; Python 2's {@code 3L} accepted), any order, trailing commas allowed.
     */
    private static final class HeaderParser {
        static final class SyntaxException extends Exception {
            SyntaxException(String message) { super(message); }
        }

        private final String text;
        private int pos;

        HeaderParser(String text) { this.text = text; }

        Header parse() throws SyntaxException {
            String descr = null;
            Boolean fortran = null;
            int[] shape = null;
            expect('{');
            while (!peekIs('}')) {
                String key = string();
                expect(':');
                switch (key) {
                    case "descr" -> {
                        if (descr != null) throw duplicate(key);
                        if (peekIs('[')) throw error("describes a structured dtype, which Ember does not load");
                        descr = string();
                    }
                    case "fortran_order" -> {
                        if (fortran != null) throw duplicate(key);
                        fortran = bool();
                    }
                    case "shape" -> {
                        if (shape != null) throw duplicate(key);
                        shape = tuple();
                    }
                    default -> throw error("has an unknown key '" + key + "' (expected descr, fortran_order, shape)");
                }
                if (!peekIs('}')) expect(',');
            }
            expect('}');
            skipWhitespace();
            if (pos != text.length()) throw error("has unexpected text after the dict");
            if (descr == null || fortran == null || shape == null)
                throw error("lacks '" + (descr == null ? "descr" : fortran == null ? "fortran_order" : "shape") + "'");
            return new Header(descr, fortran, shape);
        }

        private int[] tuple() throws SyntaxException {
            expect('(');
            List<Integer> sizes = new ArrayList<>();
            boolean trailingComma = false;
            while (!peekIs(')')) {
                if (sizes.size() == Safetensors.MAX_DIMS) throw error("has a shape of more than " + Safetensors.MAX_DIMS + " dimensions");
                sizes.add(size());
                trailingComma = peekIs(',');
                if (!peekIs(')')) expect(',');
            }
            expect(')');
            if (sizes.size() == 1 && !trailingComma) throw error("has shape '(" + sizes.get(0) + ")', which is not a tuple");
            return sizes.stream().mapToInt(Integer::intValue).toArray();
        }

        private int size() throws SyntaxException {
            skipWhitespace();
            int start = pos;
            long value = 0;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                value = value * 10 + (text.charAt(pos++) - '0');
                if (value > Integer.MAX_VALUE) throw error("has a dimension larger than 2^31-1, more than an Ember tensor can hold");
            }
            if (pos == start) throw error("expected a non-negative integer at character " + start + " but found " + describe());
            if (pos < text.length() && text.charAt(pos) == 'L') pos++;
            return (int) value;
        }

        private boolean bool() throws SyntaxException {
            skipWhitespace();
            if (text.startsWith("True", pos)) { pos += 4; return true; }
            if (text.startsWith("False", pos)) { pos += 5; return false; }
            throw error("expected True or False at character " + pos + " but found " + describe());
        }

        private String string() throws SyntaxException {
            skipWhitespace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"'))
                throw error("expected a quoted string at character " + pos + " but found " + describe());
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) throw error("has an unterminated string");
            String s = text.substring(pos, end);
            if (s.indexOf('\\') >= 0) throw error("has an escape sequence in '" + s + "', which no numpy header needs");
            pos = end + 1;
            return s;
        }

        private void expect(char c) throws SyntaxException {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != c)
                throw error("expected '" + c + "' at character " + pos + " but found " + describe());
            pos++;
        }

        private boolean peekIs(char c) {
            skipWhitespace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void skipWhitespace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n' || text.charAt(pos) == '\t'
                    || text.charAt(pos) == '\r')) pos++;
        }

        private String describe() {
            if (pos >= text.length()) return "the end of the header";
            char c = text.charAt(pos);
            return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        private SyntaxException duplicate(String key) { return error("has the key '" + key + "' twice"); }

        private SyntaxException error(String problem) { return new SyntaxException(problem); }
    }
}
