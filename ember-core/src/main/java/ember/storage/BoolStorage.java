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
    @Override public void getDoubles(int p, int s, double[] out, int n) { for (int k = 0; k < n; k++) out[k] = data[p + k * s] ? 1.0 : 0.0; }
    @Override public void getLongs(int p, int s, long[] out, int n) { for (int k = 0; k < n; k++) out[k] = data[p + k * s] ? 1L : 0L; }
    @Override public void setDoubles(int p, int s, double[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = in[k] != 0; }
    @Override public void setLongs(int p, int s, long[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = in[k] != 0; }
    @Override public boolean getBool(int i) { return data[i]; }
}
