package ember.io;

import ember.DType;
import ember.Tensor;
import ember.storage.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors format, byte for byte as Hugging Face's reference writer produces it: an 8-byte little-endian
 * header length N, N bytes of UTF-8 JSON padded with spaces to a multiple of 8
 * ({@code {"__metadata__":{...},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},...}}), then the tensors'
 * little-endian row-major bytes, one after the other. Tensors are stored in the reference order (largest dtype first,
 * then by name), so data stays aligned to its element size.
 *
 * <p>Loading trusts nothing: the header length, every shape and every offset are checked against the file's size
 * before memory is allocated, and the tensors must tile the data area exactly, as the reference reader requires.
 */
public final class Safetensors {
    /** The reference reader's limit; a header this large is almost surely not a safetensors file. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    /** Far more dimensions than any real tensor; bounds what a hostile header can make us allocate per shape. */
    static final int MAX_DIMS = 64;
    private static final String METADATA_KEY = "__metadata__";

    private Safetensors() {}

    /** The dtypes Ember reads and writes, with their safetensors names and their rank in the reference's dtype order. */
    private enum Format {
        BOOL(DType.BOOL, 0), U8(DType.UINT8, 1), I32(DType.INT32, 9), F32(DType.FLOAT32, 11), F64(DType.FLOAT64, 12),
        I64(DType.INT64, 13);

        final DType dtype;
        /** Position in the reference implementation's {@code Dtype} enum, which is ordered by alignment. */
        final int alignmentRank;

        Format(DType dtype, int alignmentRank) {
            this.dtype = dtype;
            this.alignmentRank = alignmentRank;
        }

        static Format of(DType dtype) {
            for (Format f : values()) if (f.dtype == dtype) return f;
            throw new IllegalArgumentException("safetensors cannot store dtype " + dtype);
        }
    }

    /** Valid safetensors dtypes that Ember has no tensor type for. */
    private static final Set<String> OTHER_KNOWN_DTYPES = Set.of("I8", "I16", "U16", "U32", "U64", "F16", "BF16",
            "F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

    /** Saves {@code tensors} to {@code file} (atomically: readers never see a partial file). */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, null, file);
    }

    /** Saves {@code tensors} with string {@code metadata} (the header's {@code __metadata__}; null for none). */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        List<Map.Entry<String, Tensor>> ordered = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null) throw new IllegalArgumentException("safetensors: a tensor name is null");
            if (!StandardCharsets.UTF_8.newEncoder().canEncode(e.getKey()))
                throw new IllegalArgumentException("safetensors: tensor name '" + e.getKey() + "' is not valid Unicode (a lone surrogate)");
            if (e.getKey().equals(METADATA_KEY))
                throw new IllegalArgumentException("safetensors: '" + METADATA_KEY + "' is reserved for metadata and cannot name a tensor");
            if (e.getValue() == null) throw new IllegalArgumentException("safetensors: tensor '" + e.getKey() + "' is null");
            Format.of(e.getValue().dtype());
            ordered.add(Map.entry(e.getKey(), e.getValue()));
        }
        Comparator<Map.Entry<String, Tensor>> byAlignment =
                Comparator.comparingInt(e -> -Format.of(e.getValue().dtype()).alignmentRank);
        ordered.sort(byAlignment.thenComparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));

        StringBuilder json = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            json.append('"').append(METADATA_KEY).append("\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null)
                    throw new IllegalArgumentException("safetensors: metadata keys and values must not be null");
                if (!first) json.append(',');
                first = false;
                quote(e.getKey(), json).append(':');
                quote(e.getValue(), json);
            }
            json.append('}');
            if (!ordered.isEmpty()) json.append(',');
        }
        long offset = 0;
        for (int i = 0; i < ordered.size(); i++) {
            Tensor t = ordered.get(i).getValue();
            long bytes = (long) t.numel() * t.dtype().itemSize();
            if (i > 0) json.append(',');
            quote(ordered.get(i).getKey(), json).append(":{\"dtype\":\"").append(Format.of(t.dtype()).name())
                    .append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int d = 0; d < shape.length; d++) json.append(d > 0 ? "," : "").append(shape[d]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        byte[] headerPadded = Arrays.copyOf(header, padded);
        Arrays.fill(headerPadded, header.length, padded, (byte) ' ');

        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerPadded);
            for (Map.Entry<String, Tensor> e : ordered) TensorBytes.write(e.getValue(), ByteOrder.LITTLE_ENDIAN, out);
        });
    }

    /** Loads every tensor of {@code file}, in the order of its header. */
    public static Map<String, Tensor> load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : header.entries) {
                tensors.put(e.name, TensorBytes.read(channel, header.dataStart + e.begin, e.format.dtype,
                        ByteOrder.LITTLE_ENDIAN, e.shape, file, "tensor '" + e.name + "'"));
            }
            return tensors;
        }
    }

    /** The header's {@code __metadata__} (empty when there is none), reading and checking only the header. */
    public static Map<String, String> loadMetadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(channel, file).metadata;
        }
    }

    private record Entry(String name, Format format, int[] shape, long begin, long end) {}

    private record Header(long dataStart, List<Entry> entries, Map<String, String> metadata) {}

    private static Header readHeader(FileChannel channel, Path file) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8)
            throw new MalformedFileException(file, "not a safetensors file: " + fileSize
                    + " bytes is too short for the 8-byte header length");
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        TensorBytes.readFully(channel, lengthBytes, 0, file);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES)
            throw new MalformedFileException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the " + MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
        if (8 + headerLength > fileSize)
            throw new MalformedFileException(file, "header length " + headerLength + " runs past the end of the file ("
                    + fileSize + " bytes): the file is truncated or not a safetensors file");
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        TensorBytes.readFully(channel, headerBytes, 8, file);
        headerBytes.flip();
        if (headerLength == 0 || headerBytes.get(0) != '{')
            throw new MalformedFileException(file, "header does not start with '{' (not a safetensors file?)");
        String json;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes);
            json = chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFileException(file, "header is not valid UTF-8", e);
        }
        long dataStart = 8 + headerLength, dataLength = fileSize - dataStart;
        Header header;
        try {
            header = parseHeader(json, dataStart);
        } catch (JsonReader.JsonException e) {
            throw new MalformedFileException(file, "header: " + e.getMessage());
        }
        checkLayout(header.entries, dataLength, file);
        return header;
    }

    private static Header parseHeader(String json, long dataStart) throws JsonReader.JsonException {
        JsonReader r = new JsonReader(json);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = null;
        Set<String> names = new HashSet<>();
        if (r.beginObject()) {
            do {
                String name = r.name();
                if (!names.add(name)) throw new JsonReader.JsonException("the name '" + name + "' appears twice");
                if (name.equals(METADATA_KEY)) metadata = parseMetadata(r);
                else entries.add(parseEntry(r, name));
            } while (r.nextMember());
        }
        r.end();
        return new Header(dataStart, entries, metadata == null ? Map.of() : Collections.unmodifiableMap(metadata));
    }

    private static Map<String, String> parseMetadata(JsonReader r) throws JsonReader.JsonException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (r.beginObject()) {
            do {
                String key = r.name();
                if (metadata.containsKey(key)) throw new JsonReader.JsonException("metadata key '" + key + "' appears twice");
                metadata.put(key, r.string());
            } while (r.nextMember());
        }
        return metadata;
    }

    private static Entry parseEntry(JsonReader r, String name) throws JsonReader.JsonException {
        String dtype = null;
        List<Integer> shape = null;
        long[] offsets = null;
        if (r.beginObject()) {
            do {
                String key = r.name();
                switch (key) {
                    case "dtype" -> {
                        if (dtype != null) throw duplicate(name, key);
                        dtype = r.string();
                    }
                    case "shape" -> {
                        if (shape != null) throw duplicate(name, key);
                        shape = parseShape(r, name);
                    }
                    case "data_offsets" -> {
                        if (offsets != null) throw duplicate(name, key);
                        offsets = parseOffsets(r, name);
                    }
                    default -> throw new JsonReader.JsonException("tensor '" + name + "' has an unknown field '" + key
                            + "' (expected dtype, shape, data_offsets)");
                }
            } while (r.nextMember());
        }
        if (dtype == null || shape == null || offsets == null)
            throw new JsonReader.JsonException("tensor '" + name + "' lacks '"
                    + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets") + "'");
        Format format = format(dtype, name);
        return new Entry(name, format, shape.stream().mapToInt(Integer::intValue).toArray(), offsets[0], offsets[1]);
    }

    private static JsonReader.JsonException duplicate(String tensor, String field) {
        return new JsonReader.JsonException("tensor '" + tensor + "' has field '" + field + "' twice");
    }

    private static Format format(String dtype, String tensor) throws JsonReader.JsonException {
        for (Format f : Format.values()) if (f.name().equals(dtype)) return f;
        if (OTHER_KNOWN_DTYPES.contains(dtype))
            throw new JsonReader.JsonException("tensor '" + tensor + "' has dtype " + dtype
                    + ", which Ember has no tensor type for (supported: F32, F64, I64, I32, U8, BOOL)");
        throw new JsonReader.JsonException("tensor '" + tensor + "' has unknown dtype '" + dtype + "'");
    }

    private static List<Integer> parseShape(JsonReader r, String tensor) throws JsonReader.JsonException {
        List<Integer> shape = new ArrayList<>();
        if (r.beginArray()) {
            do {
                if (shape.size() == MAX_DIMS)
                    throw new JsonReader.JsonException("tensor '" + tensor + "' has more than " + MAX_DIMS + " dimensions");
                long size = r.integer();
                if (size > Integer.MAX_VALUE)
                    throw new JsonReader.JsonException("tensor '" + tensor + "' has a dimension of size " + size
                            + ", more than an Ember tensor can hold (2^31-1 elements)");
                shape.add((int) size);
            } while (r.nextElement());
        }
        return shape;
    }

    private static long[] parseOffsets(JsonReader r, String tensor) throws JsonReader.JsonException {
        long[] offsets = new long[2];
        int count = 0;
        if (r.beginArray()) {
            do {
                long v = r.integer();
                if (count < 2) offsets[count] = v;
                count++;
            } while (count <= 2 && r.nextElement());
        }
        if (count != 2)
            throw new JsonReader.JsonException("tensor '" + tensor + "' must have exactly 2 data_offsets [begin, end]");
        return offsets;
    }

    /** Sizes agree with dtype × shape, and the tensors tile the data area without gap or overlap. */
    private static void checkLayout(List<Entry> entries, long dataLength, Path file) throws MalformedFileException {
        for (Entry e : entries) {
            String shape = Shapes.format(e.shape);
            long bytes;
            try {
                long numel = 1;
                for (int s : e.shape) numel = Math.multiplyExact(numel, s);
                bytes = Math.multiplyExact(numel, e.format.dtype.itemSize());
            } catch (ArithmeticException overflow) {
                throw new MalformedFileException(file, "tensor '" + e.name + "' has shape " + shape
                        + ", whose size overflows a 64-bit count");
            }
            if (e.end < e.begin || e.end > dataLength)
                throw new MalformedFileException(file, "tensor '" + e.name + "' has data_offsets [" + e.begin + ", "
                        + e.end + "] outside the data area of " + dataLength + " bytes");
            if (e.end - e.begin != bytes)
                throw new MalformedFileException(file, "tensor '" + e.name + "' is " + e.format + " with shape " + shape
                        + " (" + bytes + " bytes) but its data_offsets [" + e.begin + ", " + e.end + "] span "
                        + (e.end - e.begin) + " bytes");
            if (bytes / e.format.dtype.itemSize() > Integer.MAX_VALUE)
                throw new MalformedFileException(file, "tensor '" + e.name + "' has shape " + shape
                        + ", more than an Ember tensor can hold (2^31-1 elements)");
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        for (Entry e : byOffset) {
            if (e.begin != covered)
                throw new MalformedFileException(file, "tensor '" + e.name + "' starts at data offset " + e.begin
                        + " but the previous tensor ends at " + covered
                        + (e.begin < covered ? " (the tensors overlap)" : " (a gap)"));
            covered = e.end;
        }
        if (covered != dataLength)
            throw new MalformedFileException(file, "the tensors cover " + covered + " bytes of data but the file holds "
                    + dataLength + " after the header");
    }

    /** Writes {@code s} as a JSON string the way serde_json does (only '"', '\\' and control characters escaped). */
    private static StringBuilder quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }
}
