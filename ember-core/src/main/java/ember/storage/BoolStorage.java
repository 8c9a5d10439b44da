package ember.storage;

import ember.DType;

/** {@link Storage} of {@link DType#BOOL} elements backed by a {@code boolean[]}. */
public final class BoolStorage extends Storage {
    public final boolean[] data;

    public BoolStorage(boolean[] data) { this.data = data; }

    @Override public DType dtype() { return DType.BOOL; }
    @Override public int size() { return data.length; }
    @Override public Object array() { return data; }
    @Override public double getDouble(int i) { return data[i] ? 1.0 : 0.0; }
    @Override public long getLong(int i) { return data[i] ? 1L : 0L; }
    @Override public void setDouble(int i, double v) { data[i] = v != 0; }
    @Override public void setLong(int i, long v) { data[i] = v != 0; }
    @Override public boolean getBool(int i) { return data[i]; }
}
