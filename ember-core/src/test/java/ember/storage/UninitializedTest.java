package ember.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import org.junit.jupiter.api.Test;

/** Note [Outputs allocated without zeroing]: storages for overwrite, and the poison the tests rely on. */
class UninitializedTest {
    @Test
    void theBuildsTestsAllocateWithoutZeroingAndPoison() {
        // the build passes --add-exports java.base/jdk.internal.misc=ALL-UNNAMED and -Dember.poisonUninitialized=true
        // to every test JVM: without them, the ops' outputs would be zero-filled and an unwritten element could pass
        assertTrue(Uninitialized.available(), "jdk.internal.misc is not exported to Ember in this test JVM");
        assertTrue(Uninitialized.POISON, "-Dember.poisonUninitialized=true is not set in this test JVM");
        Storage f = Storage.allocateForOverwrite(DType.FLOAT32, 1000), d = Storage.allocateForOverwrite(DType.FLOAT64, 3);
        Storage l = Storage.allocateForOverwrite(DType.INT64, 5), i = Storage.allocateForOverwrite(DType.INT32, 7);
        for (int k = 0; k < 1000; k++) assertTrue(Float.isNaN(((FloatStorage) f).data[k]), "element " + k);
        for (double x : ((DoubleStorage) d).data) assertTrue(Double.isNaN(x));
        for (int k = 0; k < 5; k++) assertEquals(Long.MIN_VALUE, l.getLong(k));
        for (int k = 0; k < 7; k++) assertEquals(Integer.MIN_VALUE, i.getLong(k));
    }

    @Test
    void storagesForOverwriteHaveTheirTypeAndSize() {
        for (DType dtype : DType.values()) {
            Storage s = Storage.allocateForOverwrite(dtype, 11);
            assertEquals(dtype, s.dtype());
            assertEquals(11, s.size());
            assertEquals(0, Storage.allocateForOverwrite(dtype, 0).size());
        }
        // allocate stays zero-filled
        for (float x : ((FloatStorage) Storage.allocate(DType.FLOAT32, 100)).data) assertEquals(0f, x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Storage.allocateForOverwrite(DType.FLOAT32, -1));
        assertEquals("Storage size must be non-negative, got -1", e.getMessage());
        // too large for the heap: the OutOfMemoryError a new array would throw, not a wrapper around it
        assertThrows(OutOfMemoryError.class, () -> Storage.allocateForOverwrite(DType.FLOAT64, Integer.MAX_VALUE - 16));
    }
}
