package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test's check run in a fresh JVM, for what only a JVM of its own shows (code not compiled yet, another vector width). */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * Runs main's {@code main} in a fresh JVM with this JVM's module flags, its vector-width flags when
     * {@code sameWidth}, the given flags and this classpath; fails with the child's output unless it exits 0 within
     * 120 s.
     */
    static void run(Class<?> main, boolean sameWidth, String... flags) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (arg.startsWith("--add-modules") || arg.startsWith("--add-exports")
                    || sameWidth && (arg.startsWith("-XX:UseAVX") || arg.startsWith("-XX:MaxVectorSize")))
                command.add(arg);
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Path log = Files.createTempFile("child-jvm", ".txt");
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("the checking JVM did not finish in 120 s: " + Files.readString(log));
            }
            assertEquals(0, child.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
