package ember.storage;

import ember.DType;

/** {@link Storage} of {@link DType#INT64} elements backed by a {@code long[]}. */
public final class LongStorage extends Storage {
    public final long[] data;

    public LongStorage(long[] data) { this.data = data; }

    @Override public DType dtype() { return DType.INT64; }
    @Override public int size() { return data.length; }
    @Override public Object array() { return data; }
    @Override public double getDouble(int i) { return (double) data[i]; }
    @Override public long getLong(int i) { return data[i]; }
    @Override public void setDouble(int i, double v) { data[i] = (long) v; }
    @Override public void setLong(int i, long v) { data[i] = v; }
}
