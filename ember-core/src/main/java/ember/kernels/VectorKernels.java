package ember.kernels;

import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.Storage;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels using the Vector API ({@code jdk.incubator.vector}) for the unit-stride float32/float64 rows of the hot
 * element-wise ops and sums; everything else falls through to the scalar reference. Loaded by {@link KernelProvider}
 * only when the module is present, so nothing else may reference this class directly.
 *
 * <p>Loop shape (Lucene's): {@code species.loopBound(n)} full vectors, then a scalar tail. Species are static finals:
 * a non-constant species defeats the JIT's intrinsics.
 */
public final class VectorKernels extends ScalarKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    @Override
    public String name() { return "vector(" + F.vectorBitSize() + "-bit)"; }

    @Override
    public void binary(BinaryOp op, Storage a, Layout aL, Storage b, Layout bL, Storage dst, Layout dstL) {
        VectorOperators.Binary vop = switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            default -> null;
        };
        if (vop != null && a instanceof FloatStorage fa && b instanceof FloatStorage fb && dst instanceof FloatStorage fd) {
            float[] x = fa.data, y = fb.data, z = fd.data;
            Loops.rows(aL, bL, dstL, (pa, sa, pb, sb, pd, sd, n) -> {
                if (sa == 1 && sb == 1 && sd == 1) floatRow(vop, op, x, pa, y, pb, z, pd, n);
                else if (sa == 1 && sb == 0 && sd == 1) floatRowScalar(vop, op, x, pa, y[pb], z, pd, n);
                else for (int i = 0; i < n; i++) z[pd + i * sd] = (float) op.apply(x[pa + i * sa], y[pb + i * sb]);
            });
            return;
        }
        if (vop != null && a instanceof DoubleStorage da && b instanceof DoubleStorage db && dst instanceof DoubleStorage dd) {
            double[] x = da.data, y = db.data, z = dd.data;
            Loops.rows(aL, bL, dstL, (pa, sa, pb, sb, pd, sd, n) -> {
                if (sa == 1 && sb == 1 && sd == 1) {
                    int i = 0, bound = D.loopBound(n);
                    for (; i < bound; i += D.length())
                        DoubleVector.fromArray(D, x, pa + i).lanewise(vop, DoubleVector.fromArray(D, y, pb + i)).intoArray(z, pd + i);
                    for (; i < n; i++) z[pd + i] = op.apply(x[pa + i], y[pb + i]);
                } else {
                    for (int i = 0; i < n; i++) z[pd + i * sd] = op.apply(x[pa + i * sa], y[pb + i * sb]);
                }
            });
            return;
        }
        super.binary(op, a, aL, b, bL, dst, dstL);
    }

    private static void floatRow(VectorOperators.Binary vop, BinaryOp op, float[] x, int pa, float[] y, int pb, float[] z, int pd, int n) {
        int i = 0, bound = F.loopBound(n);
        for (; i < bound; i += F.length())
            FloatVector.fromArray(F, x, pa + i).lanewise(vop, FloatVector.fromArray(F, y, pb + i)).intoArray(z, pd + i);
        for (; i < n; i++) z[pd + i] = (float) op.apply(x[pa + i], y[pb + i]);
    }

    private static void floatRowScalar(VectorOperators.Binary vop, BinaryOp op, float[] x, int pa, float s, float[] z, int pd, int n) {
        int i = 0, bound = F.loopBound(n);
        FloatVector sv = FloatVector.broadcast(F, s);
        for (; i < bound; i += F.length()) FloatVector.fromArray(F, x, pa + i).lanewise(vop, sv).intoArray(z, pd + i);
        for (; i < n; i++) z[pd + i] = (float) op.apply(x[pa + i], s);
    }

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

    @Override
    public void unary(UnaryOp op, double p0, double p1, Storage src, Layout srcL, Storage dst, Layout dstL) {
        if ((op == UnaryOp.RELU || op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SQUARE)
                && src instanceof FloatStorage s && dst instanceof FloatStorage d) {
            float[] x = s.data, y = d.data;
            Loops.rows(srcL, dstL, (a, sa, b, sb, n) -> {
                if (sa == 1 && sb == 1) {
                    int i = 0, bound = F.loopBound(n);
                    for (; i < bound; i += F.length()) {
                        FloatVector v = FloatVector.fromArray(F, x, a + i);
                        FloatVector r = switch (op) {
                            // max(v, 0) would turn NaN into 0; blend keeps NaN (v > 0 false, v != v) as PyTorch's relu
                            case RELU -> v.blend(0f, v.compare(VectorOperators.LE, 0f));
                            case NEG -> v.neg();
                            case ABS -> v.abs();
                            default -> v.mul(v);
                        };
                        r.intoArray(y, b + i);
                    }
                    for (; i < n; i++) y[b + i] = (float) op.apply(x[a + i], p0, p1);
                } else {
                    for (int i = 0; i < n; i++) y[b + i * sb] = (float) op.apply(x[a + i * sa], p0, p1);
                }
            });
            return;
        }
        super.unary(op, p0, p1, src, srcL, dst, dstL);
    }
}
