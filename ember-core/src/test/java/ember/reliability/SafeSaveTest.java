package ember.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ember.Tensor;
import ember.io.MalformedFileException;
import ember.io.Safetensors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is writing a checkpoint: a separate process ({@link CheckpointWriter}) saves a 32 MB checkpoint
 * over and over with {@link Safetensors#save}; after two complete saves the test sends SIGKILL
 * ({@link Process#destroyForcibly}) at a random moment inside the next write. The file must then hold a complete
 * checkpoint, the last one reported saved (or the one being written, if the kill came after its rename). A writer that
 * overwrites the file in place is killed the same way as a control: its file is torn, which the loader reports.
 */
class SafeSaveTest {
    static final int ELEMENTS = 8 << 20; // 32 MB of float32: a write takes long enough to be interrupted
    static final int ROUNDS = 4;

    @TempDir Path dir;

    record Kill(long lastSaved, boolean tempFileLeft) {}

    @Test
    void killedWriterLeavesThePreviousCheckpointIntact() throws Exception {
        Random rng = new Random(42);
        int interruptedWrites = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path file = dir.resolve("round" + round).resolve("model.safetensors");
            Files.createDirectories(file.getParent());
            Kill kill = runAndKill(file, "atomic", rng);
            Map<String, Tensor> loaded = Safetensors.load(file);
            long step = loaded.get("step").itemLong();
            assertTrue(step == kill.lastSaved || step == kill.lastSaved + 1,
                    "round " + round + ": the file holds checkpoint " + step + " but " + kill.lastSaved + " was the last saved");
            float[] weights = loaded.get("weights").toFloatArray();
            assertEquals(ELEMENTS, weights.length);
            for (int i = 0; i < weights.length; i += 4099)
                assertEquals(step, weights[i], "round " + round + ": element " + i + " of checkpoint " + step);
            assertEquals(step, weights[weights.length - 1]);
            if (kill.tempFileLeft) interruptedWrites++;
            System.out.println("[safe-save] round " + round + ": killed after checkpoint " + kill.lastSaved + ", file holds "
                    + step + (kill.tempFileLeft ? ", a partial temporary file was left beside it" : ""));
        }
        // the kill must really have landed inside a write at least once, or the test proved nothing
        assertTrue(interruptedWrites > 0, "no kill interrupted a write (no temporary file was left in any round)");
    }

    @Test
    void inPlaceWriterKilledMidWriteLeavesATornFileThatLoadingReports() throws Exception {
        Random rng = new Random(7);
        for (int attempt = 0; attempt < 5; attempt++) {
            Path file = dir.resolve("direct" + attempt).resolve("model.safetensors");
            Files.createDirectories(file.getParent());
            Kill kill = runAndKill(file, "direct", rng);
            try {
                long step = Safetensors.load(file).get("step").itemLong();
                System.out.println("[safe-save] control attempt " + attempt + ": the kill came after the write (checkpoint " + step + ")");
            } catch (IOException torn) {
                assertInstanceOf(MalformedFileException.class, torn);
                System.out.println("[safe-save] control: killed after checkpoint " + kill.lastSaved + ", the overwritten file is torn: "
                        + torn.getMessage());
                return;
            }
        }
        fail("the in-place writer was never killed mid-write in 5 attempts");
    }

    /** Starts the writer, lets it complete checkpoints 0 and 1, kills it at a random point of writing checkpoint 2. */
    private Kill runAndKill(Path file, String mode, Random rng) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (arg.startsWith("--add-modules") || arg.startsWith("--enable-native-access") || arg.startsWith("--add-exports"))
                command.add(arg);
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), CheckpointWriter.class.getName(),
                file.toString(), Integer.toString(ELEMENTS), mode));
        Process writer = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
             var goAhead = new java.io.PrintStream(writer.getOutputStream(), true, StandardCharsets.UTF_8)) {
            long quickestWrite = Long.MAX_VALUE;
            for (int k = 0; k < 2; k++) {
                goAhead.println();
                expect(out, "writing " + k, writer);
                long started = System.nanoTime();
                expect(out, "saved " + k, writer);
                quickestWrite = Math.min(quickestWrite, System.nanoTime() - started);
            }
            goAhead.println();
            expect(out, "writing 2", writer);
            // somewhere inside this write, judged by the quicker of the first two (the first runs before the JIT has warmed up)
            TimeUnit.NANOSECONDS.sleep((long) (rng.nextDouble() * 0.8 * quickestWrite));
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
            boolean tempLeft;
            try (var files = Files.list(file.getParent())) {
                tempLeft = files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
            }
            return new Kill(1, tempLeft);
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void expect(BufferedReader out, String line, Process writer) throws IOException {
        String got = out.readLine();
        if (!line.equals(got)) fail("the writer said " + got + " instead of " + line + (writer.isAlive() ? "" : " and exited " + writer.exitValue()));
    }

    @Test
    void aTruncatedCheckpointIsReportedNotHalfLoaded() throws IOException {
        Path file = dir.resolve("t.safetensors");
        Safetensors.save(Map.of("w", ember.Ember.ones(1000)), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        IOException e = assertThrows(MalformedFileException.class, () -> Safetensors.load(file));
        assertTrue(e.getMessage().contains("outside the data area"), e.getMessage());
        assertArrayEquals(new int[]{1000}, Safetensors.load(writeBack(file, bytes)).get("w").shape());
    }

    private static Path writeBack(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }
}
