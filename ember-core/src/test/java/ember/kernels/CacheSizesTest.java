package ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSizesTest {
    @TempDir
    Path dir;

    private void index(int i, String level, String type, String size) throws IOException {
        Path index = Files.createDirectories(dir.resolve("index" + i));
        if (level != null) Files.writeString(index.resolve("level"), level + "\n");
        if (type != null) Files.writeString(index.resolve("type"), type + "\n");
        if (size != null) Files.writeString(index.resolve("size"), size + "\n");
    }

    @Test
    void readsLevelTwoAndThreeAsLinuxReportsThem() throws IOException {
        // the Xeon of 2026-11-29: L1d 48K, L1i 64K, L2 2048K, L3 491520K
        index(0, "1", "Data", "48K");
        index(1, "1", "Instruction", "64K");
        index(2, "2", "Unified", "2048K");
        index(3, "3", "Unified", "491520K");
        CacheSizes sizes = CacheSizes.read(dir);
        assertEquals(2L << 20, sizes.l2);
        assertEquals(480L << 20, sizes.l3);
    }

    @Test
    void anythingMissingOrMalformedFallsBackToTheDefaults() throws IOException {
        CacheSizes none = CacheSizes.read(dir.resolve("absent"));
        assertEquals(CacheSizes.DEFAULT_L2, none.l2);
        assertEquals(CacheSizes.DEFAULT_L3, none.l3);
        index(2, "2", "Unified", "lots");
        index(3, "3", "Unified", null);
        index(4, "2", "Instruction", "4096K"); // not a data cache
        index(5, "3", null, "64M"); // no type
        index(6, "2", "Unified", "9".repeat(1000)); // read only as far as 64 bytes: a number beyond reason
        CacheSizes broken = CacheSizes.read(dir);
        assertEquals(CacheSizes.DEFAULT_L2, broken.l2);
        assertEquals(CacheSizes.DEFAULT_L3, broken.l3);
        index(7, "3", "Unified", "32M"); // one good level, the other still defaulted
        CacheSizes half = CacheSizes.read(dir);
        assertEquals(CacheSizes.DEFAULT_L2, half.l2);
        assertEquals(32L << 20, half.l3);
    }

    @Test
    void thisMachineIsReadFromSysfsWhereLinuxHasIt() throws IOException {
        // sysfs files claim a size of 4 KiB whatever they hold: they must be read, not judged by their size
        Path index2 = Path.of("/sys/devices/system/cpu/cpu0/cache/index2");
        assumeTrue(Files.isReadable(index2.resolve("size")), "no sysfs cache sizes here");
        assumeTrue(Files.readString(index2.resolve("level")).trim().equals("2"), "index2 is not the L2 here");
        assertEquals(CacheSizes.parseSize(Files.readString(index2.resolve("size")).trim()), CacheSizes.MACHINE.l2);
    }

    @Test
    void sizesParseWithTheirUnits() {
        assertEquals(48L << 10, CacheSizes.parseSize("48K"));
        assertEquals(32L << 20, CacheSizes.parseSize("32M"));
        assertEquals(1L << 30, CacheSizes.parseSize("1g"));
        assertEquals(65536, CacheSizes.parseSize("65536"));
        for (String bad : new String[]{null, "", "K", "-1K", "1.5M", "12 K", "99999999999999K", "0"})
            assertEquals(-1, CacheSizes.parseSize(bad), bad);
    }

    @Test
    void float32ColumnStripsFollowTheL2() {
        // half of the L2: the Zen 5's 512 KiB, the Xeon's 1 MiB (Gemm.COLUMN_STRIP)
        assertEquals((512 << 10) / Float.BYTES, Gemm.float32ColumnStrip(1L << 20));
        assertEquals((1 << 20) / Float.BYTES, Gemm.float32ColumnStrip(2L << 20));
        assertEquals((4 << 20) / Float.BYTES, Gemm.float32ColumnStrip(1L << 40)); // a reported size beyond reason
        assertEquals((64 << 10) / Float.BYTES, Gemm.float32ColumnStrip(1));
        assertEquals(Gemm.float32ColumnStrip(CacheSizes.MACHINE.l2), Gemm.COLUMN_STRIP);
    }

    @Test
    void float64ColumnStripsFollowTheL2() {
        // Note [Blocking by the caches this machine reports]: a quarter of the Zen 5's 1 MiB, half of the Xeon's 2 MiB
        assertEquals((256 << 10) / Double.BYTES, Gemm.float64ColumnStrip(1L << 20));
        assertEquals((1 << 20) / Double.BYTES, Gemm.float64ColumnStrip(2L << 20));
        assertEquals((4 << 20) / Double.BYTES, Gemm.float64ColumnStrip(1L << 40)); // a reported size beyond reason
        assertEquals((64 << 10) / Double.BYTES, Gemm.float64ColumnStrip(1));
        assertTrue(Gemm.DCOLUMN_STRIP >= (64 << 10) / Double.BYTES && Gemm.DCOLUMN_STRIP <= (4 << 20) / Double.BYTES);
    }
}
