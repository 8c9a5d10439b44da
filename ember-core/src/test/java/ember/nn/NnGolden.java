package ember.nn;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries PyTorch wrote in {@code golden/nn.txt} ({@code tools/golden/nn.py}): "KEY TYPE SHAPE : PAYLOAD", a tensor
 * (floats as exact hex) or a JSON string. Shared by the ember.nn and ember.optim tests.
 */
public final class NnGolden {
    private record Entry(String type, int[] shape, String payload) {}

    private static NnGolden instance;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private NnGolden() {
        try (var in = NnGolden.class.getResourceAsStream("/golden/nn.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                int colon = line.indexOf(" : ");
                String[] head = line.substring(0, colon).split(" ");
                int[] shape = head[2].equals("-") ? new int[0] : Arrays.stream(head[2].split(",")).mapToInt(Integer::parseInt).toArray();
                entries.put(head[0], new Entry(head[1], shape, line.substring(colon + 3)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized NnGolden get() {
        if (instance == null) instance = new NnGolden();
        return instance;
    }

    private Entry entry(String key) {
        Entry e = entries.get(key);
        if (e == null) throw new IllegalArgumentException("no golden entry " + key + " (regenerate with tools/golden/nn.py)");
        return e;
    }

    public boolean has(String key) { return entries.containsKey(key); }

    /** The keys starting with {@code prefix}, in file order. */
    public List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        for (String k : entries.keySet()) if (k.startsWith(prefix)) out.add(k);
        return out;
    }

    /** The entry as a tensor of its dtype and shape. */
    public Tensor tensor(String key) {
        return flat(key).reshape(entry(key).shape);
    }

    private Tensor flat(String key) {
        Entry e = entry(key);
        String[] parts = e.payload.isEmpty() ? new String[0] : e.payload.split(" ");
        return switch (e.type) {
            case "float32", "float64" -> {
                double[] v = Arrays.stream(parts).mapToDouble(Double::parseDouble).toArray();
                Tensor t = Ember.fromArray(v, v.length);
                yield e.type.equals("float32") ? t.to(DType.FLOAT32) : t;
            }
            case "int64" -> Ember.fromArray(Arrays.stream(parts).mapToLong(Long::parseLong).toArray(), parts.length);
            default -> throw new IllegalArgumentException(key + " is not a tensor entry but " + e.type);
        };
    }

    /** A JSON string entry, unescaped. */
    public String string(String key) {
        Entry e = entry(key);
        if (!e.type.equals("str")) throw new IllegalArgumentException(key + " is not a string entry");
        String s = e.payload;
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(n); // \" \\ \/
            }
        }
        return out.toString();
    }
}
