package ember.data;

import ember.io.MalformedFileException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed: two zero bytes, a type byte (0x08: unsigned
 * bytes), the number of dimensions, each dimension as a big-endian 32-bit integer, then the data in row-major order.
 * Declared sizes are never trusted for allocation: memory grows with the bytes actually read, and a header that
 * claims more (or less) data than the file holds is reported, as is corrupt gzip data.
 */
final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMS = 8;
    private static final int FIRST_CHUNK = 1 << 20;

    private Idx() {}

    /** An IDX file's dimensions and its unsigned-byte data. */
    record Array(int[] dims, byte[] data) {}

    /** Validates the dimensions before any data is read; throws to refuse them. */
    @FunctionalInterface
    interface DimsCheck {
        void accept(int[] dims) throws MalformedFileException;
    }

    static Array read(Path file, DimsCheck checkDims) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            return parse(in, file, checkDims);
        } catch (ZipException | EOFException e) {
            throw new MalformedFileException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static Array parse(InputStream in, Path file, DimsCheck checkDims) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) throw new MalformedFileException(file, "not an IDX file: it ends inside the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new MalformedFileException(file, "not an IDX file: the magic number must start with two zero bytes");
        int type = magic[2] & 0xFF, ndim = magic[3] & 0xFF;
        if (type != UNSIGNED_BYTE)
            throw new MalformedFileException(file, "IDX element type 0x" + Integer.toHexString(type)
                    + " is not supported (only 0x08, unsigned bytes, as in MNIST)");
        if (ndim < 1 || ndim > MAX_DIMS)
            throw new MalformedFileException(file, "IDX file declares " + ndim + " dimensions (expected 1 to " + MAX_DIMS + ")");
        byte[] dimBytes = in.readNBytes(4 * ndim);
        if (dimBytes.length < 4 * ndim) throw new MalformedFileException(file, "file is truncated inside its dimensions");
        int[] dims = new int[ndim];
        long declared = 1;
        for (int d = 0; d < ndim; d++) {
            long size = ((dimBytes[4 * d] & 0xFFL) << 24) | ((dimBytes[4 * d + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * d + 2] & 0xFF) << 8) | (dimBytes[4 * d + 3] & 0xFF);
            if (size > Integer.MAX_VALUE)
                throw new MalformedFileException(file, "dimension " + d + " declares " + size + " entries, more than a tensor can hold");
            dims[d] = (int) size;
            declared *= size;
            if (declared > Integer.MAX_VALUE) declared = Integer.MAX_VALUE + 1L; // saturate: a later 0 still gives 0
        }
        checkDims.accept(dims);
        if (declared > Integer.MAX_VALUE - 8)
            throw new MalformedFileException(file, "dimensions " + Arrays.toString(dims)
                    + " declare more data than a tensor can hold (2^31-1 elements)");
        int expected = (int) declared;
        byte[] data = new byte[Math.min(expected, FIRST_CHUNK)];
        int filled = 0;
        while (filled < expected) {
            if (filled == data.length) data = Arrays.copyOf(data, (int) Math.min((long) data.length * 2, expected));
            int read = in.read(data, filled, data.length - filled);
            if (read < 0)
                throw new MalformedFileException(file, "file is truncated: dimensions " + Arrays.toString(dims) + " declare "
                        + expected + " bytes of data but only " + filled + " follow");
            filled += read;
        }
        if (in.read() >= 0)
            throw new MalformedFileException(file, "file has more data than its dimensions " + Arrays.toString(dims)
                    + " declare (" + expected + " bytes)");
        return new Array(dims, data);
    }
}
