package ember.kernels;

import ember.storage.Layout;

/**
 * Strided iteration shared by the kernels: operands with one shape are walked together row by row, after merging
 * dimensions that are contiguous in every operand. A body receives one row (start offsets, strides, length) at a
 * time, so the per-element loop stays tight and the per-row call is amortised.
 */
public final class Loops {
    private Loops() {}

    @FunctionalInterface
    public interface Row1 { void run(int p0, int s0, int n); }

    @FunctionalInterface
    public interface Row2 { void run(int p0, int s0, int p1, int s1, int n); }

    @FunctionalInterface
    public interface Row3 { void run(int p0, int s0, int p1, int s1, int p2, int s2, int n); }

    @FunctionalInterface
    public interface Row4 { void run(int p0, int s0, int p1, int s1, int p2, int s2, int p3, int s3, int n); }

    public static void rows(Layout a, Row1 body) {
        int n = a.numel();
        if (n == 0) return;
        int sa = flatStride(a);
        if (sa >= 0) {
            body.run(a.offset(), sa, n);
            return;
        }
        Walk w = new Walk(a.shapeRef(), a.strideRef());
        if (w.empty) return;
        w.run(() -> body.run(a.offset() + w.pos(0), w.inner(0), w.innerSize));
    }

    public static void rows(Layout a, Layout b, Row2 body) {
        int n = a.numel();
        if (n == 0) return;
        int sa = flatStride(a), sb = flatStride(b);
        if ((sa | sb) >= 0) {
            body.run(a.offset(), sa, b.offset(), sb, n);
            return;
        }
        Walk w = new Walk(a.shapeRef(), a.strideRef(), b.strideRef());
        if (w.empty) return;
        w.run(() -> body.run(a.offset() + w.pos(0), w.inner(0), b.offset() + w.pos(1), w.inner(1), w.innerSize));
    }

    public static void rows(Layout a, Layout b, Layout c, Row3 body) {
        int n = a.numel();
        if (n == 0) return;
        int sa = flatStride(a), sb = flatStride(b), sc = flatStride(c);
        if ((sa | sb | sc) >= 0) {
            body.run(a.offset(), sa, b.offset(), sb, c.offset(), sc, n);
            return;
        }
        Walk w = new Walk(a.shapeRef(), a.strideRef(), b.strideRef(), c.strideRef());
        if (w.empty) return;
        w.run(() -> body.run(a.offset() + w.pos(0), w.inner(0), b.offset() + w.pos(1), w.inner(1),
                c.offset() + w.pos(2), w.inner(2), w.innerSize));
    }

    public static void rows(Layout a, Layout b, Layout c, Layout d, Row4 body) {
        int n = a.numel();
        if (n == 0) return;
        int sa = flatStride(a), sb = flatStride(b), sc = flatStride(c), sd = flatStride(d);
        if ((sa | sb | sc | sd) >= 0) {
            body.run(a.offset(), sa, b.offset(), sb, c.offset(), sc, d.offset(), sd, n);
            return;
        }
        Walk w = new Walk(a.shapeRef(), a.strideRef(), b.strideRef(), c.strideRef(), d.strideRef());
        if (w.empty) return;
        w.run(() -> body.run(a.offset() + w.pos(0), w.inner(0), b.offset() + w.pos(1), w.inner(1),
                c.offset() + w.pos(2), w.inner(2), d.offset() + w.pos(3), w.inner(3), w.innerSize));
    }

    /** {@link #rows(Layout, Row1)} spread over the pool, as {@link #parallelRows(Layout, Layout, Row2)}. */
    public static void parallelRows(Layout a, Row1 body) {
        if (a.numel() < Parallel.GRAIN || Parallel.threads() == 1) {
            rows(a, body);
            return;
        }
        Walk shape = new Walk(a.shapeRef(), a.strideRef());
        if (shape.empty) return;
        int rows = shape.rows(), n = shape.innerSize;
        if (rows == 1) {
            int pa = a.offset(), sa = shape.inner(0);
            Parallel.forRange(0, n, Parallel.GRAIN, (i0, i1) -> body.run(pa + i0 * sa, sa, i1 - i0));
            return;
        }
        Parallel.forRange(0, rows, Math.max(1, Parallel.GRAIN / n), (r0, r1) -> {
            Walk w = new Walk(a.shapeRef(), a.strideRef());
            w.run(r0, r1, () -> body.run(a.offset() + w.pos(0), w.inner(0), w.innerSize));
        });
    }

    /**
     * {@link #rows(Layout, Layout, Row2)} spread over the {@link Parallel} pool when the operands hold at least
     * {@link Parallel#GRAIN} elements: the rows are split into ranges, or a single long row into pieces. The body must
     * only write its own elements (element-wise kernels do).
     */
    public static void parallelRows(Layout a, Layout b, Row2 body) {
        if (a.numel() < Parallel.GRAIN || Parallel.threads() == 1) {
            rows(a, b, body);
            return;
        }
        Walk shape = new Walk(a.shapeRef(), a.strideRef(), b.strideRef());
        if (shape.empty) return;
        int rows = shape.rows(), n = shape.innerSize;
        if (rows == 1) {
            int pa = a.offset(), sa = shape.inner(0), pb = b.offset(), sb = shape.inner(1);
            Parallel.forRange(0, n, Parallel.GRAIN, (i0, i1) -> body.run(pa + i0 * sa, sa, pb + i0 * sb, sb, i1 - i0));
            return;
        }
        Parallel.forRange(0, rows, Math.max(1, Parallel.GRAIN / n), (r0, r1) -> {
            Walk w = new Walk(a.shapeRef(), a.strideRef(), b.strideRef());
            w.run(r0, r1, () -> body.run(a.offset() + w.pos(0), w.inner(0), b.offset() + w.pos(1), w.inner(1), w.innerSize));
        });
    }

    /** {@link #rows(Layout, Layout, Layout, Row3)} spread over the pool, as {@link #parallelRows(Layout, Layout, Row2)}. */
    public static void parallelRows(Layout a, Layout b, Layout c, Row3 body) {
        if (a.numel() < Parallel.GRAIN || Parallel.threads() == 1) {
            rows(a, b, c, body);
            return;
        }
        Walk shape = new Walk(a.shapeRef(), a.strideRef(), b.strideRef(), c.strideRef());
        if (shape.empty) return;
        int rows = shape.rows(), n = shape.innerSize;
        if (rows == 1) {
            int pa = a.offset(), sa = shape.inner(0), pb = b.offset(), sb = shape.inner(1), pc = c.offset(), sc = shape.inner(2);
            Parallel.forRange(0, n, Parallel.GRAIN,
                    (i0, i1) -> body.run(pa + i0 * sa, sa, pb + i0 * sb, sb, pc + i0 * sc, sc, i1 - i0));
            return;
        }
        Parallel.forRange(0, rows, Math.max(1, Parallel.GRAIN / n), (r0, r1) -> {
            Walk w = new Walk(a.shapeRef(), a.strideRef(), b.strideRef(), c.strideRef());
            w.run(r0, r1, () -> body.run(a.offset() + w.pos(0), w.inner(0), b.offset() + w.pos(1), w.inner(1),
                    c.offset() + w.pos(2), w.inner(2), w.innerSize));
        });
    }

    /** {@link #rows(Layout, Layout, Layout, Layout, Row4)} spread over the pool, as the two-operand form. */
    public static void parallelRows(Layout a, Layout b, Layout c, Layout d, Row4 body) {
        if (a.numel() < Parallel.GRAIN || Parallel.threads() == 1) {
            rows(a, b, c, d, body);
            return;
        }
        Walk shape = new Walk(a.shapeRef(), a.strideRef(), b.strideRef(), c.strideRef(), d.strideRef());
        if (shape.empty) return;
        int rows = shape.rows(), n = shape.innerSize;
        if (rows == 1) {
            int pa = a.offset(), sa = shape.inner(0), pb = b.offset(), sb = shape.inner(1);
            int pc = c.offset(), sc = shape.inner(2), pd = d.offset(), sd = shape.inner(3);
            Parallel.forRange(0, n, Parallel.GRAIN, (i0, i1) -> body.run(pa + i0 * sa, sa, pb + i0 * sb, sb,
                    pc + i0 * sc, sc, pd + i0 * sd, sd, i1 - i0));
            return;
        }
        Parallel.forRange(0, rows, Math.max(1, Parallel.GRAIN / n), (r0, r1) -> {
            Walk w = new Walk(a.shapeRef(), a.strideRef(), b.strideRef(), c.strideRef(), d.strideRef());
            w.run(r0, r1, () -> body.run(a.offset() + w.pos(0), w.inner(0), b.offset() + w.pos(1), w.inner(1),
                    c.offset() + w.pos(2), w.inner(2), d.offset() + w.pos(3), w.inner(3), w.innerSize));
        });
    }

    /**
     * 1 when the layout's elements are one row-major run (contiguous), 0 when every element is the same one (a
     * broadcast scalar: all strides 0 or size-1 dims), −1 otherwise. Operands that are all one or the other — the
     * common case of element-wise ops — are one row, without building a {@link Walk} (about 300 ns a call).
     */
    private static int flatStride(Layout l) {
        int[] shape = l.shapeRef(), stride = l.strideRef();
        boolean broadcast = true;
        for (int d = 0; d < shape.length; d++) if (shape[d] != 1 && stride[d] != 0) { broadcast = false; break; }
        if (broadcast) return 0;
        return l.isContiguous() ? 1 : -1;
    }

    /** An N-d counter over the outer (all but innermost) merged dims of several operands. */
    private static final class Walk {
        final int[] shape;       // merged shape, innermost last
        final int[][] strides;   // [operand][dim]
        final int[] pos;         // current outer offset per operand
        final int innerSize;
        final boolean empty;

        Walk(int[] shape0, int[]... strides0) {
            int k = strides0.length;
            int n = shape0.length;
            boolean isEmpty = false;
            for (int s : shape0) if (s == 0) { isEmpty = true; break; }
            empty = isEmpty;
            // Drop size-1 dims, then merge dim d into d+1 when every operand is contiguous across them.
            int[] sh = new int[Math.max(n, 1)];
            int[][] st = new int[k][Math.max(n, 1)];
            int m = 0;
            for (int d = 0; d < n; d++) {
                if (shape0[d] == 1) continue;
                sh[m] = shape0[d];
                for (int j = 0; j < k; j++) st[j][m] = strides0[j][d];
                m++;
            }
            int w = 0;
            for (int d = 0; d < m; d++) {
                if (w > 0) {
                    boolean merge = true;
                    for (int j = 0; j < k; j++) if (st[j][w - 1] != st[j][d] * sh[d]) { merge = false; break; }
                    if (merge) {
                        sh[w - 1] *= sh[d];
                        for (int j = 0; j < k; j++) st[j][w - 1] = st[j][d];
                        continue;
                    }
                }
                sh[w] = sh[d];
                for (int j = 0; j < k; j++) st[j][w] = st[j][d];
                w++;
            }
            if (w == 0) { sh[0] = 1; for (int j = 0; j < k; j++) st[j][0] = 1; w = 1; }
            shape = java.util.Arrays.copyOf(sh, w);
            strides = new int[k][];
            for (int j = 0; j < k; j++) strides[j] = java.util.Arrays.copyOf(st[j], w);
            pos = new int[k];
            innerSize = shape[w - 1];
        }

        int pos(int j) { return pos[j]; }

        /** Number of rows (the product of the outer merged dims). */
        int rows() {
            int r = 1;
            for (int d = 0; d < shape.length - 1; d++) r *= shape[d];
            return r;
        }

        /** Runs rows [rowBegin, rowEnd) in order, starting the counter at rowBegin. */
        void run(int rowBegin, int rowEnd, Runnable row) {
            int outerDims = shape.length - 1, k = strides.length;
            int[] idx = new int[Math.max(outerDims, 1)];
            for (int d = outerDims - 1, rest = rowBegin; d >= 0; d--) {
                idx[d] = rest % shape[d];
                rest /= shape[d];
                for (int j = 0; j < k; j++) pos[j] += idx[d] * strides[j][d];
            }
            for (int r = rowBegin; r < rowEnd; r++) {
                row.run();
                for (int d = outerDims - 1; d >= 0; d--) {
                    idx[d]++;
                    for (int j = 0; j < k; j++) pos[j] += strides[j][d];
                    if (idx[d] < shape[d]) break;
                    for (int j = 0; j < k; j++) pos[j] -= strides[j][d] * shape[d];
                    idx[d] = 0;
                }
            }
        }

        int inner(int j) { return strides[j][shape.length - 1]; }

        void run(Runnable row) {
            int outerDims = shape.length - 1;
            if (outerDims == 0) { row.run(); return; }
            int[] idx = new int[outerDims];
            int k = strides.length;
            while (true) {
                row.run();
                int d = outerDims - 1;
                while (d >= 0) {
                    idx[d]++;
                    for (int j = 0; j < k; j++) pos[j] += strides[j][d];
                    if (idx[d] < shape[d]) break;
                    for (int j = 0; j < k; j++) pos[j] -= strides[j][d] * shape[d];
                    idx[d] = 0;
                    d--;
                }
                if (d < 0) return;
            }
        }
    }
}
