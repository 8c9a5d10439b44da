package ember.storage;

import ember.DType;

/** {@link Storage} of {@link DType#UINT8} elements backed by a {@code byte[]}; reads are unsigned. */
public final class ByteStorage extends Storage {
    public final byte[] data;

    public ByteStorage(byte[] data) { this.data = data; }

    @Override public DType dtype() { return DType.UINT8; }
    @Override public int size() { return data.length; }
    @Override public Object array() { return data; }
    @Override public double getDouble(int i) { return data[i] & 0xFF; }
    @Override public long getLong(int i) { return data[i] & 0xFF; }
    @Override public void setDouble(int i, double v) { data[i] = (byte) (long) v; }
    @Override public void setLong(int i, long v) { data[i] = (byte) v; }
}
