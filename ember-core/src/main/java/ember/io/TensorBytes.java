package ember.io;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.storage.BoolStorage;
import ember.storage.ByteStorage;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.IntStorage;
import ember.storage.Layout;
import ember.storage.LongStorage;
import ember.storage.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Bulk copies between tensors and raw element bytes (row-major, a given byte order), through a small buffer so a
 * large tensor never needs a second full-size byte array. Bool elements are one byte, 0 or 1.
 */
final class TensorBytes {
    private static final int CHUNK_BYTES = 1 << 16;

    private TensorBytes() {}

    /** Writes {@code t}'s elements in row-major order, whatever its strides. */
    static void write(Tensor t, ByteOrder order, OutputStream out) throws IOException {
        Tensor dense;
        try (var _ = Ember.noGrad()) {
            dense = t.contiguous();
        }
        int itemSize = t.dtype().itemSize(), base = dense.storageOffset(), n = dense.numel();
        int perChunk = CHUNK_BYTES / itemSize;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(order);
        for (int start = 0; start < n; start += perChunk) {
            int count = Math.min(perChunk, n - start), from = base + start;
            buf.clear();
            switch (dense.storage()) {
                case FloatStorage s -> buf.asFloatBuffer().put(s.data, from, count);
                case DoubleStorage s -> buf.asDoubleBuffer().put(s.data, from, count);
                case LongStorage s -> buf.asLongBuffer().put(s.data, from, count);
                case IntStorage s -> buf.asIntBuffer().put(s.data, from, count);
                case ByteStorage s -> buf.put(s.data, from, count);
                case BoolStorage s -> {
                    for (int i = 0; i < count; i++) buf.put(s.data[from + i] ? (byte) 1 : (byte) 0);
                }
            }
            out.write(buf.array(), 0, count * itemSize);
        }
    }

    /**
     * Reads a tensor of {@code shape} from {@code file} at {@code position}. The caller has checked that the file holds
     * all {@code numel × itemSize} bytes, so the allocation is bounded by the file's size.
     */
    static Tensor read(FileChannel channel, long position, DType dtype, ByteOrder order, int[] shape, Path file, String what)
            throws IOException {
        Layout layout = Layout.contiguous(shape);
        int n = layout.numel(), itemSize = dtype.itemSize(), perChunk = CHUNK_BYTES / itemSize;
        Storage storage = Storage.allocate(dtype, n);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(order);
        for (int start = 0; start < n; start += perChunk) {
            int count = Math.min(perChunk, n - start);
            buf.clear().limit(count * itemSize);
            readFully(channel, buf, position + (long) start * itemSize, file);
            buf.flip();
            switch (storage) {
                case FloatStorage s -> buf.asFloatBuffer().get(s.data, start, count);
                case DoubleStorage s -> buf.asDoubleBuffer().get(s.data, start, count);
                case LongStorage s -> buf.asLongBuffer().get(s.data, start, count);
                case IntStorage s -> buf.asIntBuffer().get(s.data, start, count);
                case ByteStorage s -> buf.get(s.data, start, count);
                case BoolStorage s -> {
                    for (int i = 0; i < count; i++) {
                        byte b = buf.get(i);
                        if (b != 0 && b != 1)
                            throw new MalformedFileException(file, what + " is bool but element " + (start + i)
                                    + " is the byte " + (b & 0xFF) + " (only 0 and 1 are valid)");
                        s.data[start + i] = b == 1;
                    }
                }
            }
        }
        return Tensor.wrap(storage, layout);
    }

    /** Fills {@code buf} from {@code position}; a file that ends first is reported as truncated. */
    static void readFully(FileChannel channel, ByteBuffer buf, long position, Path file) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int read = channel.read(buf, at);
            if (read < 0)
                throw new MalformedFileException(file, "file is truncated: it ends at byte " + at + " but "
                        + buf.remaining() + " more bytes were expected there");
            at += read;
        }
    }
}
