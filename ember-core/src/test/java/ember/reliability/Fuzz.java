package ember.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small fuzzing harness for file parsers: each case writes generated files into a directory and runs the parser on
 * a worker thread, with a time limit and a count of the bytes the parse allocated. A parse may succeed (a mutation can
 * leave a file valid) or refuse the input with a clear exception: an {@link IOException}, an
 * {@link IllegalArgumentException}, or an {@link UncheckedIOException} carrying an IOException (the unchecked APIs),
 * each with a message. Anything else is a finding: another exception type, an {@link Error} such as
 * OutOfMemoryError, a parse that outlives the time limit, or one that allocates far more than its input's size
 * (a declared size trusted before the data is seen). Case {@code i} is drawn from {@code new Random(seed + i)}, so a
 * finding reproduces from its number.
 */
final class Fuzz {
    /** Far beyond any healthy case here (each takes well under a millisecond), short enough to name a hang. */
    static final long TIME_LIMIT_SECONDS = 10;
    /**
     * What a parse may allocate: a fixed 64 MB (room for the parsers' own bounded buffers and tables) plus 200 bytes per
     * input byte (a float32 tensor from bytes is 4x, a CSV cell's String and boxing some tens). A parse that trusts a
     * declared size before reading the data exceeds this by orders of magnitude.
     */
    static final long ALLOWANCE_BYTES = 64_000_000, ALLOWANCE_PER_INPUT_BYTE = 200;

    private Fuzz() {}

    /** One generated input: its files by name, and what was done to them. */
    record Case(String description, Map<String, byte[]> files, long payloadBytes) {
        static Case of(String description, String file, byte[] bytes) {
            return new Case(description, Map.of(file, bytes), bytes.length);
        }
    }

    @FunctionalInterface
    interface Generator {
        Case next(Random rng);
    }

    @FunctionalInterface
    interface Parser {
        void parse(Path dir) throws Exception;
    }

    /** What a run saw: outcomes by kind, findings (with their case numbers), and the slowest and hungriest cases. */
    static final class Report {
        final String parser;
        final Map<String, Integer> outcomes = new TreeMap<>();
        final List<String> findings = new ArrayList<>();
        int cases;
        long slowestNanos, mostAllocated;

        Report(String parser) { this.parser = parser; }

        @Override
        public String toString() {
            return String.format("%s: %d cases, outcomes %s, slowest %.1f ms, most allocated %.1f MB, %d findings",
                    parser, cases, outcomes, slowestNanos / 1e6, mostAllocated / 1e6, findings.size());
        }
    }

    private record Outcome(String kind, String finding, long nanos, long allocated) {}

    static Report run(String parser, Path dir, int cases, long seed, Generator generator, Parser parse) throws IOException {
        Report report = new Report(parser);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + parser);
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < cases; i++) {
                Case c = generator.next(new Random(seed + i));
                try (var old = Files.list(dir)) {
                    for (Path p : old.toList()) Files.delete(p);
                }
                long inputBytes = c.payloadBytes;
                for (var f : c.files.entrySet()) {
                    Files.write(dir.resolve(f.getKey()), f.getValue());
                    inputBytes = Math.max(inputBytes, f.getValue().length);
                }
                long allowance = ALLOWANCE_BYTES + ALLOWANCE_PER_INPUT_BYTE * inputBytes;
                Future<Outcome> future = worker.submit(() -> {
                    long bytesBefore = threads.getCurrentThreadAllocatedBytes(), start = System.nanoTime();
                    String kind, finding = null;
                    try {
                        parse.parse(dir);
                        kind = "parsed";
                    } catch (Throwable t) {
                        kind = t.getClass().getSimpleName()
                                + (t instanceof UncheckedIOException && t.getCause() != null ? "(" + t.getCause().getClass().getSimpleName() + ")" : "");
                        if (!clear(t)) finding = describe(t);
                    }
                    return new Outcome(kind, finding, System.nanoTime() - start, threads.getCurrentThreadAllocatedBytes() - bytesBefore);
                });
                Outcome o;
                try {
                    o = future.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    report.findings.add("case " + i + " (" + c.description + "): no result after " + TIME_LIMIT_SECONDS + " s");
                    report.cases = i + 1;
                    return report; // the worker is stuck; later cases could not be timed fairly
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
                report.cases = i + 1;
                report.outcomes.merge(o.kind, 1, Integer::sum);
                report.slowestNanos = Math.max(report.slowestNanos, o.nanos);
                report.mostAllocated = Math.max(report.mostAllocated, o.allocated);
                if (o.finding != null) report.findings.add("case " + i + " (" + c.description + "): " + o.finding);
                else if (o.allocated > allowance)
                    report.findings.add("case " + i + " (" + c.description + "): allocated " + o.allocated + " bytes for "
                            + inputBytes + " bytes of input");
            }
            return report;
        } finally {
            worker.shutdownNow();
        }
    }

    /** IOException, IllegalArgumentException, or UncheckedIOException over an IOException; with a message. */
    static boolean clear(Throwable t) {
        boolean expectedType = t instanceof IOException || t instanceof IllegalArgumentException
                || (t instanceof UncheckedIOException && t.getCause() instanceof IOException);
        return expectedType && t.getMessage() != null && !t.getMessage().isBlank();
    }

    private static String describe(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t + (trace.length > 0 ? " at " + trace[0] : "") + (trace.length > 1 ? " < " + trace[1] : "");
    }

    // ---- mutations shared by every format ----

    /** Bytes that tend to matter to parsers: zero, sign bits, all ones, ASCII structure and digits. */
    private static final byte[] INTERESTING = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, '"', '\'', '\\',
            '{', '}', '[', ']', '(', ')', ',', ':', '\n', '\r', ' ', '-', '.', '0', '9', 'e', 'E', (byte) 0xC0, (byte) 0xED};

    /** One of the generic byte-level mutations applied to {@code b}; {@code other} is another valid file to splice in. */
    static byte[] mutateBytes(Random rng, byte[] b, byte[] other, StringBuilder what) {
        int n = b.length;
        switch (rng.nextInt(10)) {
            case 0 -> {
                int at = n == 0 ? 0 : rng.nextInt(n);
                what.append("truncated to ").append(at);
                return Arrays.copyOf(b, at);
            }
            case 1 -> {
                byte[] r = b.clone();
                int flips = 1 + rng.nextInt(8);
                what.append(flips).append(" random bytes");
                for (int k = 0; k < flips && n > 0; k++) r[rng.nextInt(n)] = (byte) rng.nextInt(256);
                return r;
            }
            case 2 -> {
                byte[] r = b.clone();
                what.append("bit flips");
                for (int k = 0, flips = 1 + rng.nextInt(4); k < flips && n > 0; k++) r[rng.nextInt(n)] ^= (byte) (1 << rng.nextInt(8));
                return r;
            }
            case 3 -> {
                byte[] r = b.clone();
                what.append("interesting bytes");
                for (int k = 0, count = 1 + rng.nextInt(4); k < count && n > 0; k++)
                    r[rng.nextInt(n)] = INTERESTING[rng.nextInt(INTERESTING.length)];
                return r;
            }
            case 4 -> {
                int at = rng.nextInt(n + 1), len = 1 + rng.nextInt(16);
                what.append("inserted ").append(len).append(" bytes at ").append(at);
                byte[] r = new byte[n + len];
                System.arraycopy(b, 0, r, 0, at);
                for (int k = 0; k < len; k++) r[at + k] = rng.nextBoolean() ? (byte) rng.nextInt(256) : INTERESTING[rng.nextInt(INTERESTING.length)];
                System.arraycopy(b, at, r, at + len, n - at);
                return r;
            }
            case 5 -> {
                if (n == 0) return b;
                int at = rng.nextInt(n), len = 1 + rng.nextInt(Math.min(32, n - at));
                what.append("deleted ").append(len).append(" bytes at ").append(at);
                byte[] r = new byte[n - len];
                System.arraycopy(b, 0, r, 0, at);
                System.arraycopy(b, at + len, r, at, n - at - len);
                return r;
            }
            case 6 -> {
                what.append("garbage appended");
                byte[] r = Arrays.copyOf(b, n + 1 + rng.nextInt(64));
                for (int k = n; k < r.length; k++) r[k] = (byte) rng.nextInt(256);
                return r;
            }
            case 7 -> {
                if (n == 0) return b;
                int at = rng.nextInt(n), len = 1 + rng.nextInt(Math.min(64, n - at)), to = rng.nextInt(n + 1);
                what.append("a chunk repeated");
                byte[] r = new byte[n + len];
                System.arraycopy(b, 0, r, 0, to);
                System.arraycopy(b, at, r, to, len);
                System.arraycopy(b, to, r, to + len, n - to);
                return r;
            }
            case 8 -> {
                int cut = rng.nextInt(n + 1), from = rng.nextInt(other.length + 1);
                what.append("spliced with another file");
                byte[] r = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, r, cut, other.length - from);
                return r;
            }
            default -> {
                what.append(rng.nextBoolean() ? "empty" : "one byte");
                return rng.nextBoolean() ? new byte[0] : new byte[]{(byte) rng.nextInt(256)};
            }
        }
    }

    /** Byte sequences that are not UTF-8: a lone continuation, an overlong form, a surrogate, a truncated sequence. */
    static final byte[][] BAD_UTF8 = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

    static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] r = new byte[b.length + what.length];
        System.arraycopy(b, 0, r, 0, at);
        System.arraycopy(what, 0, r, at, what.length);
        System.arraycopy(b, at, r, at + what.length, b.length - at);
        return r;
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static <T> T pick(Random rng, List<T> items) { return items.get(rng.nextInt(items.size())); }

    @SafeVarargs
    static <T> T pick(Random rng, T... items) { return items[rng.nextInt(items.length)]; }
}
