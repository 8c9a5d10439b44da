package ember.kernels;

import ember.storage.BoolStorage;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.LongStorage;
import ember.storage.Storage;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels using the Vector API ({@code jdk.incubator.vector}) for float32 and float64: unit-stride rows of the
 * element-wise ops, comparisons, where, sums and max/min, and the packed matrix product ({@link Gemm}); every other case
 * falls through to the scalar reference. Ops over at least {@link Parallel#GRAIN} elements are split over the pool.
 * Loaded by {@link KernelProvider} only when the module is present, so nothing else may reference this class directly.
 *
 * <p>Results equal the reference's bit for bit except: exp, log, tanh and sigmoid on float32 (within 2 ulp, see
 * {@link VectorMath}; the same for any layout of the input); float32 sums, which accumulate in double like the
 * reference but in another order; and the sign of a zero maximum or minimum of a reduction over both +0 and −0.
 *
 * <p>Loop shape (Lucene's): {@code species.loopBound(n)} full vectors, then a scalar tail. Species are static finals:
 * a non-constant species defeats the JIT's intrinsics.
 */
public final class VectorKernels extends ScalarKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = F.length(), DL = D.length();

    @Override
    public String name() { return "vector(" + F.vectorBitSize() + "-bit)"; }

    // ---------------------------------------------------------------------------------------------------------------
    // copy and fill
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void copy(Storage src, Layout srcL, Storage dst, Layout dstL) {
        if (src instanceof FloatStorage s && dst instanceof FloatStorage d) {
            float[] x = s.data, y = d.data;
            Loops.parallelRows(srcL, dstL, (p0, s0, p1, s1, n) -> {
                if (s0 == 1 && s1 == 1) System.arraycopy(x, p0, y, p1, n);
                else for (int i = 0; i < n; i++) y[p1 + i * s1] = x[p0 + i * s0];
            });
        } else if (src instanceof DoubleStorage s && dst instanceof DoubleStorage d) {
            double[] x = s.data, y = d.data;
            Loops.parallelRows(srcL, dstL, (p0, s0, p1, s1, n) -> {
                if (s0 == 1 && s1 == 1) System.arraycopy(x, p0, y, p1, n);
                else for (int i = 0; i < n; i++) y[p1 + i * s1] = x[p0 + i * s0];
            });
        } else if (src instanceof FloatStorage s && dst instanceof DoubleStorage d) {
            float[] x = s.data;
            double[] y = d.data;
            Loops.parallelRows(srcL, dstL, (p0, s0, p1, s1, n) -> { for (int i = 0; i < n; i++) y[p1 + i * s1] = x[p0 + i * s0]; });
        } else if (src instanceof DoubleStorage s && dst instanceof FloatStorage d) {
            double[] x = s.data;
            float[] y = d.data;
            Loops.parallelRows(srcL, dstL, (p0, s0, p1, s1, n) -> { for (int i = 0; i < n; i++) y[p1 + i * s1] = (float) x[p0 + i * s0]; });
        } else {
            Loops.parallelRows(srcL, dstL, (p0, s0, p1, s1, n) -> Convert.row(src, p0, s0, dst, p1, s1, n));
        }
    }

    @Override
    public void fill(Storage dst, Layout dstL, double value) {
        if (dst instanceof FloatStorage d) {
            float v = (float) value;
            float[] y = d.data;
            Loops.parallelRows(dstL, (p, s, n) -> {
                if (s == 1) Arrays.fill(y, p, p + n, v);
                else for (int i = 0; i < n; i++) y[p + i * s] = v;
            });
        } else if (dst instanceof DoubleStorage d) {
            double[] y = d.data;
            Loops.parallelRows(dstL, (p, s, n) -> {
                if (s == 1) Arrays.fill(y, p, p + n, value);
                else for (int i = 0; i < n; i++) y[p + i * s] = value;
            });
        } else {
            super.fill(dst, dstL, value);
        }
    }

    @Override
    public void axpy(double alpha, Storage x, Layout xL, Storage y, Layout yL) {
        if (x instanceof FloatStorage xs && y instanceof FloatStorage ys) {
            float[] u = xs.data, v = ys.data;
            float a = (float) alpha;
            Loops.parallelRows(xL, yL, (p0, s0, p1, s1, n) -> {
                int i = 0;
                if (s0 == 1 && s1 == 1)
                    for (int bound = F.loopBound(n); i < bound; i += FL)
                        FloatVector.fromArray(F, v, p1 + i).add(FloatVector.fromArray(F, u, p0 + i).mul(a)).intoArray(v, p1 + i);
                for (; i < n; i++) v[p1 + i * s1] += u[p0 + i * s0] * a;
            });
        } else if (x instanceof DoubleStorage xs && y instanceof DoubleStorage ys) {
            double[] u = xs.data, v = ys.data;
            Loops.parallelRows(xL, yL, (p0, s0, p1, s1, n) -> {
                int i = 0;
                if (s0 == 1 && s1 == 1)
                    for (int bound = D.loopBound(n); i < bound; i += DL)
                        DoubleVector.fromArray(D, v, p1 + i).add(DoubleVector.fromArray(D, u, p0 + i).mul(alpha)).intoArray(v, p1 + i);
                for (; i < n; i++) v[p1 + i * s1] += u[p0 + i * s0] * alpha;
            });
        } else {
            super.axpy(alpha, x, xL, y, yL);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // unary
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void unary(UnaryOp op, double p0, double p1, Storage src, Layout srcL, Storage dst, Layout dstL) {
        if (src instanceof FloatStorage s && dst instanceof FloatStorage d && vectorUnary(op)) {
            float[] x = s.data, y = d.data;
            Loops.parallelRows(srcL, dstL, (a, sa, b, sb, n) -> {
                if (sa == 1 && sb == 1) floatUnaryRow(op, (float) p0, (float) p1, x, a, y, b, n);
                else if (VectorMath.covers(op)) VectorMath.apply(op, x, a, sa, y, b, sb, n);
                else for (int i = 0; i < n; i++) y[b + i * sb] = op.applyFloat(x[a + i * sa], p0, p1);
            });
        } else if (src instanceof DoubleStorage s && dst instanceof DoubleStorage d) {
            double[] x = s.data, y = d.data;
            Loops.parallelRows(srcL, dstL, (a, sa, b, sb, n) -> {
                if (sa == 1 && sb == 1 && vectorUnary(op) && op != UnaryOp.EXP && op != UnaryOp.LOG && op != UnaryOp.TANH
                        && op != UnaryOp.SIGMOID) {
                    doubleUnaryRow(op, p0, p1, x, a, y, b, n);
                } else {
                    for (int i = 0; i < n; i++) y[b + i * sb] = op.apply(x[a + i * sa], p0, p1);
                }
            });
        } else {
            super.unary(op, p0, p1, src, srcL, dst, dstL);
        }
    }

    private static boolean vectorUnary(UnaryOp op) {
        return switch (op) {
            case RELU, NEG, ABS, SQUARE, SQRT, RSQRT, RECIPROCAL, CLAMP, EXP, LOG, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    /** A unit-stride float32 row of a unary op; NaN bounds of CLAMP mean "no bound" (compare false, as the reference). */
    private static void floatUnaryRow(UnaryOp op, float lo, float hi, float[] x, int a, float[] y, int b, int n) {
        switch (op) {
            case EXP, LOG, TANH, SIGMOID -> VectorMath.apply(op, x, a, 1, y, b, 1, n);
            default -> {
                int i = 0;
                for (int bound = F.loopBound(n); i < bound; i += FL) {
                    FloatVector v = FloatVector.fromArray(F, x, a + i);
                    FloatVector r = switch (op) {
                        // x < 0 ? 0 : x, as the reference: NaN and −0 pass through (a max(x, 0) would not)
                        case RELU -> v.blend(0f, v.compare(VectorOperators.LT, 0f));
                        case NEG -> v.neg();
                        case ABS -> v.abs();
                        case SQUARE -> v.mul(v);
                        case SQRT -> v.sqrt();
                        case RSQRT -> FloatVector.broadcast(F, 1f).div(v.sqrt());
                        case RECIPROCAL -> FloatVector.broadcast(F, 1f).div(v);
                        default -> v.blend(lo, v.compare(VectorOperators.LT, lo)).blend(hi, v.compare(VectorOperators.GT, hi));
                    };
                    r.intoArray(y, b + i);
                }
                for (; i < n; i++) y[b + i] = op.applyFloat(x[a + i], lo, hi);
            }
        }
    }

    private static void doubleUnaryRow(UnaryOp op, double lo, double hi, double[] x, int a, double[] y, int b, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, a + i);
            DoubleVector r = switch (op) {
                case RELU -> v.blend(0.0, v.compare(VectorOperators.LT, 0.0));
                case NEG -> v.neg();
                case ABS -> v.abs();
                case SQUARE -> v.mul(v);
                case SQRT -> v.sqrt();
                case RSQRT -> DoubleVector.broadcast(D, 1.0).div(v.sqrt());
                case RECIPROCAL -> DoubleVector.broadcast(D, 1.0).div(v);
                default -> v.blend(lo, v.compare(VectorOperators.LT, lo)).blend(hi, v.compare(VectorOperators.GT, hi));
            };
            r.intoArray(y, b + i);
        }
        for (; i < n; i++) y[b + i] = op.apply(x[a + i], lo, hi);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // binary and comparisons
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void binary(BinaryOp op, Storage a, Layout aL, Storage b, Layout bL, Storage dst, Layout dstL) {
        if (a instanceof FloatStorage fa && b instanceof FloatStorage fb) {
            float[] x = fa.data, y = fb.data;
            if (dst instanceof FloatStorage fd && vectorArithmetic(op)) {
                float[] z = fd.data;
                Loops.parallelRows(aL, bL, dstL, (pa, sa, pb, sb, pd, sd, n) -> {
                    if (sd == 1 && (sa | sb) >>> 1 == 0 && (sa | sb) != 0) floatBinaryRow(op, x, pa, sa, y, pb, sb, z, pd, n);
                    else for (int i = 0; i < n; i++) z[pd + i * sd] = (float) op.apply(x[pa + i * sa], y[pb + i * sb]);
                });
                return;
            }
            if (dst instanceof BoolStorage bd && vectorComparison(op)) {
                boolean[] z = bd.data;
                Loops.parallelRows(aL, bL, dstL, (pa, sa, pb, sb, pd, sd, n) -> {
                    if (sd == 1 && (sa | sb) >>> 1 == 0 && (sa | sb) != 0) floatCompareRow(op, x, pa, sa, y, pb, sb, z, pd, n);
                    else for (int i = 0; i < n; i++) z[pd + i * sd] = op.apply(x[pa + i * sa], y[pb + i * sb]) != 0;
                });
                return;
            }
        }
        if (a instanceof DoubleStorage da && b instanceof DoubleStorage db) {
            double[] x = da.data, y = db.data;
            if (dst instanceof DoubleStorage dd && vectorArithmetic(op)) {
                double[] z = dd.data;
                Loops.parallelRows(aL, bL, dstL, (pa, sa, pb, sb, pd, sd, n) -> {
                    if (sd == 1 && (sa | sb) >>> 1 == 0 && (sa | sb) != 0) doubleBinaryRow(op, x, pa, sa, y, pb, sb, z, pd, n);
                    else for (int i = 0; i < n; i++) z[pd + i * sd] = op.apply(x[pa + i * sa], y[pb + i * sb]);
                });
                return;
            }
            if (dst instanceof BoolStorage bd && vectorComparison(op)) {
                boolean[] z = bd.data;
                Loops.parallelRows(aL, bL, dstL, (pa, sa, pb, sb, pd, sd, n) -> {
                    if (sd == 1 && (sa | sb) >>> 1 == 0 && (sa | sb) != 0) doubleCompareRow(op, x, pa, sa, y, pb, sb, z, pd, n);
                    else for (int i = 0; i < n; i++) z[pd + i * sd] = op.apply(x[pa + i * sa], y[pb + i * sb]) != 0;
                });
                return;
            }
        }
        Loops.parallelRows(aL, bL, dstL, binaryRows(op, a, b, dst));
    }

    private static boolean vectorArithmetic(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, THRESHOLD_BACKWARD -> true;
            default -> false;
        };
    }

    private static boolean vectorComparison(BinaryOp op) {
        return switch (op) {
            case EQ, NE, GT, GE, LT, LE -> true;
            default -> false;
        };
    }

    /**
     * A float32 row with unit-stride output; each input has stride 1 or 0 (a broadcast scalar), not both 0. MAXIMUM and
     * MINIMUM keep the reference's rules: NaN wins, and on a tie (−0 vs 0) the first operand is kept.
     */
    private static void floatBinaryRow(BinaryOp op, float[] x, int pa, int sa, float[] y, int pb, int sb, float[] z, int pd, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector u = sa == 1 ? FloatVector.fromArray(F, x, pa + i) : FloatVector.broadcast(F, x[pa]);
            FloatVector v = sb == 1 ? FloatVector.fromArray(F, y, pb + i) : FloatVector.broadcast(F, y[pb]);
            FloatVector r = switch (op) {
                case ADD -> u.add(v);
                case SUB -> u.sub(v);
                case MUL -> u.mul(v);
                case DIV -> u.div(v);
                case THRESHOLD_BACKWARD -> u.blend(0f, v.compare(VectorOperators.LE, 0f));
                case MAXIMUM -> u.blend(v, u.compare(VectorOperators.LT, v)).blend(Float.NaN, u.test(VectorOperators.IS_NAN).or(v.test(VectorOperators.IS_NAN)));
                default -> u.blend(v, v.compare(VectorOperators.LT, u)).blend(Float.NaN, u.test(VectorOperators.IS_NAN).or(v.test(VectorOperators.IS_NAN)));
            };
            r.intoArray(z, pd + i);
        }
        for (; i < n; i++) z[pd + i] = (float) op.apply(x[pa + i * sa], y[pb + i * sb]);
    }

    private static void doubleBinaryRow(BinaryOp op, double[] x, int pa, int sa, double[] y, int pb, int sb, double[] z, int pd, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector u = sa == 1 ? DoubleVector.fromArray(D, x, pa + i) : DoubleVector.broadcast(D, x[pa]);
            DoubleVector v = sb == 1 ? DoubleVector.fromArray(D, y, pb + i) : DoubleVector.broadcast(D, y[pb]);
            DoubleVector r = switch (op) {
                case ADD -> u.add(v);
                case SUB -> u.sub(v);
                case MUL -> u.mul(v);
                case DIV -> u.div(v);
                case THRESHOLD_BACKWARD -> u.blend(0.0, v.compare(VectorOperators.LE, 0.0));
                case MAXIMUM -> u.blend(v, u.compare(VectorOperators.LT, v)).blend(Double.NaN, u.test(VectorOperators.IS_NAN).or(v.test(VectorOperators.IS_NAN)));
                default -> u.blend(v, v.compare(VectorOperators.LT, u)).blend(Double.NaN, u.test(VectorOperators.IS_NAN).or(v.test(VectorOperators.IS_NAN)));
            };
            r.intoArray(z, pd + i);
        }
        for (; i < n; i++) z[pd + i] = op.apply(x[pa + i * sa], y[pb + i * sb]);
    }

    private static void floatCompareRow(BinaryOp op, float[] x, int pa, int sa, float[] y, int pb, int sb, boolean[] z, int pd, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector u = sa == 1 ? FloatVector.fromArray(F, x, pa + i) : FloatVector.broadcast(F, x[pa]);
            FloatVector v = sb == 1 ? FloatVector.fromArray(F, y, pb + i) : FloatVector.broadcast(F, y[pb]);
            // a constant operator per case: a comparison chosen at run time is not intrinsified (3 ns per element)
            VectorMask<Float> m = switch (op) {
                case EQ -> u.compare(VectorOperators.EQ, v);
                case NE -> u.compare(VectorOperators.NE, v);
                case GT -> u.compare(VectorOperators.GT, v);
                case GE -> u.compare(VectorOperators.GE, v);
                case LT -> u.compare(VectorOperators.LT, v);
                default -> u.compare(VectorOperators.LE, v);
            };
            m.intoArray(z, pd + i);
        }
        for (; i < n; i++) z[pd + i] = op.apply(x[pa + i * sa], y[pb + i * sb]) != 0;
    }

    private static void doubleCompareRow(BinaryOp op, double[] x, int pa, int sa, double[] y, int pb, int sb, boolean[] z, int pd, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector u = sa == 1 ? DoubleVector.fromArray(D, x, pa + i) : DoubleVector.broadcast(D, x[pa]);
            DoubleVector v = sb == 1 ? DoubleVector.fromArray(D, y, pb + i) : DoubleVector.broadcast(D, y[pb]);
            // a constant operator per case: a comparison chosen at run time is not intrinsified (3 ns per element)
            VectorMask<Double> m = switch (op) {
                case EQ -> u.compare(VectorOperators.EQ, v);
                case NE -> u.compare(VectorOperators.NE, v);
                case GT -> u.compare(VectorOperators.GT, v);
                case GE -> u.compare(VectorOperators.GE, v);
                case LT -> u.compare(VectorOperators.LT, v);
                default -> u.compare(VectorOperators.LE, v);
            };
            m.intoArray(z, pd + i);
        }
        for (; i < n; i++) z[pd + i] = op.apply(x[pa + i * sa], y[pb + i * sb]) != 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // where
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void where(Storage cond, Layout condL, Storage a, Layout aL, Storage b, Layout bL, Storage dst, Layout dstL) {
        if (cond instanceof BoolStorage c && a instanceof FloatStorage fa && b instanceof FloatStorage fb
                && dst instanceof FloatStorage fd) {
            boolean[] m = c.data;
            float[] x = fa.data, y = fb.data, z = fd.data;
            Loops.parallelRows(condL, aL, bL, dstL, (pc, sc, pa, sa, pb, sb, pd, sd, n) -> {
                int i = 0;
                if (sc == 1 && sd == 1 && sa >>> 1 == 0 && sb >>> 1 == 0) {
                    for (int bound = F.loopBound(n); i < bound; i += FL) {
                        FloatVector u = sa == 1 ? FloatVector.fromArray(F, x, pa + i) : FloatVector.broadcast(F, x[pa]);
                        FloatVector v = sb == 1 ? FloatVector.fromArray(F, y, pb + i) : FloatVector.broadcast(F, y[pb]);
                        v.blend(u, VectorMask.fromArray(F, m, pc + i)).intoArray(z, pd + i);
                    }
                }
                for (; i < n; i++) z[pd + i * sd] = m[pc + i * sc] ? x[pa + i * sa] : y[pb + i * sb];
            });
        } else if (cond instanceof BoolStorage c && a instanceof DoubleStorage da && b instanceof DoubleStorage db
                && dst instanceof DoubleStorage dd) {
            boolean[] m = c.data;
            double[] x = da.data, y = db.data, z = dd.data;
            Loops.parallelRows(condL, aL, bL, dstL, (pc, sc, pa, sa, pb, sb, pd, sd, n) -> {
                int i = 0;
                if (sc == 1 && sd == 1 && sa >>> 1 == 0 && sb >>> 1 == 0) {
                    for (int bound = D.loopBound(n); i < bound; i += DL) {
                        DoubleVector u = sa == 1 ? DoubleVector.fromArray(D, x, pa + i) : DoubleVector.broadcast(D, x[pa]);
                        DoubleVector v = sb == 1 ? DoubleVector.fromArray(D, y, pb + i) : DoubleVector.broadcast(D, y[pb]);
                        v.blend(u, VectorMask.fromArray(D, m, pc + i)).intoArray(z, pd + i);
                    }
                }
                for (; i < n; i++) z[pd + i * sd] = m[pc + i * sc] ? x[pa + i * sa] : y[pb + i * sb];
            });
        } else {
            super.where(cond, condL, a, aL, b, bL, dst, dstL);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reductions
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Storage src, Layout srcL, int reducedDims, Storage dst, Layout dstL) {
        if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && dst instanceof LongStorage indices
                && (src instanceof FloatStorage || src instanceof DoubleStorage) && argRows(op, src, srcL, reducedDims, indices, dstL))
            return;
        boolean supported = op == ReduceOp.SUM || op == ReduceOp.MAX || op == ReduceOp.MIN;
        if (!supported || !(src instanceof FloatStorage || src instanceof DoubleStorage) || src.dtype() != dst.dtype()) {
            super.reduce(op, src, srcL, reducedDims, dst, dstL);
            return;
        }
        int rank = srcL.dim(), outerRank = rank - reducedDims;
        if (outerRank == 0 && denseRun(srcL)) {
            // the whole tensor as one dense run (x.sum()): no layouts to build, which on 16 elements cost more than the
            // sum (the scalar reference measured 160-200 ns against 260-280)
            int n = srcL.numel();
            double r = n == 0 ? empty(op) : n >= 2 * Parallel.GRAIN ? splitRowReduce(op, src, srcL.offset(), n)
                    : rowReduce(op, src, srcL.offset(), 1, n);
            dst.setDouble(dstL.offset(), r);
            return;
        }
        int[] shape = srcL.shapeRef(), stride = srcL.strideRef();
        Layout inner = new Layout(Arrays.copyOfRange(shape, outerRank, rank), Arrays.copyOfRange(stride, outerRank, rank), 0);
        Layout outer = new Layout(Arrays.copyOfRange(shape, 0, outerRank), Arrays.copyOfRange(stride, 0, outerRank), srcL.offset());
        int outerN = outer.numel(), innerN = inner.numel();
        if (outerN == 0) return;
        if (innerN > 0 && outerN > 1 && denseRun(outer) && dstL.isContiguous() && !denseRun(inner)) {
            // the kept elements are one contiguous run (sum over the batch dim of [batch, features]): add whole rows
            columns(op, src, outer.offset(), inner, outerN, dst, dstL.offset());
            return;
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
                        acc[0] = seen[0] ? step(op, acc[0], part) : part;
                        seen[0] = true;
                    });
                    r = acc[0];
                }
                dst.setDouble(dstL.indexOfLinear(o), r);
            }
        });
    }

    /** SUM, MAX or MIN of no elements. */
    private static double empty(ReduceOp op) {
        return op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * One long dense row in pieces of {@link Parallel#GRAIN} elements, spread over the pool (inline when this already
     * runs on it); the pieces are fixed, so the result does not depend on the number of threads.
     */
    private static double splitRowReduce(ReduceOp op, Storage src, int base, int n) {
        int pieces = (n + Parallel.GRAIN - 1) / Parallel.GRAIN;
        double[] partial = new double[pieces];
        Parallel.forRange(0, pieces, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int from = c * Parallel.GRAIN;
                partial[c] = rowReduce(op, src, base + from, 1, Math.min(Parallel.GRAIN, n - from));
            }
        });
        double r = partial[0];
        for (int c = 1; c < pieces; c++) r = step(op, r, partial[c]);
        return r;
    }

    /**
     * ARGMAX/ARGMIN over one reduced dim of unit stride into a contiguous output (the class of the book's
     * {@code y_hat.argmax(axis=1)}): a direct loop per row instead of the reference's general walk. False, with nothing
     * written, for any other layout. First occurrence wins; the first NaN counts as the extreme, as the reference.
     */
    private static boolean argRows(ReduceOp op, Storage src, Layout srcL, int reducedDims, LongStorage dst, Layout dstL) {
        int rank = srcL.dim();
        if (reducedDims != 1 || rank > 2 || !dstL.isContiguous() || srcL.size(rank - 1) == 0) return false;
        int n = srcL.size(rank - 1), rows = rank == 2 ? srcL.size(0) : 1, rowStride = rank == 2 ? srcL.stride(0) : 0;
        if (n > 1 && srcL.stride(rank - 1) != 1) return false;
        boolean max = op == ReduceOp.ARGMAX;
        long[] out = dst.data;
        int o = dstL.offset();
        for (int r = 0; r < rows; r++) {
            int p = srcL.offset() + r * rowStride, best = 0;
            if (src instanceof FloatStorage f) {
                float[] x = f.data;
                float v = x[p];
                for (int i = 1; i < n && v == v; i++) {
                    float w = x[p + i];
                    if (w != w || (max ? w > v : w < v)) { v = w; best = i; }
                }
            } else {
                double[] x = ((DoubleStorage) src).data;
                double v = x[p];
                for (int i = 1; i < n && v == v; i++) {
                    double w = x[p + i];
                    if (w != w || (max ? w > v : w < v)) { v = w; best = i; }
                }
            }
            out[o + r] = best;
        }
        return true;
    }

    /** True when the layout's elements form one run with stride 1 (size-1 dims ignored), in row-major order. */
    private static boolean denseRun(Layout l) {
        int expected = 1;
        for (int d = l.dim() - 1; d >= 0; d--) {
            if (l.size(d) == 1) continue;
            if (l.stride(d) != expected) return false;
            expected *= l.size(d);
        }
        return true;
    }

    /** SUM (in double, as the reference), MAX or MIN of one row of n ≥ 1 elements; NaN propagates through MAX and MIN. */
    private static double rowReduce(ReduceOp op, Storage src, int p, int s, int n) {
        if (src instanceof FloatStorage f) {
            float[] x = f.data;
            if (s == 1) return op == ReduceOp.SUM ? sumFloats(x, p, n) : extremeFloats(op, x, p, n);
            double r = op == ReduceOp.SUM ? 0 : x[p];
            for (int i = 0; i < n; i++) r = step(op, r, x[p + i * s]);
            return r;
        }
        double[] x = ((DoubleStorage) src).data;
        if (s == 1) return op == ReduceOp.SUM ? sumDoubles(x, p, n) : extremeDoubles(op, x, p, n);
        double r = op == ReduceOp.SUM ? 0 : x[p];
        for (int i = 0; i < n; i++) r = step(op, r, x[p + i * s]);
        return r;
    }

    /** One more element (or partial result) into a running SUM, MAX or MIN; Math.max/min propagate NaN. */
    private static double step(ReduceOp op, double r, double v) {
        return op == ReduceOp.SUM ? r + v : op == ReduceOp.MAX ? Math.max(r, v) : Math.min(r, v);
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
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[p + i];
        return s;
    }

    private static double sumDoubles(double[] x, int p, int n) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
        int i = 0;
        for (int bound = n - 2 * DL; i <= bound; i += 2 * DL) {
            a0 = a0.add(DoubleVector.fromArray(D, x, p + i));
            a1 = a1.add(DoubleVector.fromArray(D, x, p + i + DL));
        }
        double s = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[p + i];
        return s;
    }

    /** MAX or MIN of x[p … p+n), n ≥ 1; NaN if any element is NaN (lanewise MAX/MIN propagate it). */
    private static double extremeFloats(ReduceOp op, float[] x, int p, int n) {
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
            r = op == ReduceOp.MAX ? Math.max(r, v) : Math.min(r, v);
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
        for (; i < n; i++) r = op == ReduceOp.MAX ? Math.max(r, x[p + i]) : Math.min(r, x[p + i]);
        return r;
    }

    /**
     * Reduction over the inner (reduced) positions where the kept elements form a run of width elements starting at
     * start: out[j] = op over every reduced position q of src[start + q + j]. Float sums accumulate in double.
     * The width is split over the pool.
     */
    private static void columns(ReduceOp op, Storage src, int start, Layout inner, int width, Storage dst, int dstStart) {
        int rows = inner.numel();
        Parallel.forRange(0, width, Math.max(FL, Parallel.GRAIN / rows), (j0, j1) -> {
            int w = j1 - j0;
            if (src instanceof FloatStorage f) {
                float[] x = f.data, y = ((FloatStorage) dst).data;
                if (op == ReduceOp.SUM) {
                    double[] acc = new double[w];
                    Loops.rows(inner, (p, s, n) -> { for (int i = 0; i < n; i++) addWidened(x, start + p + i * s + j0, acc, w); });
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
                        if (op != ReduceOp.SUM && first[0]) System.arraycopy(x, row, acc, 0, w);
                        else combineDoubles(op, x, row, acc, w);
                        first[0] = false;
                    }
                });
                System.arraycopy(acc, 0, y, dstStart + j0, w);
            }
        });
    }

    /** acc[j] += x[at + j] in double. */
    private static void addWidened(float[] x, int at, double[] acc, int w) {
        int j = 0;
        for (int bound = w - FL; j <= bound; j += FL) {
            FloatVector v = FloatVector.fromArray(F, x, at + j);
            ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).add(DoubleVector.fromArray(D, acc, j)).intoArray(acc, j);
            ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).add(DoubleVector.fromArray(D, acc, j + DL)).intoArray(acc, j + DL);
        }
        for (; j < w; j++) acc[j] += x[at + j];
    }

    private static void extremeInto(ReduceOp op, float[] x, int at, float[] acc, int w) {
        boolean max = op == ReduceOp.MAX;
        int j = 0;
        for (int bound = F.loopBound(w); j < bound; j += FL) {
            FloatVector a = FloatVector.fromArray(F, acc, j), v = FloatVector.fromArray(F, x, at + j);
            (max ? a.max(v) : a.min(v)).intoArray(acc, j);
        }
        for (; j < w; j++) acc[j] = op == ReduceOp.MAX ? Math.max(acc[j], x[at + j]) : Math.min(acc[j], x[at + j]);
    }

    private static void combineDoubles(ReduceOp op, double[] x, int at, double[] acc, int w) {
        int j = 0;
        for (int bound = D.loopBound(w); j < bound; j += DL) {
            DoubleVector a = DoubleVector.fromArray(D, acc, j), v = DoubleVector.fromArray(D, x, at + j);
            (op == ReduceOp.SUM ? a.add(v) : op == ReduceOp.MAX ? a.max(v) : a.min(v)).intoArray(acc, j);
        }
        for (; j < w; j++) {
            double v = x[at + j];
            acc[j] = op == ReduceOp.SUM ? acc[j] + v : op == ReduceOp.MAX ? Math.max(acc[j], v) : Math.min(acc[j], v);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // matrix product
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void gemm(Storage a, Layout aL, Storage b, Layout bL, Storage c, Layout cL, boolean accumulate) {
        int m = aL.size(0), k = aL.size(1), n = bL.size(1);
        if (a instanceof FloatStorage fa && b instanceof FloatStorage fb && c instanceof FloatStorage fc) {
            Gemm.sgemm(m, n, k, fa.data, aL.offset(), aL.stride(0), aL.stride(1), fb.data, bL.offset(), bL.stride(0),
                    bL.stride(1), fc.data, cL.offset(), cL.stride(0), cL.stride(1), accumulate);
        } else if (a instanceof DoubleStorage da && b instanceof DoubleStorage db && c instanceof DoubleStorage dc) {
            Gemm.dgemm(m, n, k, da.data, aL.offset(), aL.stride(0), aL.stride(1), db.data, bL.offset(), bL.stride(0),
                    bL.stride(1), dc.data, cL.offset(), cL.stride(0), cL.stride(1), accumulate);
        } else {
            super.gemm(a, aL, b, bL, c, cL, accumulate);
        }
    }
}
