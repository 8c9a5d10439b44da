package ember.io;

/**
 * A strict pull parser for the small JSON documents of file headers (RFC 8259 syntax). The caller drives it by the
 * schema it expects, so nothing is built that the schema does not need and nesting cannot run deeper than the schema.
 * Numbers are exact non-negative integers (sizes and offsets); fractions, exponents, negative numbers and values past
 * {@code Long.MAX_VALUE} are errors. Every error names the character position.
 */
final class JsonReader {
    /** A syntax or schema error at a position of the document. */
    static final class JsonException extends Exception {
        JsonException(String message) { super(message); }
    }

    private final String text;
    private int pos;

    JsonReader(String text) { this.text = text; }

    /** Consumes '{'; true when the object has members (an empty object's '}' is consumed too). */
    boolean beginObject() throws JsonException { return begin('{', '}'); }

    /** Consumes '['; true when the array has elements (an empty array's ']' is consumed too). */
    boolean beginArray() throws JsonException { return begin('[', ']'); }

    /** After a member: consumes ',' (true, another member follows) or '}' (false, the object ended). */
    boolean nextMember() throws JsonException { return next('}'); }

    /** After an element: consumes ',' (true, another element follows) or ']' (false, the array ended). */
    boolean nextElement() throws JsonException { return next(']'); }

    /** A member's name and its ':'. */
    String name() throws JsonException {
        String name = string();
        expect(':');
        return name;
    }

    String string() throws JsonException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("control character U+" + hex4(c) + " inside a string must be escaped");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = unicodeEscape();
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos)) throw error("lone surrogate \\u" + hex4(u) + " in a string");
                        pos += 2;
                        char low = unicodeEscape();
                        if (!Character.isLowSurrogate(low)) throw error("lone surrogate \\u" + hex4(u) + " in a string");
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("lone surrogate \\u" + hex4(u) + " in a string");
                    } else {
                        sb.append(u);
                    }
                }
                default -> throw error("invalid escape '\\" + e + "' in a string");
            }
        }
    }

    /** A non-negative integer written without fraction or exponent. */
    long integer() throws JsonException {
        skipWhitespace();
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') throw error("negative number where a size or offset belongs");
        long value = 0;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            int digit = text.charAt(pos) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) throw error("number " + numberAt(start) + " is too large");
            value = value * 10 + digit;
            pos++;
        }
        if (pos == start) throw error("expected a number but found " + describe(start));
        if (pos - start > 1 && text.charAt(start) == '0') throw error("number with a leading zero: " + numberAt(start));
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E'))
            throw error("number " + numberAt(start) + " is not an integer");
        return value;
    }

    /** Checks that only whitespace follows the document. */
    void end() throws JsonException {
        skipWhitespace();
        if (pos < text.length()) throw error("unexpected " + describe(pos) + " after the end of the JSON object");
    }

    private boolean begin(char open, char close) throws JsonException {
        expect(open);
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == close) {
            pos++;
            return false;
        }
        return true;
    }

    private boolean next(char close) throws JsonException {
        skipWhitespace();
        if (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',') { pos++; return true; }
            if (c == close) { pos++; return false; }
        }
        throw error("expected ',' or '" + close + "' but found " + describe(pos));
    }

    private void expect(char c) throws JsonException {
        skipWhitespace();
        if (pos >= text.length() || text.charAt(pos) != c) throw error("expected '" + c + "' but found " + describe(pos));
        pos++;
    }

    private char unicodeEscape() throws JsonException {
        if (pos + 4 > text.length()) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) throw error("invalid \\u escape '\\u" + text.substring(pos, pos + 4) + "'");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private String numberAt(int start) {
        int end = start;
        while (end < text.length() && end - start < 40 && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) end++;
        return text.substring(start, end);
    }

    private String describe(int at) {
        if (at >= text.length()) return "the end of the header";
        char c = text.charAt(at);
        return c < 0x20 || c > 0x7e ? "U+" + hex4(c) : "'" + c + "'";
    }

    private static String hex4(char c) { return String.format("%04X", (int) c); }

    private JsonException error(String problem) {
        return new JsonException("invalid JSON at character " + pos + ": " + problem);
    }
}
