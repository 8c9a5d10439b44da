package ember.storage;

import ember.DType;

/** {@link Storage} of {@link DType#INT32} elements backed by a {@code int[]}. */
public final class IntStorage extends Storage {
    public final int[] data;

    public IntStorage(int[] data) { this.data = data; }

    @Override public DType dtype() { return DType.INT32; }
    @Override public int size() { return data.length; }
    @Override public Object array() { return data; }
    @Override public double getDouble(int i) { return data[i]; }
    @Override public long getLong(int i) { return data[i]; }
    @Override public void setDouble(int i, double v) { data[i] = (int) (long) v; }
    @Override public void setLong(int i, long v) { data[i] = (int) v; }
}
