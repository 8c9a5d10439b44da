package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The main sources name no vector species but the preferred one (Note [One vector shape per JVM] in {@link Gemm}): a
 * 256-bit species beside the 512-bit kernels once made C2 compile the matrix products' micro-kernel at two thirds of
 * its speed, depending on what had run first, which no unit test of the products' numbers would notice.
 */
class OneVectorShapeTest {
    /** Fixed-size species and shapes: {@code FloatVector.SPECIES_256}, {@code SPECIES_MAX}, {@code VectorShape.S_128_BIT}. */
    private static final Pattern FIXED_SHAPE = Pattern.compile("SPECIES_(?:64|128|256|512|MAX)\\b|VectorShape\\.S_");

    private static Path mainSources() {
        Path here = Path.of("").toAbsolutePath();
        Path module = Files.isDirectory(here.resolve("src/main/java")) ? here : here.resolve("ember-core");
        return module.resolve("src/main/java");
    }

    static List<String> fixedShapes(String source, String file) {
        List<String> found = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = FIXED_SHAPE.matcher(lines[i]);
            if (m.find()) found.add(file + ":" + (i + 1) + ": " + lines[i].strip());
        }
        return found;
    }

    @Test
    void mainSourcesUseOnlyThePreferredShape() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(mainSources())) {
            for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                try {
                    found.addAll(fixedShapes(Files.readString(p), mainSources().relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertFalse(files < 50, "read only " + files + " source files under " + mainSources());
        assertEquals(List.of(), found, "vector species other than SPECIES_PREFERRED (Note [One vector shape per JVM] in"
                + " Gemm): use the preferred species and arrange the lanes in it");
    }

    @Test
    void theScanFindsAFixedShape() {
        assertEquals(1, fixedShapes("a\n  FloatVector.fromArray(FloatVector.SPECIES_256, d, 0);\n", "X.java").size());
        assertEquals(1, fixedShapes("VectorShape.S_128_BIT", "X.java").size());
        assertEquals(0, fixedShapes("FloatVector.SPECIES_PREFERRED; // SPECIES_2560 is no species", "X.java").size());
    }
}
