package ember.kernels;

import ember.DType;
import ember.storage.BoolStorage;
import ember.storage.ByteStorage;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels using the Vector API ({@code jdk.incubator.vector}) for float32 and float64: unit-stride rows of the
 * element-wise ops, comparisons, where, the reductions, softmax and scans ({@link VectorReductions}), and the packed
 * matrix product ({@link Gemm}); every other case falls through to the scalar reference. Ops over at least
 * {@link Parallel#GRAIN} elements are split over the pool. Loaded by {@link KernelProvider} only when the module is
 * present, so nothing else may reference this class directly.
 *
 * <p>Results equal the reference's bit for bit except: exp, log, tanh and sigmoid on float32 (within 2 ulp, see
 * {@link VectorMath}; the same for any layout of the input); and the reductions, variance and softmax sums listed in
 * {@link VectorReductions} (sums in another order, the sign of a zero maximum or minimum over both +0 and −0).
 *
 * <p>Loop shape (Lucene's): {@code species.loopBound(n)} full vectors, then a scalar tail. Species are static finals:
 * a non-constant species defeats the JIT's intrinsics.
 */
public final class VectorKernels extends ScalarKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = F.length(), DL = D.length();
    /**
     * As many bytes and ints as F has floats: 8-bit pixels widened to F's lanes (pixelsToUnit). Null where that many
     * bytes make no vector shape (below 8 lanes, as 128-bit vectors have, or a lane count not a power of two, as some SVE
     * lengths give); the scalar loop converts them there.
     */
    private static final VectorSpecies<Byte> PIXELS = FL >= 8 && Integer.bitCount(FL) == 1
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(FL * Byte.SIZE)) : null;
    private static final VectorSpecies<Integer> PIXEL_INTS = VectorSpecies.of(int.class, F.vectorShape());

    @Override
    public String name() { return "vector(" + F.vectorBitSize() + "-bit)"; }

    // ---------------------------------------------------------------------------------------------------------------
    // copy and fill
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void pixelsToUnit(Storage src, int s, Storage dst, int d, int n) {
        if (PIXELS == null || !(src instanceof ByteStorage from && dst instanceof FloatStorage to)) {
            super.pixelsToUnit(src, s, dst, d, n);
            return;
        }
        byte[] x = from.data;
        float[] y = to.data;
        // v / 255 as q = v·(1/255) corrected by its residual, q + (v − 255q)·(1/255): the float32 quotient for each of
        // the 256 values (checked against the division for every one by ProvidersAgreeTest), where a division of 16
        // lanes takes about ten cycles; a row of 784 pixels in L1, 133 ns divided, 77 corrected
        float inverse = 1f / 255f;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            IntVector widened = (IntVector) ByteVector.fromArray(PIXELS, x, s + i)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, PIXEL_INTS, 0);
            FloatVector v = (FloatVector) widened.convert(VectorOperators.I2F, 0), q = v.mul(inverse);
            q.neg().lanewise(VectorOperators.FMA, 255f, v).lanewise(VectorOperators.FMA, inverse, q).intoArray(y, d + i);
        }
        for (; i < n; i++) y[d + i] = (x[s + i] & 0xFF) / 255f;
    }

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
    // reductions, variance, softmax, scans (VectorReductions; what it leaves goes to the reference)
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Storage src, Layout srcL, int reducedDims, Storage dst, Layout dstL) {
        if (!VectorReductions.reduce(op, src, srcL, reducedDims, dst, dstL)) super.reduce(op, src, srcL, reducedDims, dst, dstL);
    }

    @Override
    public void variance(Storage src, Layout srcL, int reducedDims, double divisor, boolean sqrt, Storage dst, Layout dstL) {
        if (!VectorReductions.variance(src, srcL, reducedDims, divisor, sqrt, dst, dstL))
            super.variance(src, srcL, reducedDims, divisor, sqrt, dst, dstL);
    }

    @Override
    public void softmax(boolean log, Storage src, Layout srcL, int dim, Storage dst, Layout dstL) {
        if (!VectorReductions.softmax(log, src, srcL, dim, dst, dstL)) super.softmax(log, src, srcL, dim, dst, dstL);
    }

    @Override
    public int[] nonzero(Storage src, Layout srcL) {
        int[] hits = VectorReductions.nonzero(src, srcL);
        return hits != null ? hits : super.nonzero(src, srcL);
    }

    @Override
    public void scan(boolean product, Storage src, Layout srcL, int dim, Storage dst, Layout dstL) {
        if (!VectorReductions.scan(product, src, srcL, dim, dst, dstL)) super.scan(product, src, srcL, dim, dst, dstL);
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

    /** A float32 row bias is written tile by tile (Note [The bias written tile by tile] in {@link Gemm}). */
    @Override
    public void gemmBias(Storage a, Layout aL, Storage b, Layout bL, Storage bias, Layout biasL, Storage c, Layout cL) {
        if (a instanceof FloatStorage fa && b instanceof FloatStorage fb && bias instanceof FloatStorage fbias
                && c instanceof FloatStorage fc && biasL.stride(0) == 0) {
            Gemm.sgemmBias(aL.size(0), bL.size(1), aL.size(1), fa.data, aL.offset(), aL.stride(0), aL.stride(1), fb.data,
                    bL.offset(), bL.stride(0), bL.stride(1), fbias.data, biasL.offset(), biasL.stride(1), fc.data,
                    cL.offset(), cL.stride(0), cL.stride(1));
        } else {
            super.gemmBias(a, aL, b, bL, bias, biasL, c, cL);
        }
    }

    /** Made while the other thread packs, when that pays (Note [Making a large output while the other thread packs]). */
    @Override
    public Storage product(Storage a, Layout aL, Storage b, Layout bL) {
        int m = aL.size(0), k = aL.size(1), n = bL.size(1), size = Math.multiplyExact(m, n);
        if (a instanceof FloatStorage fa && b instanceof FloatStorage fb) {
            return new FloatStorage(Gemm.sproduct(m, n, k, fa.data, aL.offset(), aL.stride(0), aL.stride(1), fb.data,
                    bL.offset(), bL.stride(0), bL.stride(1),
                    () -> ((FloatStorage) Storage.allocateForOverwrite(DType.FLOAT32, size)).data));
        }
        if (a instanceof DoubleStorage da && b instanceof DoubleStorage db) {
            return new DoubleStorage(Gemm.dproduct(m, n, k, da.data, aL.offset(), aL.stride(0), aL.stride(1), db.data,
                    bL.offset(), bL.stride(0), bL.stride(1),
                    () -> ((DoubleStorage) Storage.allocateForOverwrite(DType.FLOAT64, size)).data));
        }
        return super.product(a, aL, b, bL);
    }
}
