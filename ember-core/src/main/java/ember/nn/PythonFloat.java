package ember.nn;

import java.math.BigDecimal;

/** Python's {@code repr(float)}, which module printouts use: {@code 0.5}, {@code 1.0}, {@code 1e-05}, {@code 1e+16}. */
final class PythonFloat {
    private PythonFloat() {}

    static String repr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return 1 / v < 0 ? "-0.0" : "0.0";
        // Java's Double.toString gives the shortest digits that round-trip, as Python's repr does; only the layout differs
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = d.precision() - d.scale() - 1;
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
