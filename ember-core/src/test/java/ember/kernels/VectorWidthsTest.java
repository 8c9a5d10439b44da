package ember.kernels;

import ember.DType;
import ember.storage.ByteStorage;
import ember.storage.Layout;
import ember.storage.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API provider loads and computes at every vector width a JVM may pick, not only the one this JVM runs:
 * a species that only some widths can make (8-bit lanes as many as a 128-bit vector's 4 floats: 32 bits, no shape)
 * fails the provider's class initialisation, and the provider then falls back to the scalar kernels with one warning.
 * Each width runs in a fresh JVM with {@code -XX:MaxVectorSize}, this JVM's module flags and classpath.
 */
class VectorWidthsTest {
    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void theVectorProviderLoadsAndAgreesAtThisWidth(int maxVectorBytes) throws Exception {
        ChildJvm.run(Check.class, false, "-XX:MaxVectorSize=" + maxVectorBytes, "-Xmx256m");
    }

    /** Run in the fresh JVM: exits 1 unless the provider is the Vector API one and a few kernels agree with the scalar's. */
    public static final class Check {
        public static void main(String[] args) {
            Kernels vector = KernelProvider.get(), scalar = new ScalarKernels();
            if (!vector.name().startsWith("vector")) {
                System.out.println("expected the Vector API provider, got " + vector.name());
                System.exit(1);
            }
            int n = 1000;
            byte[] pixels = new byte[n];
            for (int i = 0; i < n; i++) pixels[i] = (byte) (i * 37 + 11);
            Storage expected = Storage.allocate(DType.FLOAT32, n), actual = Storage.allocate(DType.FLOAT32, n);
            scalar.pixelsToUnit(new ByteStorage(pixels), 0, expected, 0, n);
            vector.pixelsToUnit(new ByteStorage(pixels), 0, actual, 0, n);
            Storage a = Storage.allocate(DType.FLOAT32, n), sumScalar = Storage.allocate(DType.FLOAT32, n),
                    sumVector = Storage.allocate(DType.FLOAT32, n);
            for (int i = 0; i < n; i++) a.setDouble(i, i * 0.25 - 100);
            Layout line = Layout.contiguous(n);
            scalar.binary(BinaryOp.ADD, a, line, expected, line, sumScalar, line);
            vector.binary(BinaryOp.ADD, a, line, actual, line, sumVector, line);
            for (int i = 0; i < n; i++)
                if (Float.floatToRawIntBits((float) expected.getDouble(i)) != Float.floatToRawIntBits((float) actual.getDouble(i))
                        || sumScalar.getDouble(i) != sumVector.getDouble(i)) {
                    System.out.println("element " + i + ": scalar " + expected.getDouble(i) + ", " + sumScalar.getDouble(i)
                            + "; vector (" + vector.name() + ") " + actual.getDouble(i) + ", " + sumVector.getDouble(i));
                    System.exit(1);
                }
            System.out.println(vector.name() + ": agrees");
        }
    }
}
