package ember;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of an indexing expression {@code x[...]}: an integer, a slice, {@code ...}, {@code None} (a new axis of
 * size 1) or an index tensor (INT64 positions or a BOOL mask). {@link #parse} reads PyTorch's syntax from a string.
 */
public sealed interface Index {
    /** {@code x[i]}: selects one position and drops the dimension. */
    record Int(int index) implements Index {
        @Override public String toString() { return Integer.toString(index); }
    }

    /** {@code start:stop:step} with Python's rules; null bounds mean "from the start" / "to the end". */
    record Slice(Integer start, Integer stop, int step) implements Index {
        public Slice {
            if (step <= 0) throw new IllegalArgumentException("slice step must be positive (got " + step + ")");
        }

        @Override public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
        }
    }

    /** {@code ...}: as many full slices as needed. */
    record Ellipsis() implements Index {
        @Override public String toString() { return "..."; }
    }

    /** {@code None}: inserts a dimension of size 1. */
    record NewAxis() implements Index {
        @Override public String toString() { return "None"; }
    }

    /** An INT64 index tensor or a BOOL mask (advanced indexing: the result is a copy). */
    record TensorIndex(Tensor tensor) implements Index {
        /** As messages show it, e.g. {@code <torch.int64 [2]>}. */
        @Override public String toString() { return "<" + tensor.dtype() + " " + java.util.Arrays.toString(tensor.shape()) + ">"; }
    }

    static Index i(int index) { return new Int(index); }

    static Index slice(Integer start, Integer stop) { return new Slice(start, stop, 1); }

    static Index slice(Integer start, Integer stop, int step) { return new Slice(start, stop, step); }

    /** {@code :} */
    static Index all() { return new Slice(null, null, 1); }

    static Index ellipsis() { return new Ellipsis(); }

    static Index newAxis() { return new NewAxis(); }

    static Index tensor(Tensor t) { return new TensorIndex(t); }

    /** Index tensors as an index expression. */
    static Index[] of(Tensor... ts) {
        Index[] r = new Index[ts.length];
        for (int k = 0; k < ts.length; k++) r[k] = new TensorIndex(ts[k]);
        return r;
    }

    /**
     * Parses PyTorch's index syntax: comma-separated integers, slices {@code a:b:c} (parts optional, negatives
     * allowed), {@code ...} and {@code None}. An empty string means {@code x[()]}, the whole tensor.
     */
    static Index[] parse(String spec) {
        String s = spec.strip();
        if (s.isEmpty()) return new Index[0];
        List<Index> out = new ArrayList<>();
        for (String raw : s.split(",", -1)) {
            String part = raw.strip();
            try {
                if (part.equals("...")) out.add(ellipsis());
                else if (part.equals("None")) out.add(newAxis());
                else if (part.contains(":")) {
                    String[] p = part.split(":", -1);
                    if (p.length > 3) throw new IllegalArgumentException("too many ':' in slice");
                    Integer start = p[0].isBlank() ? null : Integer.parseInt(p[0].strip());
                    Integer stop = p[1].isBlank() ? null : Integer.parseInt(p[1].strip());
                    int step = p.length == 3 && !p[2].isBlank() ? Integer.parseInt(p[2].strip()) : 1;
                    if (step == 0) throw new IllegalArgumentException("slice step cannot be zero");
                    if (step < 0) throw new IllegalArgumentException("step must be greater than zero (negative steps are not supported, as in PyTorch; use flip)");
                    out.add(new Slice(start, stop, step));
                } else {
                    out.add(i(Integer.parseInt(part)));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot parse index '" + part + "' in \"" + spec
                        + "\": expected an integer, a slice like 1:3 or ::2, '...' or 'None'", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot parse index '" + part + "' in \"" + spec + "\": " + e.getMessage(), e);
            }
        }
        return out.toArray(new Index[0]);
    }
}
