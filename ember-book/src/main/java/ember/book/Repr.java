package ember.book;

import ember.Device;
import ember.Tensor;
import ember.storage.Shapes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's way of showing values, for programs that print what a notebook cell shows: {@link #repr} is Python's
 * {@code repr} of the Java counterpart (a tensor prints itself; a double prints as a Python float, a
 * {@code Map} as a dict, an {@code int[]} as a {@code torch.Size}), and {@link #display} is what IPython shows for a
 * cell's value — its pretty printer keeps a tuple on one line when it fits in 79 columns and has no multi-line item,
 * and otherwise puts each item on its own line, indented by one space.
 */
public final class Repr {
    private static final int WIDTH = 79;

    private Repr() {}

    /** A Python tuple as IPython displays it: {@code (a, b)} or one item per line. */
    public static String tuple(Object... items) { return display("(", ")", items.length == 1, items); }

    /** A Python list as IPython displays it. */
    public static String list(Object... items) { return display("[", "]", false, items); }

    private static String display(String open, String close, boolean trailingComma, Object... items) {
        List<String> reprs = new ArrayList<>();
        for (Object item : items) reprs.add(repr(item));
        String oneLine = open + String.join(", ", reprs) + (trailingComma ? "," : "") + close;
        if (oneLine.length() <= WIDTH && !oneLine.contains("\n")) return oneLine;
        List<String> indented = new ArrayList<>();
        for (String r : reprs) indented.add(r.replace("\n", "\n "));
        return open + String.join(",\n ", indented) + (trailingComma ? "," : "") + close;
    }

    /** Python's {@code repr} of a value given as its Java counterpart. */
    public static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case Tensor t -> t.toString();
            case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case Boolean b -> b ? "True" : "False";
            case Double d -> pyFloat(d);
            case Float f -> pyFloat(f);
            case int[] shape -> Shapes.formatSize(shape);
            case Device d -> d.index() < 0 ? "device(type='" + d.type() + "')"
                    : "device(type='" + d.type() + "', index=" + d.index() + ")";
            case List<?> l -> "[" + String.join(", ", l.stream().map(Repr::repr).toList()) + "]";
            case Map<?, ?> m -> dict(m);
            default -> value.toString();
        };
    }

    /** {@code {'x': tensor(...), ...}}. */
    private static String dict(Map<?, ?> m) {
        List<String> entries = new ArrayList<>();
        m.forEach((k, v) -> entries.add(repr(k) + ": " + repr(v)));
        return "{" + String.join(", ", entries) + "}";
    }

    /** A state dict as PyTorch prints it: {@code OrderedDict([('weight', tensor(...)), ('bias', tensor(...))])}. */
    public static String orderedDict(Map<String, Tensor> state) {
        List<String> entries = new ArrayList<>();
        state.forEach((k, v) -> entries.add("(" + repr(k) + ", " + v + ")"));
        return "OrderedDict([" + String.join(", ", entries) + "])";
    }

    /** A parameter as PyTorch prints an {@code nn.Parameter}: {@code Parameter containing:} above the tensor. */
    public static String parameter(Tensor p) { return "Parameter containing:\n" + p; }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back as the same double, positional when the
     * decimal exponent is in [-4, 16), else scientific ({@code 1e-05}, {@code 1e+16}); integral values keep {@code .0}.
     */
    public static String pyFloat(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        // Java's Double.toString gives the shortest round-tripping digits, as Python's repr does
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale(); // of the first digit
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return sign + d.toPlainString() + (d.scale() <= 0 ? ".0" : "");
    }

    /** Python's {@code f'{v:.nf}'}: the double's exact binary value rounded to n decimals (ties to even, as C does). */
    public static String fixed(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
