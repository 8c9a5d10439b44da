package ember.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, out -> out.write(new byte[]{1, 2, 3}));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.write(target, out -> out.write(new byte[]{4}));
        assertArrayEquals(new byte[]{4}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void failureLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.bin");
        Files.write(target, new byte[]{9, 9});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(new byte[]{9, 9}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void relativePathsWork() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.bin"));
        AtomicFiles.write(relative, out -> out.write(7));
        assertArrayEquals(new byte[]{7}, Files.readAllBytes(dir.resolve("rel.bin")));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
