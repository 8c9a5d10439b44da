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
    @Override public void getDoubles(int p, int s, double[] out, int n) { for (int k = 0; k < n; k++) out[k] = data[p + k * s]; }
    @Override public void getLongs(int p, int s, long[] out, int n) { for (int k = 0; k < n; k++) out[k] = data[p + k * s]; }
    @Override public void setDoubles(int p, int s, double[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = (int) (long) in[k]; }
    @Override public void setLongs(int p, int s, long[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = (int) in[k]; }
}
