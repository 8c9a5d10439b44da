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
    @Override public void getDoubles(int p, int s, double[] out, int n) { for (int k = 0; k < n; k++) out[k] = data[p + k * s] & 0xFF; }
    @Override public void getLongs(int p, int s, long[] out, int n) { for (int k = 0; k < n; k++) out[k] = data[p + k * s] & 0xFF; }
    @Override public void setDoubles(int p, int s, double[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = (byte) (long) in[k]; }
    @Override public void setLongs(int p, int s, long[] in, int n) { for (int k = 0; k < n; k++) data[p + k * s] = (byte) in[k]; }
}
