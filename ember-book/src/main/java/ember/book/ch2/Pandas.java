package ember.book.ch2;

import static ember.book.Repr.tuple;

import ember.DType;
import ember.Tensor;
import ember.book.Program;
import ember.book.Settings;
import ember.data.CsvTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * d2l 2.2, data preprocessing: the book's house_tiny.csv written to a temporary directory (or the data directory when
 * one is set), read with {@link CsvTable}, missing numbers filled with the column mean, the text column one-hot encoded
 * with a column for NA, and the result turned into tensors. Tables print as pandas prints a DataFrame.
 */
public final class Pandas implements Program {
    @Override public String name() { return "ch2/pandas"; }

    @Override public String description() { return "Data preprocessing: read a CSV, fill missing values, one-hot encode, to tensors"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        try {
            Path dir = s.dataDir() != null ? Files.createDirectories(s.dataDir()) : Files.createTempDirectory("ember-pandas");
            Path dataFile = dir.resolve("house_tiny.csv");
            Files.writeString(dataFile, """
                    NumRooms,Alley,Price
                    NA,Pave,127500
                    2,NA,106000
                    4,NA,178100
                    NA,NA,140000
                    """);
            try {
                return process(dataFile, out);
            } finally {
                if (s.dataDir() == null) {
                    Files.delete(dataFile);
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Double> process(Path dataFile, PrintStream out) {
        CsvTable data = CsvTable.read(dataFile);
        // pandas reads a numeric column with NA, or with a fraction, as float64; the others are int64
        Set<String> floats = new HashSet<>();
        for (String c : data.columns())
            if (data.isNumeric(c))
                for (int r = 0; r < data.rows(); r++)
                    if (data.get(r, c) == null || Double.parseDouble(data.get(r, c)) % 1 != 0) floats.add(c);
        out.println(frame(data, floats));

        CsvTable inputs = data.columnRange(0, 2), outputs = data.columnRange(2, 3);
        inputs = inputs.fillNaWithMean();
        out.println(frame(inputs, floats));
        inputs = inputs.getDummies(true);
        out.println(frame(inputs, floats));

        Tensor X = inputs.toTensor(DType.FLOAT64), y = outputs.toTensor(DType.INT64).reshape(-1);
        out.println(tuple(X, y));
        return Map.of("filledNumRooms", X.get("0, 0").item(), "columns", (double) X.size(1),
                "priceSum", y.sum().item());
    }

    /**
     * A table as pandas' {@code DataFrame.to_string}: a left-aligned row index, then each column right-aligned, one
     * space apart; every value and every numeric column's name gets a leading space (pandas' room for a sign); NA is
     * NaN; a float column shows as many decimals as its values need (at least one, at most six).
     */
    static String frame(CsvTable t, Set<String> floatColumns) {
        List<List<String>> columns = new ArrayList<>();
        List<String> index = new ArrayList<>(List.of(""));
        for (int r = 0; r < t.rows(); r++) index.add(Integer.toString(r));
        columns.add(index);
        for (String c : t.columns()) {
            List<String> cells = new ArrayList<>();
            cells.add(t.isNumeric(c) ? " " + c : c);
            if (!t.isNumeric(c)) {
                for (int r = 0; r < t.rows(); r++) cells.add(" " + (t.get(r, c) == null ? "NaN" : t.get(r, c)));
            } else if (floatColumns.contains(c)) {
                cells.addAll(floats(t, c));
            } else {
                for (int r = 0; r < t.rows(); r++) cells.add(" " + (long) Double.parseDouble(t.get(r, c)));
            }
            columns.add(cells);
        }
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line <= t.rows(); line++) {
            if (line > 0) sb.append('\n');
            for (int c = 0; c < columns.size(); c++) {
                List<String> col = columns.get(c);
                int width = col.stream().map(String::length).max(Comparator.naturalOrder()).orElse(0);
                String cell = col.get(line);
                String pad = " ".repeat(width - cell.length());
                sb.append(c == 0 ? cell + pad : " " + pad + cell);
            }
        }
        return sb.toString();
    }

    /** A float column's cells: six decimals, then trailing zeros cut while every value has one, keeping one. */
    private static List<String> floats(CsvTable t, String c) {
        List<BigDecimal> values = new ArrayList<>();
        int decimals = 1;
        for (int r = 0; r < t.rows(); r++) {
            String v = t.get(r, c);
            BigDecimal d = v == null ? null : new BigDecimal(Double.parseDouble(v)).setScale(6, RoundingMode.HALF_EVEN);
            values.add(d);
            if (d != null) decimals = Math.max(decimals, d.stripTrailingZeros().scale());
        }
        List<String> cells = new ArrayList<>();
        for (BigDecimal d : values) cells.add(d == null ? "NaN" : " " + d.setScale(decimals, RoundingMode.UNNECESSARY).toPlainString());
        return cells;
    }
}
