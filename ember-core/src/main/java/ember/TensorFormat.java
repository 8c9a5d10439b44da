package ember;

import ember.storage.Storage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Formats tensors exactly as PyTorch's {@code repr} does with its default print options: a port of
 * {@code torch/_tensor_str.py} (torch 1.13) — one formatter per tensor choosing integer, fixed or scientific notation
 * from the shown values, lines wrapped at 80 columns, summarisation with {@code ...} above 1000 elements, and the
 * {@code dtype=}/{@code grad_fn=}/{@code requires_grad=} suffixes.
 *
 * <p>Numbers are formatted as Python formats the {@code double} that {@code tolist()} yields (float32 values widened
 * exactly): rounding half-even on the exact binary value, which {@link BigDecimal} reproduces.
 */
final class TensorFormat {
    private static final int PRECISION = 4;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {}

    static String format(Tensor t) {
        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>();
        String body;
        if (t.numel() == 0) {
            // numpy-style: the shape is spelled out unless it is (0,); the dtype cannot be guessed from no values.
            if (t.dim() != 1) suffixes.add("size=" + pythonTuple(t.shape()));
            if (t.dtype() != DType.defaultFloat()) suffixes.add("dtype=" + t.dtype().torchName());
            body = "[]";
        } else {
            if (!hasDefaultDtype(t.dtype())) suffixes.add("dtype=" + t.dtype().torchName());
            body = new Printer(t).tensorString(indent);
        }
        if (t.gradFn() != null) suffixes.add("grad_fn=<" + t.gradFn().name() + ">");
        else if (t.requiresGrad()) suffixes.add("requires_grad=True");
        return addSuffixes(PREFIX + body, suffixes, indent);
    }

    /** Types whose values alone tell them apart, so PyTorch omits {@code dtype=}. */
    private static boolean hasDefaultDtype(DType dtype) {
        return dtype == DType.defaultFloat() || dtype == DType.INT64 || dtype == DType.BOOL;
    }

    private static String pythonTuple(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        return sb.append(')').toString();
    }

    /** Appends suffixes after ", ", moving one to its own line when it would pass the line width. */
    private static String addSuffixes(String tensorString, List<String> suffixes, int indent) {
        StringBuilder out = new StringBuilder(tensorString);
        // Python's len(s) - s.rfind("\n") + 1, including its quirk of counting two extra columns.
        int lastLineLength = tensorString.length() - tensorString.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                out.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLength = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    /** Walks a non-empty tensor's elements in logical order straight from its storage (views need no copy). */
    private static final class Printer {
        private final Storage storage;
        private final int[] shape;
        private final int[] strides;
        private final int offset;
        private final boolean summarize;
        private final Formatter formatter;

        Printer(Tensor t) {
            storage = t.storage();
            shape = t.layout().shapeRef();
            strides = t.layout().strideRef();
            offset = t.layout().offset();
            summarize = t.numel() > THRESHOLD;
            formatter = new Formatter(t.dtype(), storage, shownPositions());
        }

        /** Storage positions of the elements that will be printed, in print order (all, unless summarised). */
        private int[] shownPositions() {
            int shown = 1;
            for (int size : shape) shown *= shownIndices(size).length;
            int[] positions = new int[shown];
            int[] count = {0};
            forEachShown(0, offset, position -> positions[count[0]++] = position);
            return positions;
        }

        private void forEachShown(int d, int position, IntConsumer action) {
            if (d == shape.length) {
                action.accept(position);
                return;
            }
            for (int i : shownIndices(shape[d])) forEachShown(d + 1, position + i * strides[d], action);
        }

        /** Indices shown along a dimension of size n: all, or the first and last EDGE_ITEMS when summarising. */
        private int[] shownIndices(int n) {
            if (summarize && n > 2 * EDGE_ITEMS) {
                int[] idx = new int[2 * EDGE_ITEMS];
                for (int i = 0; i < EDGE_ITEMS; i++) {
                    idx[i] = i;
                    idx[EDGE_ITEMS + i] = n - EDGE_ITEMS + i;
                }
                return idx;
            }
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            return idx;
        }

        String tensorString(int indent) {
            return tensorString(0, offset, indent);
        }

        private String tensorString(int d, int position, int indent) {
            int dims = shape.length - d;
            if (dims == 0) return formatter.format(position);
            if (dims == 1) return vectorString(d, position, indent);
            List<String> slices = new ArrayList<>();
            int n = shape[d];
            boolean elide = summarize && n > 2 * EDGE_ITEMS;
            for (int i : shownIndices(n)) {
                if (elide && i == n - EDGE_ITEMS) slices.add("...");
                slices.add(tensorString(d + 1, position + i * strides[d], indent + 1));
            }
            // Blocks of k dimensions are separated by k-1 blank lines.
            return "[" + String.join("," + "\n".repeat(dims - 1) + " ".repeat(indent + 1), slices) + "]";
        }

        private String vectorString(int d, int position, int indent) {
            int elementLength = formatter.width() + 2;
            int elementsPerLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, elementLength));
            List<String> data = new ArrayList<>();
            int n = shape[d];
            boolean elide = summarize && n > 2 * EDGE_ITEMS;
            for (int i : shownIndices(n)) {
                if (elide && i == n - EDGE_ITEMS) data.add(" ...");
                data.add(formatter.format(position + i * strides[d]));
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < data.size(); i += elementsPerLine)
                lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + elementsPerLine))));
            return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
        }
    }

    /** PyTorch's {@code _Formatter}: one notation and one width for every shown element of a tensor. */
    private static final class Formatter {
        private final Storage storage;
        private final boolean floating;
        private final boolean bool;
        private boolean intMode = true;
        private boolean sciMode = false;
        private int maxWidth = 1;

        Formatter(DType dtype, Storage storage, int[] shownPositions) {
            this.storage = storage;
            this.floating = dtype.isFloatingPoint();
            this.bool = dtype == DType.BOOL;
            if (!floating) {
                for (int p : shownPositions) maxWidth = Math.max(maxWidth, integralString(p).length());
                return;
            }
            double[] nonzeroFinite = Arrays.stream(shownPositions).mapToDouble(storage::getDouble)
                    .filter(v -> Double.isFinite(v) && v != 0).toArray();
            if (nonzeroFinite.length == 0) return;
            double min = Double.POSITIVE_INFINITY, max = 0;
            for (double v : nonzeroFinite) {
                min = Math.min(min, Math.abs(v));
                max = Math.max(max, Math.abs(v));
                if (v != Math.ceil(v)) intMode = false;
            }
            // Integer-valued floats never switch to scientific notation for being small.
            sciMode = max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4);
            for (double v : nonzeroFinite) {
                int width;
                if (sciMode) width = scientific(v).length();
                else if (intMode) width = fixed(v, 0).length() + 1;  // room for the trailing "."
                else width = fixed(v, PRECISION).length();
                maxWidth = Math.max(maxWidth, width);
            }
        }

        int width() { return maxWidth; }

        /** The element at a storage position, right-aligned to the common width. */
        String format(int position) {
            String s;
            if (!floating) {
                s = integralString(position);
            } else {
                double v = storage.getDouble(position);
                if (sciMode) s = scientific(v);
                else if (intMode) s = Double.isFinite(v) ? fixed(v, 0) + "." : fixed(v, 0);
                else s = fixed(v, PRECISION);
            }
            return s.length() >= maxWidth ? s : " ".repeat(maxWidth - s.length()) + s;
        }

        private String integralString(int position) {
            long v = storage.getLong(position);
            if (bool) return v != 0 ? "True" : "False";
            return Long.toString(v);
        }

        /** Python's {@code '{:.Nf}'.format(v)}. */
        static String fixed(double v, int digits) {
            if (!Double.isFinite(v)) return nonFinite(v);
            String magnitude = new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
            return isNegative(v) ? "-" + magnitude : magnitude;
        }

        /** Python's {@code '{:.4e}'.format(v)}: mantissa with PRECISION decimals, exponent signed, 2+ digits. */
        static String scientific(double v) {
            if (!Double.isFinite(v)) return nonFinite(v);
            String sign = isNegative(v) ? "-" : "";
            if (v == 0) return sign + "0." + "0".repeat(PRECISION) + "e+00";
            BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            // Rounding may carry into a new leading digit (9.99995 -> 10.000); the exponent is read afterwards.
            int exponent = rounded.precision() - 1 - rounded.scale();
            String mantissa = rounded.movePointLeft(exponent).setScale(PRECISION, RoundingMode.UNNECESSARY).toPlainString();
            String exponentDigits = Integer.toString(Math.abs(exponent));
            if (exponentDigits.length() < 2) exponentDigits = "0" + exponentDigits;
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentDigits;
        }

        private static boolean isNegative(double v) {
            return v < 0 || Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(-0.0);
        }

        private static String nonFinite(double v) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
    }
}
