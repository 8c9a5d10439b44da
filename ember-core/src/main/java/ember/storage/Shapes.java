package ember.storage;

import java.util.Arrays;

/** Shape arithmetic shared by every layer: sizes, strides, broadcasting, dim wrapping, PyTorch-style formatting. */
public final class Shapes {
    private Shapes() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension " + s + " in shape " + format(shape));
            n *= s;
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^31-1 elements, the most a tensor can hold");
        }
        return (int) n;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = acc;
            acc *= Math.max(shape[d], 1);
        }
        return st;
    }

    /**
     * The broadcast shape of two shapes, with PyTorch's error: "The size of tensor a (3) must match the size of
     * tensor b (4) at non-singleton dimension 1".
     */
    public static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        // from the last dim backwards, as PyTorch's infer_size, so the error names the rightmost mismatch
        for (int i = n - 1; i >= 0; i--) {
            int da = i - (n - a.length), db = i - (n - b.length);
            int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1)
                throw new IllegalArgumentException("The size of tensor a (" + sa + ") must match the size of tensor b (" + sb
                        + ") at non-singleton dimension " + i);
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** True when {@code from} broadcasts to exactly {@code to}. */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) return false;
        for (int i = 0; i < from.length; i++) {
            int f = from[from.length - 1 - i], t = to[to.length - 1 - i];
            if (f != t && f != 1) return false;
        }
        return true;
    }

    /** Wraps a possibly negative dim into [0, rank), with PyTorch's message on failure. */
    public static int wrapDim(int dim, int rank) {
        int r = Math.max(rank, 1); // a 0-d tensor accepts dim 0 and -1, as PyTorch
        if (dim < -r || dim >= r)
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + (-r) + ", " + (r - 1)
                    + "], but got " + dim + ")");
        return dim < 0 ? dim + r : dim;
    }

    public static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    public static int[] insert(int[] a, int i, int v) {
        int[] r = new int[a.length + 1];
        System.arraycopy(a, 0, r, 0, i);
        r[i] = v;
        System.arraycopy(a, i, r, i + 1, a.length - i);
        return r;
    }

    /** PyTorch's spelling of a shape in messages: {@code [2, 3]}. */
    public static String format(int[] shape) { return Arrays.toString(shape); }

    /** {@code torch.Size([2, 3])}, as PyTorch prints a shape. */
    public static String formatSize(int[] shape) { return "torch.Size(" + Arrays.toString(shape) + ")"; }
}
