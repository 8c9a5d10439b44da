package ember.book.ch5;

import static ember.Ember.*;
import static ember.book.Repr.tuple;

import ember.Tensor;
import ember.book.Program;
import ember.book.Repr;
import ember.book.Settings;
import ember.io.Npy;
import ember.io.Safetensors;
import ember.nn.F;
import ember.nn.Linear;
import ember.nn.Module;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * d2l 5.5, file I/O: a tensor saved and loaded as {@code .npy}; a list and a dict of tensors as safetensors (the
 * list under the keys "0", "1"); an MLP's state dict saved, loaded into a freshly initialised clone, and the clone
 * giving the same outputs. Where the book pickles with {@code torch.save}, Ember writes formats that hold only data.
 * Files go to a temporary directory, removed afterwards (or to the data directory when one is set, and kept).
 */
public final class ReadWrite implements Program {
    @Override public String name() { return "ch5/read-write"; }

    @Override public String description() { return "File I/O: save and load tensors and a model's parameters"; }

    /** The section's MLP (hidden and output layers). */
    static final class MLP extends Module {
        private final Linear hidden = registerModule("hidden", new Linear(20, 256));
        private final Linear output = registerModule("output", new Linear(256, 10));

        @Override
        public Tensor forward(Tensor x) { return output.forward(F.relu(hidden.forward(x))); }
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        try {
            Path dir = s.dataDir() != null ? Files.createDirectories(s.dataDir()) : Files.createTempDirectory("ember-read-write");
            Path[] files = {dir.resolve("x-file"), dir.resolve("x-files"), dir.resolve("mydict"), dir.resolve("mlp.params")};
            try {
                return saveAndLoad(files, out);
            } finally {
                if (s.dataDir() == null) {
                    for (Path f : files) Files.deleteIfExists(f);
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Double> saveAndLoad(Path[] files, PrintStream out) throws IOException {
        Map<String, Double> result = new LinkedHashMap<>();
        Tensor x = arange(4);
        Npy.save(x, files[0]);
        Tensor x2 = Npy.load(files[0]);
        out.println(x2);
        result.put("tensorRoundTrip", x2.equal(x) ? 1.0 : 0.0);

        Tensor y = zeros(4);
        Safetensors.save(Map.of("0", x, "1", y), files[1]);
        Map<String, Tensor> list = Safetensors.load(files[1]);
        x2 = list.get("0");
        Tensor y2 = list.get("1");
        out.println(tuple(x2, y2));
        result.put("listRoundTrip", x2.equal(x) && y2.equal(y) ? 1.0 : 0.0);

        Map<String, Tensor> mydict = Map.of("x", x, "y", y);
        Safetensors.save(mydict, files[2]);
        Map<String, Tensor> mydict2 = new TreeMap<>(Safetensors.load(files[2]));
        out.println(Repr.repr(mydict2));
        result.put("dictRoundTrip", mydict2.get("x").equal(x) && mydict2.get("y").equal(y) ? 1.0 : 0.0);

        MLP net = new MLP();
        Tensor X = randn(2, 20);
        Tensor Y = net.forward(X);
        Safetensors.save(net.stateDict(), files[3]);
        MLP clone = new MLP();
        result.put("cloneDifferedBefore", clone.forward(X).equal(Y) ? 0.0 : 1.0);
        clone.loadStateDict(Safetensors.load(files[3]));
        out.println(clone.eval());
        Tensor yClone = clone.forward(X);
        Tensor same = yClone.eq(Y);
        out.println(same);
        result.put("cloneEqual", same.all().item());
        return result;
    }
}
