package ember.cli;

import ember.d2l.D2l;
import ember.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * The book's pictures as files: d2l's Animator curves (loss, train acc, test acc per epoch) drawn with XChart, and
 * d2l's {@code predict_ch3} row of images titled with their true and predicted labels.
 */
final class Charts {
    static final int CURVES_WIDTH = 640, CURVES_HEIGHT = 480;
    /** Each 28×28 image is drawn 4× larger, under two lines of title. */
    static final int IMAGE_SCALE = 4, IMAGE_SIDE = 28, TITLE_HEIGHT = 36, GAP = 8;

    enum Format { PNG, SVG }

    private Charts() {}

    static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return Format.PNG;
        if (name.endsWith(".svg")) return Format.SVG;
        throw new IllegalArgumentException("--plot: cannot draw '" + file + "': name a .png or .svg file");
    }

    /** d2l's Animator after the last epoch: x = epoch, one line per metric that was measured. */
    static void saveTrainingCurves(List<D2l.EpochMetrics> history, String title, Path file) {
        XYChart chart = new XYChartBuilder().width(CURVES_WIDTH).height(CURVES_HEIGHT).title(title)
                .xAxisTitle("epoch").build();
        chart.getStyler().setXAxisDecimalPattern("0").setLegendPosition(Styler.LegendPosition.InsideNE)
                .setMarkerSize(6).setChartBackgroundColor(Color.WHITE);
        addSeries(chart, history, "train loss", D2l.EpochMetrics::trainLoss);
        addSeries(chart, history, "train acc", D2l.EpochMetrics::trainAcc);
        addSeries(chart, history, "test acc", D2l.EpochMetrics::testAcc);
        write(file, out -> {
            if (formatOf(file) == Format.PNG) BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            else VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        });
    }

    private static void addSeries(XYChart chart, List<D2l.EpochMetrics> history, String name,
                                  ToDoubleFunction<D2l.EpochMetrics> metric) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (D2l.EpochMetrics m : history) {
            double v = metric.applyAsDouble(m);
            if (Double.isNaN(v)) continue;
            xs.add((double) m.epoch());
            ys.add(v);
        }
        if (!xs.isEmpty()) chart.addSeries(name, xs, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    /** {@code file} with {@code suffix} before a .png extension: curves.svg → curves-predictions.png. */
    static Path siblingPng(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + suffix + ".png");
    }

    /** The picture's size for {@code n} images: one row, each image with its two-line title above. */
    static int[] predictionsSize(int n) {
        int cell = IMAGE_SIDE * IMAGE_SCALE;
        return new int[]{n * cell + (n + 1) * GAP, TITLE_HEIGHT + cell + 2 * GAP};
    }

    /** d2l's show_images(X, 1, n, titles=[true + '\n' + pred]), as a PNG. */
    static void savePredictions(TrainingView.Predictions p, Path file) {
        int n = p.images().size(), cell = IMAGE_SIDE * IMAGE_SCALE;
        int[] size = predictionsSize(n);
        BufferedImage picture = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size[0], size[1]);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < n; i++) {
                int left = GAP + i * (cell + GAP), top = GAP + TITLE_HEIGHT;
                String truth = p.trueLabels().get(i), predicted = p.predictedLabels().get(i);
                g.setColor(Color.BLACK);
                g.drawString(truth, left + (cell - fm.stringWidth(truth)) / 2, GAP + fm.getAscent());
                // a wrong prediction in red, as a reader looks for those first
                g.setColor(truth.equals(predicted) ? new Color(0, 110, 0) : new Color(200, 0, 0));
                g.drawString(predicted, left + (cell - fm.stringWidth(predicted)) / 2, GAP + fm.getAscent() + fm.getHeight());
                float[] pixels = p.images().get(i);
                for (int r = 0; r < IMAGE_SIDE; r++) {
                    for (int c = 0; c < IMAGE_SIDE; c++) {
                        // the book shows the images in grey with white as 1 (matplotlib's gray colormap)
                        int v = Math.round(255 * Math.clamp(pixels[r * IMAGE_SIDE + c], 0f, 1f));
                        g.setColor(new Color(v, v, v));
                        g.fillRect(left + c * IMAGE_SCALE, top + r * IMAGE_SCALE, IMAGE_SCALE, IMAGE_SCALE);
                    }
                }
                g.setColor(Color.LIGHT_GRAY);
                g.setStroke(new BasicStroke(1));
                g.drawRect(left - 1, top - 1, cell + 1, cell + 1);
            }
        } finally {
            g.dispose();
        }
        write(file, out -> ImageIO.write(picture, "png", out));
    }

    private static void write(Path file, AtomicFiles.Content content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
