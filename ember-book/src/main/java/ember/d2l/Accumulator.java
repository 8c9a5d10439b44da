package ember.d2l;

/** d2l's {@code Accumulator}: sums n quantities over batches. */
public final class Accumulator {
    private final double[] data;

    public Accumulator(int n) { data = new double[n]; }

    public void add(double... values) {
        if (values.length != data.length)
            throw new IllegalArgumentException("Accumulator of " + data.length + " values got " + values.length);
        for (int i = 0; i < data.length; i++) data[i] += values[i];
    }

    public void reset() { java.util.Arrays.fill(data, 0); }

    public double get(int i) { return data[i]; }
}
