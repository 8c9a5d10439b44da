package ember.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;

/*
 * Note [Blocking by the caches this machine reports]
 * Two of Gemm's blocking choices depend on the caches more than on the instruction set, and the machines this project
 * has run on disagree about them. On a 2-core Zen 5 VM (1 MiB L2 per core; a Zen 5 core complex shares 32 MiB of L3) the
 * packed A of a float32 2048^2 product (16 MiB) came from memory on every strip, and a few wide strips won (Note [Wide
 * strips when A outgrows the cache]); on a 2-core Xeon VM with 2 MiB L2 per core and 480 MiB of L3 the same wide strips
 * lost by a third (kernel alone, two threads, settings alternating in one JVM: float32 2048^3 217-233 GFLOP/s wide
 * against 298-321 narrow, float64 110-113 against 132-135), because A stays in that L3. Float64's column strips
 * measured best at 256 KiB on the Zen 5 and at 1-1.5 MiB on the Xeon (1024^3: 118-126 GFLOP/s with 256 KiB, 135 with
 * 512 KiB, 143 with 1 MiB, 146 with 1.5 MiB). So Gemm derives them from the sizes Linux reports for cpu0 in
 * /sys/devices/system/cpu/cpu0/cache: packed A counts as cached up to a quarter of L3 (the 8 MiB tuned on the Zen 5,
 * whose core complex shares 32 MiB; 120 MiB on the Xeon), and float64's column strips take half of an L2 of 2 MiB or
 * more, a quarter of a smaller one. Elsewhere, or when those files cannot be read, the Zen 5's sizes stand in, which
 * give the choices tuned there. A third choice followed later: how large a B each thread of a one-strip product packs
 * for itself rather than sharing one packing (a quarter of L2, Gemm.ownBBytes; Note [Each thread packs the B it reads]),
 * measured on the Xeon only; and a fourth: float32's column strips, 512 KiB on both machines until the kernels ran two
 * steps of k per iteration, after which the Xeon measured 1 MiB faster (Gemm.COLUMN_STRIP), take half of L2 (the Zen
 * 5's 512 KiB, measured best there).
 */

/** The data caches of this machine's first core, as Linux reports them (Note [Blocking by the caches this machine reports]). */
final class CacheSizes {
    private static final Logger LOG = Logger.getLogger("ember");
    /** Sizes assumed where the system does not say (a 2-core Zen 5: 1 MiB L2 per core, 32 MiB L3). */
    static final long DEFAULT_L2 = 1L << 20, DEFAULT_L3 = 32L << 20;
    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");
    /** The level-2 and level-3 caches of the machine this JVM runs on. */
    static final CacheSizes MACHINE = read(SYSFS);

    /** Bytes of the unified (or data) cache of level 2, and of level 3. */
    final long l2, l3;

    CacheSizes(long l2, long l3) {
        this.l2 = l2;
        this.l3 = l3;
    }

    /**
     * The sizes under a directory laid out as Linux's {@code cpuN/cache} ({@code indexI/level}, {@code type},
     * {@code size}); a level that is missing or unreadable gets its default, and so does everything when the directory
     * cannot be listed. One log line says which.
     */
    static CacheSizes read(Path cacheDir) {
        long l2 = -1, l3 = -1;
        String why = null;
        if (Files.isDirectory(cacheDir)) {
            try (DirectoryStream<Path> indexes = Files.newDirectoryStream(cacheDir, "index[0-9]*")) {
                for (Path index : indexes) {
                    String type = firstLine(index.resolve("type"));
                    if (type == null || type.equals("Instruction")) continue;
                    String level = firstLine(index.resolve("level"));
                    long size = parseSize(firstLine(index.resolve("size")));
                    if (size <= 0) continue;
                    if ("2".equals(level)) l2 = Math.max(l2, size);
                    else if ("3".equals(level)) l3 = Math.max(l3, size);
                }
            } catch (IOException | RuntimeException e) {
                why = e.toString();
            }
        } else {
            why = cacheDir + " is not there";
        }
        CacheSizes sizes = new CacheSizes(l2 > 0 ? l2 : DEFAULT_L2, l3 > 0 ? l3 : DEFAULT_L3);
        String source = why != null ? "defaults (" + why + ")"
                : l2 > 0 && l3 > 0 ? "from " + cacheDir : "from " + cacheDir + " where given, defaults elsewhere";
        LOG.fine(() -> String.format(Locale.ROOT, "Ember GEMM blocking: L2 %d KiB, L3 %d KiB, %s", sizes.l2 >> 10,
                sizes.l3 >> 10, source));
        return sizes;
    }

    /** The file's first line, read no further than 64 bytes (sysfs files claim 4 KiB whatever they hold); else null. */
    private static String firstLine(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (InputStream in = Files.newInputStream(file)) {
            String s = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
            int newline = s.indexOf('\n');
            return (newline < 0 ? s : s.substring(0, newline)).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** "2048K", "32M", "1G" or a plain number of bytes; -1 for anything else (or beyond 1 TiB). */
    static long parseSize(String s) {
        if (s == null || s.isEmpty()) return -1;
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        int shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        long bytes = Long.parseLong(digits) << shift;
        return bytes > 0 && bytes <= 1L << 40 ? bytes : -1;
    }
}
