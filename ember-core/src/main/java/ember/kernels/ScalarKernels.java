package ember.kernels;

import ember.storage.BoolStorage;
import ember.storage.ByteStorage;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.LongStorage;
import ember.storage.Storage;

/**
 * The reference kernels: plain Java loops, readable first. Float32 and float64 get typed loops (with a unit-stride
 * fast path for the arithmetic the book uses most); every other dtype goes through the storage's generic
 * double/long accessors. Float32 results are computed in double and rounded once, which for + − × ÷ and sqrt gives
 * exactly IEEE float32's answer.
 */
public class ScalarKernels implements Kernels {

    @Override
    public String name() { return "scalar"; }

    @Override
    public void axpy(double alpha, Storage x, Layout xL, Storage y, Layout yL) {
        if (x instanceof FloatStorage xs && y instanceof FloatStorage ys) {
            float[] u = xs.data, v = ys.data;
            float a = (float) alpha;
            Loops.rows(xL, yL, (p0, s0, p1, s1, n) -> { for (int i = 0; i < n; i++) v[p1 + i * s1] += u[p0 + i * s0] * a; });
        } else if (x instanceof DoubleStorage xs && y instanceof DoubleStorage ys) {
            double[] u = xs.data, v = ys.data;
            Loops.rows(xL, yL, (p0, s0, p1, s1, n) -> { for (int i = 0; i < n; i++) v[p1 + i * s1] += u[p0 + i * s0] * alpha; });
        } else {
            throw new IllegalArgumentException("axpy: expected two float32 or two float64 storages, got "
                    + x.dtype().torchName() + " and " + y.dtype().torchName());
        }
    }

    @Override
    public void copy(Storage src, Layout srcL, Storage dst, Layout dstL) {
        if (src instanceof FloatStorage s && dst instanceof FloatStorage d) {
            float[] x = s.data, y = d.data;
            Loops.rows(srcL, dstL, (p0, s0, p1, s1, n) -> {
                if (s0 == 1 && s1 == 1) System.arraycopy(x, p0, y, p1, n);
                else for (int i = 0; i < n; i++) y[p1 + i * s1] = x[p0 + i * s0];
            });
        } else if (src instanceof DoubleStorage s && dst instanceof DoubleStorage d) {
            double[] x = s.data, y = d.data;
            Loops.rows(srcL, dstL, (p0, s0, p1, s1, n) -> {
                if (s0 == 1 && s1 == 1) System.arraycopy(x, p0, y, p1, n);
                else for (int i = 0; i < n; i++) y[p1 + i * s1] = x[p0 + i * s0];
            });
        } else {
            Loops.rows(srcL, dstL, (p0, s0, p1, s1, n) -> Convert.row(src, p0, s0, dst, p1, s1, n));
        }
    }

    @Override
    public void pixelsToUnit(Storage src, int s, Storage dst, int d, int n) {
        if (!(src instanceof ByteStorage from && dst instanceof FloatStorage to))
            throw new IllegalArgumentException("pixelsToUnit: expected uint8 pixels into float32, got " + src.dtype().torchName()
                    + " into " + dst.dtype().torchName());
        byte[] x = from.data;
        float[] y = to.data;
        for (int i = 0; i < n; i++) y[d + i] = (x[s + i] & 0xFF) / 255f;
    }

    @Override
    public void fill(Storage dst, Layout dstL, double value) {
        if (dst instanceof FloatStorage d) {
            float v = (float) value;
            Loops.rows(dstL, (p, s, n) -> {
                if (s == 1) java.util.Arrays.fill(d.data, p, p + n, v);
                else for (int i = 0; i < n; i++) d.data[p + i * s] = v;
            });
        } else if (dst instanceof DoubleStorage d) {
            Loops.rows(dstL, (p, s, n) -> {
                if (s == 1) java.util.Arrays.fill(d.data, p, p + n, value);
                else for (int i = 0; i < n; i++) d.data[p + i * s] = value;
            });
        } else {
            Loops.rows(dstL, (p, s, n) -> { for (int i = 0; i < n; i++) dst.setDouble(p + i * s, value); });
        }
    }

    @Override
    public void fillLong(Storage dst, Layout dstL, long value) {
        Loops.rows(dstL, (p, s, n) -> { for (int i = 0; i < n; i++) dst.setLong(p + i * s, value); });
    }

    @Override
    public void unary(UnaryOp op, double p0, double p1, Storage src, Layout srcL, Storage dst, Layout dstL) {
        if (src instanceof FloatStorage s && dst instanceof FloatStorage d) {
            float[] x = s.data, y = d.data;
            Loops.rows(srcL, dstL, (a, sa, b, sb, n) -> {
                for (int i = 0; i < n; i++) y[b + i * sb] = op.applyFloat(x[a + i * sa], p0, p1);
            });
        } else if (src instanceof DoubleStorage s && dst instanceof DoubleStorage d) {
            double[] x = s.data, y = d.data;
            Loops.rows(srcL, dstL, (a, sa, b, sb, n) -> {
                for (int i = 0; i < n; i++) y[b + i * sb] = op.apply(x[a + i * sa], p0, p1);
            });
        } else if (src.dtype().isFloatingPoint()) {
            Loops.rows(srcL, dstL, (a, sa, b, sb, n) -> {
                for (int i = 0; i < n; i++) dst.setDouble(b + i * sb, op.apply(src.getDouble(a + i * sa), p0, p1));
            });
        } else {
            Loops.rows(srcL, dstL, (a, sa, b, sb, n) -> {
                for (int i = 0; i < n; i++) dst.setLong(b + i * sb, op.applyLong(src.getLong(a + i * sa), p0, p1));
            });
        }
    }

    @Override
    public void binary(BinaryOp op, Storage a, Layout aL, Storage b, Layout bL, Storage dst, Layout dstL) {
        Loops.rows(aL, bL, dstL, binaryRows(op, a, b, dst));
    }

    /**
     * The row loop of a binary op on these storages: over the arrays themselves for float32, float64, int64 and bool
     * operands, through the element accessors for the rest. The vector provider runs it, on both cores, for the ops and
     * types it does not vectorise.
     */
    static Loops.Row3 binaryRows(BinaryOp op, Storage a, Storage b, Storage dst) {
        if (a instanceof FloatStorage fa && b instanceof FloatStorage fb && dst instanceof FloatStorage fd) {
            float[] x = fa.data, y = fb.data, z = fd.data;
            return (pa, sa, pb, sb, pd, sd, n) -> {
                if (sa == 1 && sb == 1 && sd == 1) {
                    switch (op) {
                        case ADD -> { for (int i = 0; i < n; i++) z[pd + i] = x[pa + i] + y[pb + i]; return; }
                        case SUB -> { for (int i = 0; i < n; i++) z[pd + i] = x[pa + i] - y[pb + i]; return; }
                        case MUL -> { for (int i = 0; i < n; i++) z[pd + i] = x[pa + i] * y[pb + i]; return; }
                        case DIV -> { for (int i = 0; i < n; i++) z[pd + i] = x[pa + i] / y[pb + i]; return; }
                        default -> { }
                    }
                }
                for (int i = 0; i < n; i++) z[pd + i * sd] = (float) op.apply(x[pa + i * sa], y[pb + i * sb]);
            };
        }
        if (a instanceof DoubleStorage da && b instanceof DoubleStorage db && dst instanceof DoubleStorage dd) {
            double[] x = da.data, y = db.data, z = dd.data;
            return (pa, sa, pb, sb, pd, sd, n) -> {
                for (int i = 0; i < n; i++) z[pd + i * sd] = op.apply(x[pa + i * sa], y[pb + i * sb]);
            };
        }
        if (a instanceof LongStorage la && b instanceof LongStorage lb) {
            long[] x = la.data, y = lb.data;
            // the common ops get loops of their own: through applyLong's switch an element took 2 ns instead of 0.5
            if (dst instanceof LongStorage ld) {
                long[] z = ld.data;
                return switch (op) {
                    case ADD -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] + y[pb + i * sb]; };
                    case SUB -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] - y[pb + i * sb]; };
                    case MUL -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] * y[pb + i * sb]; };
                    default -> (pa, sa, pb, sb, pd, sd, n) -> {
                        for (int i = 0; i < n; i++) z[pd + i * sd] = op.applyLong(x[pa + i * sa], y[pb + i * sb]);
                    };
                };
            }
            if (dst instanceof BoolStorage bd) {
                boolean[] z = bd.data;
                return switch (op) {
                    case EQ -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] == y[pb + i * sb]; };
                    case NE -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] != y[pb + i * sb]; };
                    case GT -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] > y[pb + i * sb]; };
                    case GE -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] >= y[pb + i * sb]; };
                    case LT -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] < y[pb + i * sb]; };
                    case LE -> (pa, sa, pb, sb, pd, sd, n) -> { for (int i = 0; i < n; i++) z[pd + i * sd] = x[pa + i * sa] <= y[pb + i * sb]; };
                    default -> (pa, sa, pb, sb, pd, sd, n) -> {
                        for (int i = 0; i < n; i++) z[pd + i * sd] = op.applyLong(x[pa + i * sa], y[pb + i * sb]) != 0;
                    };
                };
            }
        }
        if (a instanceof BoolStorage ba && b instanceof BoolStorage bb && dst instanceof BoolStorage bd) {
            boolean[] x = ba.data, y = bb.data, z = bd.data; // masks combined: logical ops, comparisons, + and * as or and and
            return (pa, sa, pb, sb, pd, sd, n) -> {
                for (int i = 0; i < n; i++) z[pd + i * sd] = op.applyLong(x[pa + i * sa] ? 1 : 0, y[pb + i * sb] ? 1 : 0) != 0;
            };
        }
        if (a.dtype().isFloatingPoint()) {
            return (pa, sa, pb, sb, pd, sd, n) -> {
                for (int i = 0; i < n; i++) dst.setDouble(pd + i * sd, op.apply(a.getDouble(pa + i * sa), b.getDouble(pb + i * sb)));
            };
        }
        return (pa, sa, pb, sb, pd, sd, n) -> {
            for (int i = 0; i < n; i++) dst.setLong(pd + i * sd, op.applyLong(a.getLong(pa + i * sa), b.getLong(pb + i * sb)));
        };
    }

    @Override
    public void where(Storage cond, Layout condL, Storage a, Layout aL, Storage b, Layout bL, Storage dst, Layout dstL) {
        boolean floating = dst.dtype().isFloatingPoint();
        Loops.rows(condL, aL, bL, dstL, (pc, sc, pa, sa, pb, sb, pd, sd, n) -> {
            for (int i = 0; i < n; i++) {
                boolean c = cond.getBool(pc + i * sc);
                if (floating) dst.setDouble(pd + i * sd, c ? a.getDouble(pa + i * sa) : b.getDouble(pb + i * sb));
                else dst.setLong(pd + i * sd, c ? a.getLong(pa + i * sa) : b.getLong(pb + i * sb));
            }
        });
    }

    @Override
    public void reduce(ReduceOp op, Storage src, Layout srcL, int reducedDims, Storage dst, Layout dstL) {
        boolean floating = src.dtype().isFloatingPoint();
        forEachGroup(srcL, reducedDims, dstL, (base, inner, target) -> {
            Acc acc = new Acc(op, floating);
            Loops.rows(inner, (p, s, n) -> acc.add(src, base + p, s, n));
            acc.store(dst, target);
        });
    }

    /** One group of a reduction: the src elements at base + every position of inner, reduced into dst at target. */
    @FunctionalInterface
    private interface Group { void run(int base, Layout inner, int target); }

    /** Runs body on each group of a reduction over the trailing reducedDims of srcL, in dst's row-major order. */
    private static void forEachGroup(Layout srcL, int reducedDims, Layout dstL, Group body) {
        int rank = srcL.dim();
        int outerRank = rank - reducedDims;
        int[] shape = srcL.shapeRef(), stride = srcL.strideRef();
        Layout inner = new Layout(java.util.Arrays.copyOfRange(shape, outerRank, rank),
                java.util.Arrays.copyOfRange(stride, outerRank, rank), 0);
        Layout outer = new Layout(java.util.Arrays.copyOfRange(shape, 0, outerRank),
                java.util.Arrays.copyOfRange(stride, 0, outerRank), srcL.offset());
        int outerN = outer.numel();
        for (int o = 0; o < outerN; o++) body.run(outer.indexOfLinear(o), inner, dstL.indexOfLinear(o));
    }

    /** One reduction's running state; floating values accumulate in double, integral ones in long. */
    private static final class Acc {
        final ReduceOp op;
        final boolean floating;
        double d;
        long l;
        long count, bestIndex = -1;
        boolean nanSeen;

        Acc(ReduceOp op, boolean floating) {
            this.op = op;
            this.floating = floating;
            switch (op) {
                case PROD, ALL -> { d = 1; l = 1; }
                case MAX, ARGMAX -> { d = Double.NEGATIVE_INFINITY; l = Long.MIN_VALUE; }
                case MIN, ARGMIN -> { d = Double.POSITIVE_INFINITY; l = Long.MAX_VALUE; }
                default -> { }
            }
        }

        void add(Storage src, int p, int s, int n) {
            if (op == ReduceOp.SUM && src instanceof FloatStorage f) {
                double sum = d;
                float[] x = f.data;
                for (int i = 0; i < n; i++) sum += x[p + i * s];
                d = sum;
                count += n;
                return;
            }
            for (int i = 0; i < n; i++, count++) {
                int q = p + i * s;
                if (floating) {
                    double v = src.getDouble(q);
                    switch (op) {
                        case SUM -> d += v;
                        // the square rounded to the element dtype, as x.mul(x) would store it
                        case SUM_OF_SQUARES -> d += src instanceof FloatStorage ? (float) v * (float) v : v * v;
                        case PROD -> d *= v;
                        case ANY -> { if (v != 0) l = 1; }
                        case ALL -> { if (v == 0) l = 0; }
                        case MAX, ARGMAX -> {
                            if (nanSeen) continue;
                            if (v != v) { nanSeen = true; d = v; bestIndex = count; }
                            else if (v > d || bestIndex < 0) { d = v; bestIndex = count; }
                        }
                        case MIN, ARGMIN -> {
                            if (nanSeen) continue;
                            if (v != v) { nanSeen = true; d = v; bestIndex = count; }
                            else if (v < d || bestIndex < 0) { d = v; bestIndex = count; }
                        }
                    }
                } else {
                    long v = src.getLong(q);
                    switch (op) {
                        case SUM -> l += v;
                        case SUM_OF_SQUARES -> l += v * v;
                        case PROD -> l *= v;
                        case ANY -> { if (v != 0) l = 1; }
                        case ALL -> { if (v == 0) l = 0; }
                        case MAX, ARGMAX -> { if (v > l || bestIndex < 0) { l = v; bestIndex = count; } }
                        case MIN, ARGMIN -> { if (v < l || bestIndex < 0) { l = v; bestIndex = count; } }
                    }
                }
            }
        }

        void store(Storage dst, int at) {
            switch (op) {
                case ARGMAX, ARGMIN -> dst.setLong(at, bestIndex);
                case ANY, ALL -> dst.setLong(at, l);
                default -> {
                    if (floating) dst.setDouble(at, d);
                    else dst.setLong(at, l);
                }
            }
        }
    }

    @Override
    public void variance(Storage src, Layout srcL, int reducedDims, double divisor, boolean sqrt, Storage dst, Layout dstL) {
        forEachGroup(srcL, reducedDims, dstL, (base, inner, target) -> {
            double[] sum = {0};
            Loops.rows(inner, (p, s, n) -> { for (int i = 0; i < n; i++) sum[0] += src.getDouble(base + p + i * s); });
            double mean = sum[0] / inner.numel();
            double[] squares = {0};
            Loops.rows(inner, (p, s, n) -> {
                for (int i = 0; i < n; i++) {
                    double deviation = src.getDouble(base + p + i * s) - mean;
                    squares[0] += deviation * deviation;
                }
            });
            double v = squares[0] / divisor;
            dst.setDouble(target, sqrt ? Math.sqrt(v) : v);
        });
    }

    @Override
    public void softmax(boolean log, Storage src, Layout srcL, int dim, Storage dst, Layout dstL) {
        int n = srcL.size(dim), ss = srcL.stride(dim), ds = dstL.stride(dim);
        if (n == 0) return;
        boolean single = src instanceof FloatStorage;
        Layout srcLines = srcL.select(dim, 0), dstLines = dstL.select(dim, 0);
        for (int line = 0, lines = srcLines.numel(); line < lines; line++) {
            int ps = srcLines.indexOfLinear(line), pd = dstLines.indexOfLinear(line);
            double max = src.getDouble(ps);
            for (int i = 1; i < n && max == max; i++) {
                double v = src.getDouble(ps + i * ss);
                if (v > max || v != v) max = v;
            }
            // dst holds x − m (log) or e = exp(x − m), each rounded to the dtype by the store, as a float32 op's result
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double shifted = round(src.getDouble(ps + i * ss) - max, single), e = round(Math.exp(shifted), single);
                dst.setDouble(pd + i * ds, log ? shifted : e);
                sum += e;
            }
            double s = round(sum, single), logS = round(Math.log(s), single), reciprocal = round(1 / s, single);
            for (int i = 0; i < n; i++) {
                int q = pd + i * ds;
                dst.setDouble(q, log ? dst.getDouble(q) - logS : dst.getDouble(q) * reciprocal);
            }
        }
    }

    /** v rounded to float32 when single, as a float32 op's result would be. */
    private static double round(double v, boolean single) { return single ? (float) v : v; }

    @Override
    public int[] nonzero(Storage src, Layout srcL) {
        int n = srcL.numel(), count = 0;
        int[] hits = new int[n];
        for (int i = 0; i < n; i++) if (src.getBool(srcL.indexOfLinear(i))) hits[count++] = i;
        return java.util.Arrays.copyOf(hits, count);
    }

    @Override
    public void scan(boolean product, Storage src, Layout srcL, int dim, Storage dst, Layout dstL) {
        int len = srcL.size(dim), ss = srcL.stride(dim), ds = dstL.stride(dim);
        if (len == 0) return;
        boolean floating = src.dtype().isFloatingPoint();
        Layout srcLines = srcL.select(dim, 0), dstLines = dstL.select(dim, 0);
        for (int line = 0, lines = srcLines.numel(); line < lines; line++) {
            int ps = srcLines.indexOfLinear(line), pd = dstLines.indexOfLinear(line);
            if (floating) {
                double acc = product ? 1 : 0;
                for (int i = 0; i < len; i++) {
                    double v = src.getDouble(ps + i * ss);
                    // the running value stays in double and each output is rounded once, as PyTorch's CPU scan
                    // (acc_type<float> is double there): 0.1f summed ten times gives exactly 1.0f
                    acc = product ? acc * v : acc + v;
                    dst.setDouble(pd + i * ds, acc);
                }
            } else {
                long acc = product ? 1 : 0;
                for (int i = 0; i < len; i++) {
                    long v = src.getLong(ps + i * ss);
                    acc = product ? acc * v : acc + v;
                    dst.setLong(pd + i * ds, acc);
                }
            }
        }
    }

    @Override
    public void gemm(Storage a, Layout aL, Storage b, Layout bL, Storage c, Layout cL, boolean accumulate) {
        int m = aL.size(0), k = aL.size(1), n = bL.size(1);
        int as0 = aL.stride(0), as1 = aL.stride(1), bs0 = bL.stride(0), bs1 = bL.stride(1);
        int cs0 = cL.stride(0), cs1 = cL.stride(1);
        int ao = aL.offset(), bo = bL.offset(), co = cL.offset();
        if (a instanceof FloatStorage fa && b instanceof FloatStorage fb && c instanceof FloatStorage fc) {
            float[] x = fa.data, y = fb.data, z = fc.data;
            float[] row = new float[n];
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0f);
                // i-k-j order: the inner loop runs along a row of B and of C.
                for (int p = 0; p < k; p++) {
                    float av = x[ao + i * as0 + p * as1];
                    int bb = bo + p * bs0;
                    if (bs1 == 1) for (int j = 0; j < n; j++) row[j] += av * y[bb + j];
                    else for (int j = 0; j < n; j++) row[j] += av * y[bb + j * bs1];
                }
                int cc = co + i * cs0;
                for (int j = 0; j < n; j++) z[cc + j * cs1] = accumulate ? z[cc + j * cs1] + row[j] : row[j];
            }
        } else if (a.dtype().isFloatingPoint()) {
            double[] row = new double[n];
            boolean isDouble = a instanceof DoubleStorage;
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0);
                for (int p = 0; p < k; p++) {
                    double av = a.getDouble(ao + i * as0 + p * as1);
                    int bb = bo + p * bs0;
                    if (isDouble) {
                        double[] y = ((DoubleStorage) b).data;
                        for (int j = 0; j < n; j++) row[j] += av * y[bb + j * bs1];
                    } else {
                        for (int j = 0; j < n; j++) row[j] += av * b.getDouble(bb + j * bs1);
                    }
                }
                int cc = co + i * cs0;
                for (int j = 0; j < n; j++) c.setDouble(cc + j * cs1, accumulate ? c.getDouble(cc + j * cs1) + row[j] : row[j]);
            }
        } else {
            long[] row = new long[n];
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0);
                for (int p = 0; p < k; p++) {
                    long av = a.getLong(ao + i * as0 + p * as1);
                    int bb = bo + p * bs0;
                    for (int j = 0; j < n; j++) row[j] += av * b.getLong(bb + j * bs1);
                }
                int cc = co + i * cs0;
                for (int j = 0; j < n; j++) c.setLong(cc + j * cs1, accumulate ? c.getLong(cc + j * cs1) + row[j] : row[j]);
            }
        }
    }
}
