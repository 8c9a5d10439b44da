package ember.kernels;

import ember.storage.BoolStorage;
import ember.storage.ByteStorage;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.IntStorage;
import ember.storage.Layout;
import ember.storage.LongStorage;
import ember.storage.Storage;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API provider's reductions, variance, softmax, nonzero and scans ({@link VectorKernels} delegates to
 * these). Each method returns false (nonzero: null), having written nothing, for a case it leaves to the scalar
 * reference.
 *
 * <p>Results equal the reference's bit for bit except where a sum is accumulated (in double, as the reference, but in
 * another order, and in variance with each squared deviation fused into its sum), float32 exp and log ({@link
 * VectorMath}, within 1 ulp), and the sign of a zero maximum or minimum over both +0 and −0. Work of at least {@link
 * Parallel#GRAIN} elements is split over the pool; a long row is split into fixed pieces, so a result does not depend
 * on the number of threads. It does depend on the vector width: the sums keep one accumulator per lane, so a machine
 * with 256-bit vectors adds in another order than one with 512-bit vectors (a difference in the last bits of a float64
 * sum, rarely of its float32 rounding). On one machine it is the same from run to run: the lanes are added in one
 * order whichever tier of the JIT runs the code ({@link LaneSums}).
 */
final class VectorReductions {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED;
    private static final int FL = F.length(), DL = D.length(), LL = L.length(), BL = B.length();
    /** Elements of a block of softmax lines worked on at once: the block stays in L1 through the passes over it. */
    private static final int SOFTMAX_BLOCK = 4096;

    private VectorReductions() {}

    private static boolean floating(Storage s) { return s instanceof FloatStorage || s instanceof DoubleStorage; }

    // ---------------------------------------------------------------------------------------------------------------
    // reduce
    // ---------------------------------------------------------------------------------------------------------------

    /** {@link Kernels#reduce}: SUM, SUM_OF_SQUARES, MAX, MIN, ARGMAX, ARGMIN of float32/float64 and integral SUM. */
    static boolean reduce(ReduceOp op, Storage src, Layout srcL, int reducedDims, Storage dst, Layout dstL) {
        if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && dst instanceof LongStorage indices && floating(src))
            return argReduce(op, src, srcL, reducedDims, indices, dstL);
        if (op == ReduceOp.SUM && dst instanceof LongStorage sums && !floating(src))
            return integralSum(src, srcL, reducedDims, sums, dstL);
        boolean supported = op == ReduceOp.SUM || op == ReduceOp.SUM_OF_SQUARES || op == ReduceOp.MAX || op == ReduceOp.MIN;
        if (!supported || !floating(src) || src.dtype() != dst.dtype()) return false;
        int rank = srcL.dim(), outerRank = rank - reducedDims;
        if (outerRank == 0 && denseRun(srcL)) {
            // the whole tensor as one dense run (x.sum()): no layouts to build, which on 16 elements cost more than the
            // sum (the scalar reference measured 160-200 ns against 260-280)
            int n = srcL.numel();
            double r = n == 0 ? empty(op) : n >= 2 * Parallel.GRAIN ? splitRowReduce(op, src, srcL.offset(), n)
                    : rowReduce(op, src, srcL.offset(), 1, n);
            dst.setDouble(dstL.offset(), r);
            return true;
        }
        Layout inner = inner(srcL, reducedDims), outer = outer(srcL, reducedDims);
        int outerN = outer.numel(), innerN = inner.numel();
        if (outerN == 0) return true;
        if (innerN > 0 && outerN > 1 && denseRun(outer) && dstL.isContiguous() && !denseRun(inner)) {
            // the kept elements are one contiguous run (sum over the batch dim of [batch, features]): add whole rows
            columns(op, src, outer.offset(), inner, outerN, dst, dstL.offset());
            return true;
        }
        boolean dense = denseRun(inner);
        Parallel.forRange(0, outerN, Math.max(1, Parallel.GRAIN / Math.max(innerN, 1)), (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int base = outer.indexOfLinear(o);
                double r;
                if (innerN == 0) {
                    r = empty(op);
                } else if (dense && innerN >= 2 * Parallel.GRAIN) {
                    r = splitRowReduce(op, src, base, innerN);
                } else if (dense) {
                    r = rowReduce(op, src, base, 1, innerN);
                } else {
                    double[] acc = {Double.NaN};
                    boolean[] seen = {false};
                    Loops.rows(inner, (p, s, n) -> {
                        double part = rowReduce(op, src, base + p, s, n);
                        acc[0] = seen[0] ? combine(op, acc[0], part) : part;
                        seen[0] = true;
                    });
                    r = acc[0];
                }
                dst.setDouble(dstL.indexOfLinear(o), r);
            }
        });
        return true;
    }

    /** The trailing {@code reducedDims} dims of a layout, at offset 0. */
    private static Layout inner(Layout l, int reducedDims) {
        int rank = l.dim();
        return new Layout(Arrays.copyOfRange(l.shapeRef(), rank - reducedDims, rank),
                Arrays.copyOfRange(l.strideRef(), rank - reducedDims, rank), 0);
    }

    /** The leading dims of a layout (all but the trailing {@code reducedDims}), at its offset. */
    private static Layout outer(Layout l, int reducedDims) {
        int outerRank = l.dim() - reducedDims;
        return new Layout(Arrays.copyOf(l.shapeRef(), outerRank), Arrays.copyOf(l.strideRef(), outerRank), l.offset());
    }

    /** SUM (and SUM_OF_SQUARES), MAX or MIN of no elements. */
    private static double empty(ReduceOp op) {
        return op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : 0;
    }

    /** Pieces of a long dense row: {@link Parallel#GRAIN} elements each, fixed whatever the number of threads. */
    private static int pieces(int n) { return (int) ((n + (long) Parallel.GRAIN - 1) / Parallel.GRAIN); }

    /** One long dense row in pieces spread over the pool (inline when this already runs on it). */
    private static double splitRowReduce(ReduceOp op, Storage src, int base, int n) {
        double[] partial = new double[pieces(n)];
        Parallel.forRange(0, partial.length, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int from = c * Parallel.GRAIN;
                partial[c] = rowReduce(op, src, base + from, 1, Math.min(Parallel.GRAIN, n - from));
            }
        });
        double r = partial[0];
        for (int c = 1; c < partial.length; c++) r = combine(op, r, partial[c]);
        return r;
    }

    /** True when the layout's elements form one run with stride 1 (size-1 dims ignored), in row-major order. */
    private static boolean denseRun(Layout l) { return runOf(l, 1); }

    /** True when the layout's elements, row-major, sit {@code step} apart in memory (size-1 dims ignored). */
    private static boolean runOf(Layout l, int step) {
        long expected = step;
        for (int d = l.dim() - 1; d >= 0; d--) {
            if (l.size(d) == 1) continue;
            if (l.stride(d) != expected) return false;
            expected *= l.size(d);
        }
        return true;
    }

    /** SUM (in double, as the reference), SUM_OF_SQUARES, MAX or MIN of one row of n ≥ 1 elements; NaN propagates. */
    private static double rowReduce(ReduceOp op, Storage src, int p, int s, int n) {
        if (src instanceof FloatStorage f) {
            float[] x = f.data;
            if (s == 1) return switch (op) {
                case SUM -> sumFloats(x, p, n);
                case SUM_OF_SQUARES -> sumSquaredFloats(x, p, n);
                default -> extremeFloats(op, x, p, n);
            };
            double r = empty(op);
            for (int i = 0; i < n; i++) {
                float v = x[p + i * s];
                r = combine(op, r, op == ReduceOp.SUM_OF_SQUARES ? v * v : v);
            }
            return r;
        }
        double[] x = ((DoubleStorage) src).data;
        if (s == 1) return switch (op) {
            case SUM -> sumDoubles(x, p, n);
            case SUM_OF_SQUARES -> sumSquaredDoubles(x, p, n);
            default -> extremeDoubles(op, x, p, n);
        };
        double r = empty(op);
        for (int i = 0; i < n; i++) {
            double v = x[p + i * s];
            r = combine(op, r, op == ReduceOp.SUM_OF_SQUARES ? v * v : v);
        }
        return r;
    }

    /** A running SUM (SUM_OF_SQUARES), MAX or MIN and one more term or partial result; Math.max/min propagate NaN. */
    private static double combine(ReduceOp op, double r, double v) {
        return op == ReduceOp.MAX ? Math.max(r, v) : op == ReduceOp.MIN ? Math.min(r, v) : r + v;
    }

    /** Σ x[p … p+n) with each float widened to double, four vector accumulators (the order differs from the reference's). */
    private static double sumFloats(float[] x, int p, int n) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int bound = n - 2 * FL; i <= bound; i += 2 * FL) {
            FloatVector v = FloatVector.fromArray(F, x, p + i), w = FloatVector.fromArray(F, x, p + i + FL);
            a0 = a0.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
            a1 = a1.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
            a2 = a2.add((DoubleVector) w.convertShape(VectorOperators.F2D, D, 0));
            a3 = a3.add((DoubleVector) w.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = LaneSums.sum(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) s += x[p + i];
        return s;
    }

    /** Σ x² over x[p … p+n), each square rounded to float32 (as x.mul(x) stores it), then widened and summed in double. */
    private static double sumSquaredFloats(float[] x, int p, int n) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int bound = n - 2 * FL; i <= bound; i += 2 * FL) {
            FloatVector v = FloatVector.fromArray(F, x, p + i), w = FloatVector.fromArray(F, x, p + i + FL);
            v = v.mul(v);
            w = w.mul(w);
            a0 = a0.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
            a1 = a1.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
            a2 = a2.add((DoubleVector) w.convertShape(VectorOperators.F2D, D, 0));
            a3 = a3.add((DoubleVector) w.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = LaneSums.sum(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) s += x[p + i] * x[p + i];
        return s;
    }

    private static double sumDoubles(double[] x, int p, int n) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
        int i = 0;
        for (int bound = n - 2 * DL; i <= bound; i += 2 * DL) {
            a0 = a0.add(DoubleVector.fromArray(D, x, p + i));
            a1 = a1.add(DoubleVector.fromArray(D, x, p + i + DL));
        }
        double s = LaneSums.sum(a0.add(a1));
        for (; i < n; i++) s += x[p + i];
        return s;
    }

    /** Σ x² over x[p … p+n), each square rounded before the sum (a multiply, then an add: no fused multiply-add). */
    private static double sumSquaredDoubles(double[] x, int p, int n) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
        int i = 0;
        for (int bound = n - 2 * DL; i <= bound; i += 2 * DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, p + i), w = DoubleVector.fromArray(D, x, p + i + DL);
            a0 = a0.add(v.mul(v));
            a1 = a1.add(w.mul(w));
        }
        double s = LaneSums.sum(a0.add(a1));
        for (; i < n; i++) s += x[p + i] * x[p + i];
        return s;
    }

    /** MAX or MIN of x[p … p+n), n ≥ 1; NaN if any element is NaN (lanewise MAX/MIN propagate it). */
    private static float extremeFloats(ReduceOp op, float[] x, int p, int n) {
        boolean max = op == ReduceOp.MAX;
        int i = 0;
        float r = x[p];
        if (n >= 4 * FL) { // four accumulators: one would wait on max's latency every vector
            FloatVector a0 = FloatVector.fromArray(F, x, p), a1 = FloatVector.fromArray(F, x, p + FL);
            FloatVector a2 = FloatVector.fromArray(F, x, p + 2 * FL), a3 = FloatVector.fromArray(F, x, p + 3 * FL);
            for (i = 4 * FL; i <= n - 4 * FL; i += 4 * FL) {
                FloatVector v0 = FloatVector.fromArray(F, x, p + i), v1 = FloatVector.fromArray(F, x, p + i + FL);
                FloatVector v2 = FloatVector.fromArray(F, x, p + i + 2 * FL), v3 = FloatVector.fromArray(F, x, p + i + 3 * FL);
                a0 = max ? a0.max(v0) : a0.min(v0);
                a1 = max ? a1.max(v1) : a1.min(v1);
                a2 = max ? a2.max(v2) : a2.min(v2);
                a3 = max ? a3.max(v3) : a3.min(v3);
            }
            FloatVector a = max ? a0.max(a1).max(a2.max(a3)) : a0.min(a1).min(a2.min(a3));
            r = max ? a.reduceLanes(VectorOperators.MAX) : a.reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) {
            float v = x[p + i];
            r = max ? Math.max(r, v) : Math.min(r, v);
        }
        return r;
    }

    private static double extremeDoubles(ReduceOp op, double[] x, int p, int n) {
        boolean max = op == ReduceOp.MAX;
        int i = 0;
        double r = x[p];
        if (n >= 2 * DL) {
            DoubleVector a0 = DoubleVector.fromArray(D, x, p), a1 = DoubleVector.fromArray(D, x, p + DL);
            for (i = 2 * DL; i <= n - 2 * DL; i += 2 * DL) {
                DoubleVector v0 = DoubleVector.fromArray(D, x, p + i), v1 = DoubleVector.fromArray(D, x, p + i + DL);
                a0 = max ? a0.max(v0) : a0.min(v0);
                a1 = max ? a1.max(v1) : a1.min(v1);
            }
            DoubleVector a = max ? a0.max(a1) : a0.min(a1);
            r = max ? a.reduceLanes(VectorOperators.MAX) : a.reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) r = max ? Math.max(r, x[p + i]) : Math.min(r, x[p + i]);
        return r;
    }

    /**
     * Reduction over the inner (reduced) positions where the kept elements form a run of width elements starting at
     * start: out[j] = op over every reduced position q of src[start + q + j]. Float sums accumulate in double.
     * The width is split over the pool.
     */
    private static void columns(ReduceOp op, Storage src, int start, Layout inner, int width, Storage dst, int dstStart) {
        int rows = inner.numel();
        boolean sum = op == ReduceOp.SUM || op == ReduceOp.SUM_OF_SQUARES, squares = op == ReduceOp.SUM_OF_SQUARES;
        Parallel.forRange(0, width, Math.max(FL, Parallel.GRAIN / rows), (j0, j1) -> {
            int w = j1 - j0;
            if (src instanceof FloatStorage f) {
                float[] x = f.data, y = ((FloatStorage) dst).data;
                if (sum) {
                    double[] acc = new double[w];
                    Loops.rows(inner, (p, s, n) -> {
                        for (int i = 0; i < n; i++) addWidened(x, start + p + i * s + j0, squares, acc, w);
                    });
                    for (int j = 0; j < w; j++) y[dstStart + j0 + j] = (float) acc[j];
                } else {
                    float[] acc = new float[w];
                    boolean[] first = {true};
                    Loops.rows(inner, (p, s, n) -> {
                        for (int i = 0; i < n; i++) {
                            int row = start + p + i * s + j0;
                            if (first[0]) System.arraycopy(x, row, acc, 0, w);
                            else extremeInto(op, x, row, acc, w);
                            first[0] = false;
                        }
                    });
                    System.arraycopy(acc, 0, y, dstStart + j0, w);
                }
            } else {
                double[] x = ((DoubleStorage) src).data, y = ((DoubleStorage) dst).data;
                double[] acc = new double[w];
                boolean[] first = {true};
                Loops.rows(inner, (p, s, n) -> {
                    for (int i = 0; i < n; i++) {
                        int row = start + p + i * s + j0;
                        if (!sum && first[0]) System.arraycopy(x, row, acc, 0, w);
                        else combineDoubles(op, x, row, acc, w);
                        first[0] = false;
                    }
                });
                System.arraycopy(acc, 0, y, dstStart + j0, w);
            }
        });
    }

    /** acc[j] += x[at + j] (or its square rounded to float32) in double. */
    private static void addWidened(float[] x, int at, boolean squares, double[] acc, int w) {
        int j = 0;
        for (int bound = w - FL; j <= bound; j += FL) {
            FloatVector v = FloatVector.fromArray(F, x, at + j);
            if (squares) v = v.mul(v);
            ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).add(DoubleVector.fromArray(D, acc, j)).intoArray(acc, j);
            ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).add(DoubleVector.fromArray(D, acc, j + DL)).intoArray(acc, j + DL);
        }
        for (; j < w; j++) acc[j] += squares ? x[at + j] * x[at + j] : x[at + j];
    }

    private static void extremeInto(ReduceOp op, float[] x, int at, float[] acc, int w) {
        boolean max = op == ReduceOp.MAX;
        int j = 0;
        for (int bound = F.loopBound(w); j < bound; j += FL) {
            FloatVector a = FloatVector.fromArray(F, acc, j), v = FloatVector.fromArray(F, x, at + j);
            (max ? a.max(v) : a.min(v)).intoArray(acc, j);
        }
        for (; j < w; j++) acc[j] = max ? Math.max(acc[j], x[at + j]) : Math.min(acc[j], x[at + j]);
    }

    private static void combineDoubles(ReduceOp op, double[] x, int at, double[] acc, int w) {
        int j = 0;
        for (int bound = D.loopBound(w); j < bound; j += DL) {
            DoubleVector a = DoubleVector.fromArray(D, acc, j), v = DoubleVector.fromArray(D, x, at + j);
            DoubleVector r = switch (op) {
                case SUM -> a.add(v);
                case SUM_OF_SQUARES -> a.add(v.mul(v));
                case MAX -> a.max(v);
                default -> a.min(v);
            };
            r.intoArray(acc, j);
        }
        for (; j < w; j++) acc[j] = combine(op, acc[j], op == ReduceOp.SUM_OF_SQUARES ? x[at + j] * x[at + j] : x[at + j]);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // argmax, argmin
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * ARGMAX/ARGMIN where each group of reduced elements is one dense run (the book's {@code y_hat.argmax(axis=1)}, or
     * a whole tensor): the run's max (min) by vectors, then the first position holding it, so first occurrence wins;
     * a NaN extreme is the first NaN, as the reference. False, with nothing written, for any other layout.
     */
    private static boolean argReduce(ReduceOp op, Storage src, Layout srcL, int reducedDims, LongStorage dst, Layout dstL) {
        Layout inner = inner(srcL, reducedDims), outer = outer(srcL, reducedDims);
        int n = inner.numel(), groups = outer.numel();
        if (n == 0 || !denseRun(inner)) return false;
        ReduceOp extreme = op == ReduceOp.ARGMAX ? ReduceOp.MAX : ReduceOp.MIN;
        long[] out = dst.data;
        Parallel.forRange(0, groups, Math.max(1, Parallel.GRAIN / n), (g0, g1) -> {
            for (int g = g0; g < g1; g++) {
                int p = outer.indexOfLinear(g);
                out[dstL.indexOfLinear(g)] = src instanceof FloatStorage f
                        ? firstIndexOf(f.data, p, n, extremeFloats(extreme, f.data, p, n))
                        : firstIndexOf(((DoubleStorage) src).data, p, n, extremeDoubles(extreme, ((DoubleStorage) src).data, p, n));
            }
        });
        return true;
    }

    /** The first i with x[p + i] == value (or NaN, for a NaN value); value is one of the n elements. */
    private static int firstIndexOf(float[] x, int p, int n, float value) {
        int i = 0, bound = F.loopBound(n);
        if (value != value) {
            for (; i < bound; i += FL) {
                VectorMask<Float> hit = FloatVector.fromArray(F, x, p + i).test(VectorOperators.IS_NAN);
                if (hit.anyTrue()) return i + hit.firstTrue();
            }
            while (x[p + i] == x[p + i]) i++;
            return i;
        }
        for (; i < bound; i += FL) {
            VectorMask<Float> hit = FloatVector.fromArray(F, x, p + i).compare(VectorOperators.EQ, value);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        while (x[p + i] != value) i++;
        return i;
    }

    private static int firstIndexOf(double[] x, int p, int n, double value) {
        int i = 0, bound = D.loopBound(n);
        if (value != value) {
            for (; i < bound; i += DL) {
                VectorMask<Double> hit = DoubleVector.fromArray(D, x, p + i).test(VectorOperators.IS_NAN);
                if (hit.anyTrue()) return i + hit.firstTrue();
            }
            while (x[p + i] == x[p + i]) i++;
            return i;
        }
        for (; i < bound; i += DL) {
            VectorMask<Double> hit = DoubleVector.fromArray(D, x, p + i).compare(VectorOperators.EQ, value);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        while (x[p + i] != value) i++;
        return i;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // integral sums
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * SUM of a BOOL, UINT8, INT32 or INT64 src into INT64 (the book's {@code (y_hat == y).sum()}): typed loops on the
     * src's own array, no converted copy. Bool rows are counted a vector mask at a time.
     */
    private static boolean integralSum(Storage src, Layout srcL, int reducedDims, LongStorage dst, Layout dstL) {
        long[] out = dst.data;
        int outerRank = srcL.dim() - reducedDims;
        if (outerRank == 0 && denseRun(srcL)) {
            int n = srcL.numel(), p = srcL.offset();
            if (n < 2 * Parallel.GRAIN) {
                out[dstL.offset()] = integralRowSum(src, p, 1, n);
                return true;
            }
            long[] partial = new long[pieces(n)];
            Parallel.forRange(0, partial.length, 1, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    int from = c * Parallel.GRAIN;
                    partial[c] = integralRowSum(src, p + from, 1, Math.min(Parallel.GRAIN, n - from));
                }
            });
            out[dstL.offset()] = Arrays.stream(partial).sum();
            return true;
        }
        Layout inner = inner(srcL, reducedDims), outer = outer(srcL, reducedDims);
        int innerN = inner.numel();
        boolean dense = denseRun(inner);
        Parallel.forRange(0, outer.numel(), Math.max(1, Parallel.GRAIN / Math.max(innerN, 1)), (o0, o1) -> {
            long[] sum = new long[1];
            for (int o = o0; o < o1; o++) {
                int base = outer.indexOfLinear(o);
                if (dense) {
                    sum[0] = integralRowSum(src, base, 1, innerN);
                } else {
                    sum[0] = 0;
                    Loops.rows(inner, (p, s, n) -> sum[0] += integralRowSum(src, base + p, s, n));
                }
                out[dstL.indexOfLinear(o)] = sum[0];
            }
        });
        return true;
    }

    /** Σ of one row of an integral or bool storage, in long (uint8 read unsigned, true as 1). */
    private static long integralRowSum(Storage src, int p, int s, int n) {
        long sum = 0;
        int i = 0;
        switch (src) {
            case BoolStorage b -> {
                boolean[] x = b.data;
                if (s == 1) for (int bound = B.loopBound(n); i < bound; i += BL) sum += VectorMask.fromArray(B, x, p + i).trueCount();
                for (; i < n; i++) if (x[p + i * s]) sum++;
            }
            case LongStorage l -> {
                long[] x = l.data;
                if (s == 1) {
                    LongVector a0 = LongVector.zero(L), a1 = a0;
                    for (int bound = n - 2 * LL; i <= bound; i += 2 * LL) {
                        a0 = a0.add(LongVector.fromArray(L, x, p + i));
                        a1 = a1.add(LongVector.fromArray(L, x, p + i + LL));
                    }
                    sum = a0.add(a1).reduceLanes(VectorOperators.ADD);
                }
                for (; i < n; i++) sum += x[p + i * s];
            }
            case IntStorage t -> { for (int[] x = t.data; i < n; i++) sum += x[p + i * s]; }
            case ByteStorage t -> { for (byte[] x = t.data; i < n; i++) sum += x[p + i * s] & 0xFF; }
            default -> throw new IllegalArgumentException("integral sum of a " + src.dtype() + " storage");
        }
        return sum;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // nonzero
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * {@link Kernels#nonzero} of a dense bool mask (x[x > 0]), or null for any other: the true elements counted a
     * vector mask at a time, then every position written and kept by adding the element's bit to the count. A branch
     * per element would mispredict on about half of a comparison's results, which come in no order a predictor could
     * learn. (Reading each mask's bits off with {@code toLong} was no faster: it is not intrinsified for masks loaded
     * from a boolean array, measured on JDK 25 with AVX-512.)
     */
    static int[] nonzero(Storage src, Layout srcL) {
        if (!(src instanceof BoolStorage b) || !srcL.isContiguous()) return null;
        boolean[] m = b.data;
        int n = srcL.numel(), o = srcL.offset(), bound = B.loopBound(n), count = 0;
        for (int i = 0; i < bound; i += BL) count += VectorMask.fromArray(B, m, o + i).trueCount();
        for (int i = bound; i < n; i++) if (m[o + i]) count++;
        int[] hits = new int[count];
        if (count == 0) return hits;
        int last = n - 1;
        while (!m[o + last]) last--;
        // before the last true element the count stays below its total, so every write lands inside hits
        int k = 0;
        for (int i = 0; i < last; i++) {
            hits[k] = i;
            k += m[o + i] ? 1 : 0;
        }
        hits[k] = last;
        return hits;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // variance
    // ---------------------------------------------------------------------------------------------------------------

    /** {@link Kernels#variance} for float32 and float64: the reference's two passes, by vectors and over the pool. */
    static boolean variance(Storage src, Layout srcL, int reducedDims, double divisor, boolean sqrt, Storage dst, Layout dstL) {
        if (!floating(src) || src.dtype() != dst.dtype()) return false;
        int outerRank = srcL.dim() - reducedDims;
        if (outerRank == 0 && denseRun(srcL)) {
            int n = srcL.numel(), p = srcL.offset();
            double sum = n >= 2 * Parallel.GRAIN ? splitRowReduce(ReduceOp.SUM, src, p, n) : rowSum(src, p, 1, n);
            double mean = sum / n, squares;
            if (n >= 2 * Parallel.GRAIN) {
                double[] partial = new double[pieces(n)];
                Parallel.forRange(0, partial.length, 1, (c0, c1) -> {
                    for (int c = c0; c < c1; c++) {
                        int from = c * Parallel.GRAIN;
                        partial[c] = squaredDeviations(src, p + from, 1, Math.min(Parallel.GRAIN, n - from), mean);
                    }
                });
                squares = 0;
                for (double piece : partial) squares += piece; // in order, as the pieces of a sum
            } else {
                squares = squaredDeviations(src, p, 1, n, mean);
            }
            dst.setDouble(dstL.offset(), finish(squares, divisor, sqrt));
            return true;
        }
        Layout inner = inner(srcL, reducedDims), outer = outer(srcL, reducedDims);
        int outerN = outer.numel(), innerN = inner.numel();
        if (outerN == 0) return true;
        if (innerN > 0 && outerN > 1 && denseRun(outer) && dstL.isContiguous() && !denseRun(inner)) {
            columnVariances(src, outer.offset(), inner, outerN, divisor, sqrt, dst, dstL.offset());
            return true;
        }
        boolean dense = denseRun(inner);
        Parallel.forRange(0, outerN, Math.max(1, Parallel.GRAIN / Math.max(innerN, 1)), (o0, o1) -> {
            double[] acc = new double[1];
            for (int o = o0; o < o1; o++) {
                int base = outer.indexOfLinear(o);
                double squares;
                if (dense) {
                    squares = squaredDeviations(src, base, 1, innerN, rowSum(src, base, 1, innerN) / innerN);
                } else {
                    acc[0] = 0;
                    Loops.rows(inner, (p, s, n) -> acc[0] += rowSum(src, base + p, s, n));
                    double mean = acc[0] / innerN;
                    acc[0] = 0;
                    Loops.rows(inner, (p, s, n) -> acc[0] += squaredDeviations(src, base + p, s, n, mean));
                    squares = acc[0];
                }
                dst.setDouble(dstL.indexOfLinear(o), finish(squares, divisor, sqrt));
            }
        });
        return true;
    }

    private static double finish(double squares, double divisor, boolean sqrt) {
        double v = squares / divisor;
        return sqrt ? Math.sqrt(v) : v;
    }

    /** Σ of one row (n ≥ 0) of a float32 or float64 storage, in double. */
    private static double rowSum(Storage src, int p, int s, int n) { return n == 0 ? 0 : rowReduce(ReduceOp.SUM, src, p, s, n); }

    /** Σ (x − mean)² over one row, in double. */
    private static double squaredDeviations(Storage src, int p, int s, int n, double mean) {
        int i = 0;
        double sum = 0;
        if (src instanceof FloatStorage f) {
            float[] x = f.data;
            if (s == 1) {
                DoubleVector m = DoubleVector.broadcast(D, mean), a0 = DoubleVector.zero(D), a1 = a0;
                for (int bound = n - FL; i <= bound; i += FL) {
                    FloatVector v = FloatVector.fromArray(F, x, p + i);
                    DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
                    DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
                    a0 = d0.fma(d0, a0);
                    a1 = d1.fma(d1, a1);
                }
                sum = LaneSums.sum(a0.add(a1));
            }
            for (; i < n; i++) {
                double d = x[p + i * s] - mean;
                sum += d * d;
            }
            return sum;
        }
        double[] x = ((DoubleStorage) src).data;
        if (s == 1) {
            DoubleVector m = DoubleVector.broadcast(D, mean), a0 = DoubleVector.zero(D), a1 = a0;
            for (int bound = n - 2 * DL; i <= bound; i += 2 * DL) {
                DoubleVector d0 = DoubleVector.fromArray(D, x, p + i).sub(m), d1 = DoubleVector.fromArray(D, x, p + i + DL).sub(m);
                a0 = d0.fma(d0, a0);
                a1 = d1.fma(d1, a1);
            }
            sum = LaneSums.sum(a0.add(a1));
        }
        for (; i < n; i++) {
            double d = x[p + i * s] - mean;
            sum += d * d;
        }
        return sum;
    }

    /**
     * Variances where the kept elements form a run of width elements starting at start (std(0) of [batch, features]):
     * column sums a row at a time, then the squared deviations a row at a time, the width split over the pool.
     */
    private static void columnVariances(Storage src, int start, Layout inner, int width, double divisor, boolean sqrt,
                                        Storage dst, int dstStart) {
        int rows = inner.numel();
        Parallel.forRange(0, width, Math.max(FL, Parallel.GRAIN / rows), (j0, j1) -> {
            int w = j1 - j0;
            double[] mean = new double[w], squares = new double[w];
            if (src instanceof FloatStorage f) {
                float[] x = f.data;
                Loops.rows(inner, (p, s, n) -> { for (int i = 0; i < n; i++) addWidened(x, start + p + i * s + j0, false, mean, w); });
                for (int j = 0; j < w; j++) mean[j] /= rows;
                Loops.rows(inner, (p, s, n) -> { for (int i = 0; i < n; i++) addSquaredDeviations(x, start + p + i * s + j0, mean, squares, w); });
            } else {
                double[] x = ((DoubleStorage) src).data;
                Loops.rows(inner, (p, s, n) -> { for (int i = 0; i < n; i++) combineDoubles(ReduceOp.SUM, x, start + p + i * s + j0, mean, w); });
                for (int j = 0; j < w; j++) mean[j] /= rows;
                Loops.rows(inner, (p, s, n) -> { for (int i = 0; i < n; i++) addSquaredDeviations(x, start + p + i * s + j0, mean, squares, w); });
            }
            for (int j = 0; j < w; j++) dst.setDouble(dstStart + j0 + j, finish(squares[j], divisor, sqrt));
        });
    }

    /** squares[j] += (x[at + j] − mean[j])² in double. */
    private static void addSquaredDeviations(float[] x, int at, double[] mean, double[] squares, int w) {
        int j = 0;
        for (int bound = w - FL; j <= bound; j += FL) {
            FloatVector v = FloatVector.fromArray(F, x, at + j);
            DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(DoubleVector.fromArray(D, mean, j));
            DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(DoubleVector.fromArray(D, mean, j + DL));
            d0.fma(d0, DoubleVector.fromArray(D, squares, j)).intoArray(squares, j);
            d1.fma(d1, DoubleVector.fromArray(D, squares, j + DL)).intoArray(squares, j + DL);
        }
        for (; j < w; j++) {
            double d = x[at + j] - mean[j];
            squares[j] += d * d;
        }
    }

    private static void addSquaredDeviations(double[] x, int at, double[] mean, double[] squares, int w) {
        int j = 0;
        for (int bound = D.loopBound(w); j < bound; j += DL) {
            DoubleVector d = DoubleVector.fromArray(D, x, at + j).sub(DoubleVector.fromArray(D, mean, j));
            d.fma(d, DoubleVector.fromArray(D, squares, j)).intoArray(squares, j);
        }
        for (; j < w; j++) {
            double d = x[at + j] - mean[j];
            squares[j] += d * d;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // softmax
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * {@link Kernels#softmax} for float32 and float64. Lines are worked on in blocks of about {@link #SOFTMAX_BLOCK}
     * elements: consecutive lines in place, any other layout gathered into a dense block and scattered back. A block
     * takes the steps a pass each: max and x − m per line, exp over the whole block, the sums, then e · (1 / s) or
     * (x − m) − log s, with the functions the element-wise ops use.
     */
    static boolean softmax(boolean log, Storage src, Layout srcL, int dim, Storage dst, Layout dstL) {
        if (!floating(src) || src.dtype() != dst.dtype()) return false;
        int n = srcL.size(dim), ss = srcL.stride(dim), ds = dstL.stride(dim);
        if (n == 0) return true;
        Layout srcLines = srcL.select(dim, 0), dstLines = dstL.select(dim, 0);
        int lines = srcLines.numel(), perBlock = Math.max(1, SOFTMAX_BLOCK / n);
        boolean inPlace = (ss == 1 || n == 1) && (ds == 1 || n == 1) && runOf(srcLines, n) && runOf(dstLines, n);
        Parallel.forRange(0, lines, Math.max(1, Parallel.GRAIN / n), (r0, r1) -> {
            int most = Math.min(perBlock, r1 - r0) * n;
            // every array here is made, empty when unused, never null: C2 (Temurin 25.0.3) once compiled this lambda
            // into a load of a null dense's length, a SIGSEGV that took a test JVM down in ProvidersAgreeTest
            if (src instanceof FloatStorage f) {
                float[] x = f.data, y = ((FloatStorage) dst).data;
                float[] dense = new float[inPlace ? 0 : most], scratch = new float[log ? most : 0], sums = new float[most / n];
                for (int r = r0; r < r1; r += perBlock) {
                    int count = Math.min(perBlock, r1 - r);
                    if (inPlace) {
                        softmaxBlock(log, x, srcLines.offset() + r * n, y, dstLines.offset() + r * n, count, n, scratch, sums);
                    } else {
                        for (int k = 0; k < count; k++) {
                            int p = srcLines.indexOfLinear(r + k);
                            for (int i = 0; i < n; i++) dense[k * n + i] = x[p + i * ss];
                        }
                        softmaxBlock(log, dense, 0, dense, 0, count, n, scratch, sums);
                        for (int k = 0; k < count; k++) {
                            int p = dstLines.indexOfLinear(r + k);
                            for (int i = 0; i < n; i++) y[p + i * ds] = dense[k * n + i];
                        }
                    }
                }
            } else {
                double[] x = ((DoubleStorage) src).data, y = ((DoubleStorage) dst).data;
                double[] dense = new double[inPlace ? 0 : most], scratch = new double[log ? most : 0];
                for (int r = r0; r < r1; r += perBlock) {
                    int count = Math.min(perBlock, r1 - r);
                    if (inPlace) {
                        softmaxBlock(log, x, srcLines.offset() + r * n, y, dstLines.offset() + r * n, count, n, scratch);
                    } else {
                        for (int k = 0; k < count; k++) {
                            int p = srcLines.indexOfLinear(r + k);
                            for (int i = 0; i < n; i++) dense[k * n + i] = x[p + i * ss];
                        }
                        softmaxBlock(log, dense, 0, dense, 0, count, n, scratch);
                        for (int k = 0; k < count; k++) {
                            int p = dstLines.indexOfLinear(r + k);
                            for (int i = 0; i < n; i++) y[p + i * ds] = dense[k * n + i];
                        }
                    }
                }
            }
        });
        return true;
    }

    /**
     * Softmax (log-softmax) of {@code count} consecutive float32 lines of n elements from x[xo …] into y[yo …] (x may
     * be y). scratch holds the exponentials for log-softmax; sums has room for count values.
     */
    private static void softmaxBlock(boolean log, float[] x, int xo, float[] y, int yo, int count, int n, float[] scratch,
                                     float[] sums) {
        for (int k = 0; k < count; k++) subtract(x, xo + k * n, extremeFloats(ReduceOp.MAX, x, xo + k * n, n), y, yo + k * n, n);
        float[] e = log ? scratch : y;
        int eo = log ? 0 : yo;
        VectorMath.apply(UnaryOp.EXP, y, yo, 1, e, eo, 1, count * n);
        for (int k = 0; k < count; k++) sums[k] = (float) sumFloats(e, eo + k * n, n);
        if (log) {
            VectorMath.apply(UnaryOp.LOG, sums, 0, 1, sums, 0, 1, count);
            for (int k = 0; k < count; k++) subtract(y, yo + k * n, sums[k], y, yo + k * n, n);
        } else {
            for (int k = 0; k < count; k++) scale(y, yo + k * n, 1f / sums[k], n);
        }
    }

    /** y[yo + i] = x[xo + i] − c for i &lt; n (x may be y). */
    private static void subtract(float[] x, int xo, float c, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) FloatVector.fromArray(F, x, xo + i).sub(c).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] = x[xo + i] - c;
    }

    /** y[yo + i] *= c for i &lt; n. */
    private static void scale(float[] y, int yo, float c, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) FloatVector.fromArray(F, y, yo + i).mul(c).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] *= c;
    }

    /** The float64 block: as the float32 one, with {@code Math.exp} and {@code Math.log} (as the float64 unary ops). */
    private static void softmaxBlock(boolean log, double[] x, int xo, double[] y, int yo, int count, int n, double[] scratch) {
        for (int k = 0; k < count; k++) {
            int a = xo + k * n, b = yo + k * n;
            double max = extremeDoubles(ReduceOp.MAX, x, a, n);
            for (int i = 0; i < n; i++) y[b + i] = x[a + i] - max;
            double[] e = log ? scratch : y;
            int eo = log ? k * n : b;
            for (int i = 0; i < n; i++) e[eo + i] = Math.exp(y[b + i]);
            double s = sumDoubles(e, eo, n);
            if (log) {
                double logS = Math.log(s);
                for (int i = 0; i < n; i++) y[b + i] -= logS;
            } else {
                double reciprocal = 1 / s;
                for (int i = 0; i < n; i++) y[b + i] *= reciprocal;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // cumsum, cumprod
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * {@link Kernels#scan} for float32, float64 and INT64. A line's prefix is a chain of dependent adds, so lines are
     * scanned side by side: by vectors across lines when line i + 1 starts right after line i (cumsum(0) of a
     * row-major matrix), else four lines at a time with a running value each. Float32 runs in double, as the reference.
     */
    static boolean scan(boolean product, Storage src, Layout srcL, int dim, Storage dst, Layout dstL) {
        boolean supported = src instanceof FloatStorage || src instanceof DoubleStorage || src instanceof LongStorage;
        if (!supported || src.dtype() != dst.dtype()) return false;
        int len = srcL.size(dim), ss = srcL.stride(dim), ds = dstL.stride(dim);
        if (len == 0) return true;
        Layout srcLines = srcL.select(dim, 0), dstLines = dstL.select(dim, 0);
        int lines = srcLines.numel();
        boolean across = src instanceof FloatStorage && lines > 1 && denseRun(srcLines) && denseRun(dstLines);
        Parallel.forRange(0, lines, Math.max(across ? FL : 1, Parallel.GRAIN / len), (r0, r1) -> {
            if (across) {
                scanAcross(product, ((FloatStorage) src).data, srcLines.offset() + r0, ss,
                        ((FloatStorage) dst).data, dstLines.offset() + r0, ds, len, r1 - r0);
                return;
            }
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                int a0 = srcLines.indexOfLinear(r), a1 = srcLines.indexOfLinear(r + 1);
                int a2 = srcLines.indexOfLinear(r + 2), a3 = srcLines.indexOfLinear(r + 3);
                int b0 = dstLines.indexOfLinear(r), b1 = dstLines.indexOfLinear(r + 1);
                int b2 = dstLines.indexOfLinear(r + 2), b3 = dstLines.indexOfLinear(r + 3);
                switch (src) {
                    case FloatStorage f -> scan4(product, f.data, a0, a1, a2, a3, ss, ((FloatStorage) dst).data, b0, b1, b2, b3, ds, len);
                    case DoubleStorage d -> scan4(product, d.data, a0, a1, a2, a3, ss, ((DoubleStorage) dst).data, b0, b1, b2, b3, ds, len);
                    default -> scan4(product, ((LongStorage) src).data, a0, a1, a2, a3, ss, ((LongStorage) dst).data, b0, b1, b2, b3, ds, len);
                }
            }
            for (; r < r1; r++) {
                int a = srcLines.indexOfLinear(r), b = dstLines.indexOfLinear(r);
                switch (src) {
                    case FloatStorage f -> scan4(product, f.data, a, a, a, a, ss, ((FloatStorage) dst).data, b, b, b, b, ds, len);
                    case DoubleStorage d -> scan4(product, d.data, a, a, a, a, ss, ((DoubleStorage) dst).data, b, b, b, b, ds, len);
                    default -> scan4(product, ((LongStorage) src).data, a, a, a, a, ss, ((LongStorage) dst).data, b, b, b, b, ds, len);
                }
            }
        });
        return true;
    }

    /**
     * Four lines (a0…a3 in x, b0…b3 in y) scanned together, each with its own running value in double: four independent
     * chains of adds instead of one. The same line passed four times scans it alone, with the same result.
     */
    private static void scan4(boolean product, float[] x, int a0, int a1, int a2, int a3, int sx,
                              float[] y, int b0, int b1, int b2, int b3, int sy, int len) {
        double r0 = product ? 1 : 0, r1 = r0, r2 = r0, r3 = r0;
        for (int i = 0, p = 0, q = 0; i < len; i++, p += sx, q += sy) {
            if (product) {
                r0 *= x[a0 + p]; r1 *= x[a1 + p]; r2 *= x[a2 + p]; r3 *= x[a3 + p];
            } else {
                r0 += x[a0 + p]; r1 += x[a1 + p]; r2 += x[a2 + p]; r3 += x[a3 + p];
            }
            y[b0 + q] = (float) r0; y[b1 + q] = (float) r1; y[b2 + q] = (float) r2; y[b3 + q] = (float) r3;
        }
    }

    private static void scan4(boolean product, double[] x, int a0, int a1, int a2, int a3, int sx,
                              double[] y, int b0, int b1, int b2, int b3, int sy, int len) {
        double r0 = product ? 1 : 0, r1 = r0, r2 = r0, r3 = r0;
        for (int i = 0, p = 0, q = 0; i < len; i++, p += sx, q += sy) {
            if (product) {
                r0 *= x[a0 + p]; r1 *= x[a1 + p]; r2 *= x[a2 + p]; r3 *= x[a3 + p];
            } else {
                r0 += x[a0 + p]; r1 += x[a1 + p]; r2 += x[a2 + p]; r3 += x[a3 + p];
            }
            y[b0 + q] = r0; y[b1 + q] = r1; y[b2 + q] = r2; y[b3 + q] = r3;
        }
    }

    private static void scan4(boolean product, long[] x, int a0, int a1, int a2, int a3, int sx,
                              long[] y, int b0, int b1, int b2, int b3, int sy, int len) {
        long r0 = product ? 1 : 0, r1 = r0, r2 = r0, r3 = r0;
        for (int i = 0, p = 0, q = 0; i < len; i++, p += sx, q += sy) {
            if (product) {
                r0 *= x[a0 + p]; r1 *= x[a1 + p]; r2 *= x[a2 + p]; r3 *= x[a3 + p];
            } else {
                r0 += x[a0 + p]; r1 += x[a1 + p]; r2 += x[a2 + p]; r3 += x[a3 + p];
            }
            y[b0 + q] = r0; y[b1 + q] = r1; y[b2 + q] = r2; y[b3 + q] = r3;
        }
    }

    /**
     * Float32 lines that start one element apart (x[a + j], line j), scanned by vectors across them: running values of
     * a vector of lines in double (two halves), a step along the lines at a time.
     */
    private static void scanAcross(boolean product, float[] x, int a, int sx, float[] y, int b, int sy, int len, int width) {
        int j = 0;
        for (int bound = F.loopBound(width); j < bound; j += FL) {
            DoubleVector r0 = DoubleVector.broadcast(D, product ? 1 : 0), r1 = r0;
            for (int i = 0; i < len; i++) {
                FloatVector v = FloatVector.fromArray(F, x, a + j + i * sx);
                DoubleVector v0 = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
                DoubleVector v1 = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
                r0 = product ? r0.mul(v0) : r0.add(v0);
                r1 = product ? r1.mul(v1) : r1.add(v1);
                // each half rounded to float32 into its own half of one vector (a contracting conversion fills block
                // −part and zeroes the rest)
                FloatVector low = (FloatVector) r0.convertShape(VectorOperators.D2F, F, 0);
                FloatVector high = (FloatVector) r1.convertShape(VectorOperators.D2F, F, -1);
                low.blend(high, UPPER_HALF).intoArray(y, b + j + i * sy);
            }
        }
        for (; j < width; j++) scan4(product, x, a + j, a + j, a + j, a + j, sx, y, b + j, b + j, b + j, b + j, sy, len);
    }

    /** The upper half of a float vector's lanes: where the second half of a line of doubles lands. */
    private static final VectorMask<Float> UPPER_HALF = VectorMask.fromLong(F, ((1L << FL) - 1) & -(1L << DL));
}
