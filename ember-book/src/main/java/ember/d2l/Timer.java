package ember.d2l;

import java.util.ArrayList;
import java.util.List;

/** d2l's {@code Timer}: records the time of several runs. */
public final class Timer {
    private final List<Double> times = new ArrayList<>();
    private long start;

    public Timer() { start(); }

    public void start() { start = System.nanoTime(); }

    /** Stops the current run and returns its seconds. */
    public double stop() {
        double s = (System.nanoTime() - start) / 1e9;
        times.add(s);
        return s;
    }

    public double avg() { return sum() / Math.max(1, times.size()); }

    public double sum() {
        double s = 0;
        for (double t : times) s += t;
        return s;
    }

    /** Running totals of the recorded times. */
    public double[] cumsum() {
        double[] r = new double[times.size()];
        double acc = 0;
        for (int i = 0; i < r.length; i++) r[i] = acc += times.get(i);
        return r;
    }
}
