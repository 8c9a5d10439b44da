package ember.storage;

import ember.DType;

/** {@link Storage} of {@link DType#FLOAT32} elements backed by a {@code float[]}. */
public final class FloatStorage extends Storage {
    public final float[] data;

    public FloatStorage(float[] data) { this.data = data; }

    @Override public DType dtype() { return DType.FLOAT32; }
    @Override public int size() { return data.length; }
    @Override public Object array() { return data; }
    @Override public double getDouble(int i) { return data[i]; }
    @Override public long getLong(int i) { return (long) data[i]; }
    @Override public void setDouble(int i, double v) { data[i] = (float) v; }
    @Override public void setLong(int i, long v) { data[i] = (float) v; }
    @Override public void getDoubles(int p, int s, double[] out, int n) { for (int k = 0; k < n; k++) out[k] = data[p + k * s]; }
    @Override public void getLongs(int p, int s, long[] out, int n) { for (int k = 0; k < n; k++) out[k] = (long) data[p + k * s]; }
    @Override public void setDoubles(int p, int s, double[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = (float) in[k]; }
    @Override public void setLongs(int p, int s, long[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = (float) in[k]; }
}
