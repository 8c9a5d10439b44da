package ember.reliability;

import ember.Ember;
import ember.Tensor;
import ember.io.Safetensors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process that {@link SafeSaveTest} kills: writes checkpoint 0, 1, 2, ... to one file, each when a line arrives
 * on standard input (so the test always knows which saves completed), printing {@code writing k} before and
 * {@code saved k} after each. Checkpoint k holds {@code step} = k and a large float32
 * tensor {@code weights} whose every element is k, so a torn or mixed file cannot pass for a complete one.
 *
 * <p>Arguments: the file, the number of float32 elements, and the mode: {@code atomic} saves with
 * {@link Safetensors#save}; {@code direct} overwrites the file in place with the same bytes (what a naive writer
 * does), the control that shows the kill lands mid-write.
 */
public final class CheckpointWriter {
    private CheckpointWriter() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int elements = Integer.parseInt(args[1]);
        boolean atomic = args[2].equals("atomic");
        Path staging = file.resolveSibling(file.getFileName() + ".staging");
        BufferedReader goAhead = new BufferedReader(new InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        for (long k = 0; goAhead.readLine() != null; k++) {
            Map<String, Tensor> checkpoint = new LinkedHashMap<>();
            checkpoint.put("step", Ember.scalarLong(k));
            checkpoint.put("weights", Ember.full(new int[]{elements}, k));
            if (atomic) {
                announce("writing", k);
                Safetensors.save(checkpoint, file);
            } else {
                Safetensors.save(checkpoint, staging);
                byte[] bytes = Files.readAllBytes(staging);
                announce("writing", k);
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    for (int at = 0; at < bytes.length; at += 1 << 16) out.write(bytes, at, Math.min(1 << 16, bytes.length - at));
                }
            }
            announce("saved", k);
        }
    }

    private static void announce(String what, long k) {
        System.out.println(what + " " + k);
        System.out.flush();
    }
}
