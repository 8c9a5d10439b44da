package ember.book.ch4;

import ember.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The data of a figure the book draws, as CSV, until the command brings a plotting library: written next to the
 * requested picture, with the same name and a {@code .csv} extension ({@code mlp.png} → {@code mlp.csv}).
 */
final class CurveCsv {
    private CurveCsv() {}

    /** Where the CSV for a requested picture goes. */
    static Path nextTo(Path plot) {
        String name = plot.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return plot.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".csv");
    }

    /** Writes one header line and one line per row, NaN as an empty field; returns the file written. */
    static Path write(Path plot, List<String> header, List<double[]> rows) {
        Path file = nextTo(plot);
        StringBuilder text = new StringBuilder(String.join(",", header)).append('\n');
        for (double[] row : rows) {
            if (row.length != header.size())
                throw new IllegalArgumentException("a curve row has " + row.length + " values for " + header.size() + " columns " + header);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) text.append(',');
                if (!Double.isNaN(row[i])) text.append(format(row[i]));
            }
            text.append('\n');
        }
        try {
            AtomicFiles.write(file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the curves to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Whole numbers (epochs) as integers, the rest as the shortest text that reads back as the same float32. */
    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Float.toString((float) v);
    }
}
