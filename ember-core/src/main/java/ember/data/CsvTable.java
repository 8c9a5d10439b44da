package ember.data;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.io.MalformedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * A table read from a CSV file, with the pandas steps of d2l's data chapters: {@code read_csv}, dropping and slicing
 * columns, {@code concat}, standardising numeric columns, {@code fillna}, {@code get_dummies(dummy_na=True)} and
 * conversion to a tensor. Tables are immutable; every step returns a new one.
 *
 * <p>Reading follows {@code pandas.read_csv}'s defaults: the first line names the columns; fields may be quoted
 * ({@code "a, b"}, {@code ""} for a quote inside); blank lines are skipped; a short row is filled with NA; pandas'
 * NA spellings ({@code NA}, {@code N/A}, {@code NaN}, {@code None}, {@code NULL}, an empty field, ...) are missing
 * values; a column is numeric when every present value is a number (or every value is True/False), otherwise it is a
 * text (categorical) column.
 *
 * <pre>{@code
 * // d2l's house prices: standardise numeric features, NA -> 0, one-hot encode the rest
 * CsvTable features = CsvTable.concat(train.drop("Id", "SalePrice"), test.drop("Id"))
 *         .standardize().fillNa(0).getDummies(true);
 * Tensor X = features.toTensor();
 * }</pre>
 */
public final class CsvTable {
    /** pandas' default NA spellings ({@code STR_NA_VALUES}, pandas 2). */
    private static final Set<String> NA = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
            "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity)");
    private static final Set<String> TRUE = Set.of("True", "TRUE", "true"), FALSE = Set.of("False", "FALSE", "false");
    /**
     * Short rows are filled with NA up to the header's width. Every cell of a full table costs at least one character
     * (its separator), so a table far larger than its text is mostly padding: a wide header over many one-field rows,
     * which would take gigabytes from a small file. Such tables are refused above this many cells.
     */
    private static final long MAX_PADDED_CELLS = 1 << 22, PADDING_PER_CHARACTER = 16;

    /**
     * One column: numbers (NaN for NA) or text (null for NA). A numeric column read from the file keeps its original
     * text too, so concatenating it with a text column can treat its values as categories.
     */
    private record Column(String name, double[] numbers, String[] text) {
        boolean numeric() { return numbers != null; }

        int length() { return numeric() ? numbers.length : text.length; }

        String[] asText() {
            if (text != null) return text;
            String[] s = new String[numbers.length];
            for (int i = 0; i < s.length; i++) s[i] = Double.isNaN(numbers[i]) ? null : Double.toString(numbers[i]);
            return s;
        }
    }

    private final List<Column> columns;
    private final int rows;

    private CsvTable(List<Column> columns, int rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    /** Reads a UTF-8 CSV file ({@code pd.read_csv(file)}). */
    public static CsvTable read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedFileException(file, "not valid UTF-8 text", e);
            }
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw new MalformedFileException(file, e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Parses CSV text (see {@link #read}). */
    public static CsvTable parse(String csv) {
        List<List<String>> records = records(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        if (records.isEmpty()) throw new IllegalArgumentException("No columns to parse from file (the CSV text is empty)");
        List<String> header = records.get(0);
        int width = header.size(), rows = records.size() - 1;
        List<String> names = uniqueNames(header);
        long cells = (long) width * rows;
        if (cells > MAX_PADDED_CELLS && cells > PADDING_PER_CHARACTER * csv.length())
            throw new IllegalArgumentException("the header names " + width + " columns and " + rows + " rows follow, but the text"
                    + " has only " + csv.length() + " characters: filling the short rows with NA would make " + cells
                    + " cells. Is the first line really the header?");
        String[][] table = new String[width][rows];
        for (int r = 0; r < rows; r++) {
            List<String> record = records.get(r + 1);
            if (record.size() > width)
                throw new IllegalArgumentException("Error tokenizing data: expected " + width + " fields in data row " + (r + 1)
                        + ", saw " + record.size());
            for (int c = 0; c < record.size(); c++) table[c][r] = NA.contains(record.get(c)) ? null : record.get(c);
        }
        List<Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) columns.add(infer(names.get(c), table[c]));
        return new CsvTable(columns, rows);
    }

    /** The column names, in order. */
    public List<String> columns() { return columns.stream().map(Column::name).toList(); }

    /** The number of rows. */
    public int rows() { return rows; }

    /** True when {@code column} holds numbers (pandas' non-object dtypes). */
    public boolean isNumeric(String column) { return columns.get(indexOf(column)).numeric(); }

    /** The value at a row and column as text, or null for NA. */
    public String get(int row, String column) {
        Column c = columns.get(indexOf(column));
        return c.asText()[Objects.checkIndex(row, rows)];
    }

    /** The table without these columns ({@code df.drop(columns=[...])}). */
    public CsvTable drop(String... names) {
        Set<String> gone = new HashSet<>();
        for (String n : names) gone.add(columns.get(indexOf(n)).name());
        return new CsvTable(columns.stream().filter(c -> !gone.contains(c.name())).toList(), rows);
    }

    /** Only these columns, in this order ({@code df[[...]]}). */
    public CsvTable select(String... names) {
        List<Column> kept = new ArrayList<>();
        for (String n : names) kept.add(columns.get(indexOf(n)));
        return new CsvTable(kept, rows);
    }

    /** Columns {@code from} (inclusive) to {@code to} (exclusive), negative counting from the end ({@code df.iloc[:, 1:-1]}). */
    public CsvTable columnRange(int from, int to) {
        int n = columns.size();
        int start = Math.clamp(from < 0 ? from + n : from, 0, n), stop = Math.clamp(to < 0 ? to + n : to, 0, n);
        return new CsvTable(columns.subList(start, Math.max(start, stop)), rows);
    }

    /** The rows of several tables with the same columns, one after the other ({@code pd.concat}). */
    public static CsvTable concat(CsvTable... tables) {
        if (tables.length == 0) throw new IllegalArgumentException("No objects to concatenate");
        List<String> names = tables[0].columns();
        int rows = 0;
        for (CsvTable t : tables) {
            if (!t.columns().equals(names))
                throw new IllegalArgumentException("concat: tables must have the same columns in the same order; got "
                        + names + " and " + t.columns());
            rows += t.rows;
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            int col = c;
            boolean numeric = Arrays.stream(tables).allMatch(t -> t.columns.get(col).numeric());
            boolean keepText = Arrays.stream(tables).allMatch(t -> t.columns.get(col).text() != null);
            double[] numbers = numeric ? new double[rows] : null;
            String[] text = !numeric || keepText ? new String[rows] : null;
            int at = 0;
            for (CsvTable t : tables) {
                Column part = t.columns.get(c);
                if (numbers != null) System.arraycopy(part.numbers(), 0, numbers, at, t.rows);
                if (text != null) System.arraycopy(part.asText(), 0, text, at, t.rows);
                at += t.rows;
            }
            columns.add(new Column(names.get(c), numbers, text));
        }
        return new CsvTable(columns, rows);
    }

    /**
     * Each numeric column becomes {@code (x - mean) / std}, with NA left out of the mean and the (unbiased, n − 1)
     * standard deviation and kept as NA, as pandas' {@code (x - x.mean()) / x.std()}. A constant column becomes all
     * NA (0 / 0), as in pandas.
     */
    public CsvTable standardize() {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            if (!c.numeric()) {
                out.add(c);
                continue;
            }
            double sum = 0;
            int count = 0;
            for (double v : c.numbers()) if (!Double.isNaN(v)) { sum += v; count++; }
            double mean = sum / count, squares = 0;
            for (double v : c.numbers()) if (!Double.isNaN(v)) squares += (v - mean) * (v - mean);
            double std = count > 1 ? Math.sqrt(squares / (count - 1)) : Double.NaN;
            double[] z = new double[c.length()];
            for (int i = 0; i < z.length; i++) z[i] = (c.numbers()[i] - mean) / std;
            out.add(new Column(c.name(), z, null));
        }
        return new CsvTable(out, rows);
    }

    /** NA in numeric columns becomes {@code value} ({@code df[numeric].fillna(value)}); text columns are unchanged. */
    public CsvTable fillNa(double value) {
        return mapNumeric(c -> value);
    }

    /** NA in each numeric column becomes that column's mean over its present values ({@code df.fillna(df.mean())}). */
    public CsvTable fillNaWithMean() {
        return mapNumeric(c -> {
            double sum = 0;
            int count = 0;
            for (double v : c.numbers()) if (!Double.isNaN(v)) { sum += v; count++; }
            return sum / count;
        });
    }

    private CsvTable mapNumeric(ToDoubleFunction<Column> fill) {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            if (!c.numeric()) {
                out.add(c);
                continue;
            }
            double value = fill.applyAsDouble(c);
            double[] filled = c.numbers().clone();
            for (int i = 0; i < filled.length; i++) if (Double.isNaN(filled[i])) filled[i] = value;
            out.add(new Column(c.name(), filled, null));
        }
        return new CsvTable(out, rows);
    }

    /**
     * One-hot encoding of the text columns ({@code pd.get_dummies(df, dummy_na=dummyNa)}): numeric columns first,
     * in their order, then for each text column in order one 0/1 column per distinct value, sorted, named
     * {@code column_value}, plus {@code column_nan} (1 where the value is NA) when {@code dummyNa}.
     */
    public CsvTable getDummies(boolean dummyNa) {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) if (c.numeric()) out.add(c);
        for (Column c : columns) {
            if (c.numeric()) continue;
            TreeSet<String> levels = new TreeSet<>(CsvTable::compareCodePoints);
            for (String v : c.text()) if (v != null) levels.add(v);
            Map<String, double[]> indicators = new LinkedHashMap<>();
            for (String level : levels) indicators.put(level, new double[rows]);
            double[] missing = new double[rows];
            for (int r = 0; r < rows; r++) {
                String v = c.text()[r];
                if (v == null) missing[r] = 1;
                else indicators.get(v)[r] = 1;
            }
            indicators.forEach((level, values) -> out.add(new Column(c.name() + "_" + level, values, null)));
            if (dummyNa) out.add(new Column(c.name() + "_nan", missing, null));
        }
        return new CsvTable(out, rows);
    }

    /** The table as a float32 matrix [rows, columns]; every column must be numeric (NA becomes NaN). */
    public Tensor toTensor() { return toTensor(DType.FLOAT32); }

    /** The table as a [rows, columns] matrix of {@code dtype} ({@code torch.tensor(df.values.astype(float), dtype=...)}). */
    public Tensor toTensor(DType dtype) {
        int width = columns.size();
        double[] values = new double[Math.multiplyExact(rows, width)];
        for (int c = 0; c < width; c++) {
            Column col = columns.get(c);
            if (!col.numeric())
                throw new IllegalArgumentException("column '" + col.name() + "' holds text; encode it first (getDummies) or drop it");
            for (int r = 0; r < rows; r++) values[r * width + c] = col.numbers()[r];
        }
        return Ember.fromArray(values, rows, width).to(dtype);
    }

    @Override
    public String toString() {
        return "CsvTable(" + rows + " rows × " + columns.size() + " columns: " + columns() + ")";
    }

    private int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
        throw new IllegalArgumentException("column '" + name + "' not found; the columns are " + columns());
    }

    private static Column infer(String name, String[] cells) {
        boolean numbers = true, bools = true;
        for (String v : cells) {
            if (v == null) {
                bools = false;
                continue;
            }
            if (numbers && !NUMBER.matcher(v.strip()).matches()) numbers = false;
            if (bools && !TRUE.contains(v) && !FALSE.contains(v)) bools = false;
            if (!numbers && !bools) return new Column(name, null, cells);
        }
        double[] values = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == null) values[i] = Double.NaN;
            else if (bools && !numbers) values[i] = TRUE.contains(cells[i]) ? 1 : 0;
            else values[i] = parseNumber(cells[i].strip());
        }
        return new Column(name, values, cells);
    }

    private static double parseNumber(String s) {
        String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity"))
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        return Double.parseDouble(s);
    }

    /** pandas names a blank header "Unnamed: i" and repeats as "x.1", "x.2". */
    private static List<String> uniqueNames(List<String> header) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).isEmpty() ? "Unnamed: " + i : header.get(i);
            String unique = name;
            while (seen.containsKey(unique)) {
                int k = seen.merge(name, 1, Integer::sum);
                unique = name + "." + k;
            }
            seen.putIfAbsent(unique, 0);
            names.add(unique);
        }
        return names;
    }

    /** Python's string order (by code point), which {@code sorted} and {@code get_dummies} use. */
    private static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Splits CSV text into records of fields (RFC 4180 quoting; blank lines skipped). */
    private static List<List<String>> records(String s) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1, quoteLine = 0;
        boolean quoted = false, fieldStarted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') line++;
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    fieldStarted = true;
                    quoteLine = line;
                }
                case ',' -> {
                    record.add(field.toString());
                    field.setLength(0);
                    fieldStarted = true;
                }
                case '\r', '\n' -> {
                    if (ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                    line++;
                    endRecord(records, record, field, fieldStarted);
                    record = new ArrayList<>();
                    fieldStarted = false;
                }
                default -> {
                    field.append(ch);
                    fieldStarted = true;
                }
            }
        }
        if (quoted) throw new IllegalArgumentException("EOF inside a quoted field starting on line " + quoteLine);
        endRecord(records, record, field, fieldStarted);
        return records;
    }

    private static void endRecord(List<List<String>> records, List<String> record, StringBuilder field, boolean fieldStarted) {
        if (!fieldStarted && record.isEmpty()) return; // a blank line
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
    }
}
