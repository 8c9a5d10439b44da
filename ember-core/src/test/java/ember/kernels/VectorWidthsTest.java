package ember.kernels;

import ember.DType;
import ember.storage.ByteStorage;
import ember.storage.Layout;
import ember.storage.Storage;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API provider loads and computes at other vector widths than the one this JVM runs: a species that only
 * some widths can make (8-bit lanes as many as a 128-bit vector's 4 floats: 32 bits, no shape) fails the provider's
 * class initialisation, and the provider then falls back to the scalar kernels with one warning. Each width runs in a
 * fresh JVM with {@code -XX:MaxVectorSize}, this JVM's module flags and classpath, and checks that it got that width
 * and that the provider's first use of each kernel class (products, reductions, exp, pixels, random normals) agrees
 * with the scalar kernels.
 */
class VectorWidthsTest {
    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void theVectorProviderLoadsAndAgreesAtThisWidth(int maxVectorBytes) throws Exception {
        int bits = Math.min(8 * maxVectorBytes, FloatVector.SPECIES_PREFERRED.vectorBitSize());
        ChildJvm.run(Check.class, false, "-XX:MaxVectorSize=" + maxVectorBytes, "-Xmx256m", "-Dexpected.bits=" + bits);
    }

    /** Run in the fresh JVM: exits 1 unless the provider is the Vector API one of the expected width and agrees. */
    public static final class Check {
        public static void main(String[] args) {
            Kernels vector = KernelProvider.get(), scalar = new ScalarKernels();
            String expected = "vector(" + System.getProperty("expected.bits") + "-bit)";
            check(vector.name().equals(expected), "expected the provider " + expected + ", got " + vector.name());
            check(KernelProvider.normalBlocks().getClass().getSimpleName().equals("VectorNormalBlocks"),
                    "expected the Vector API normal blocks, got " + KernelProvider.normalBlocks().getClass().getName());
            int n = 1000;
            byte[] pixels = new byte[n];
            for (int i = 0; i < n; i++) pixels[i] = (byte) (i * 37 + 11);
            Storage fromScalar = Storage.allocate(DType.FLOAT32, n), fromVector = Storage.allocate(DType.FLOAT32, n);
            scalar.pixelsToUnit(new ByteStorage(pixels), 0, fromScalar, 0, n);
            vector.pixelsToUnit(new ByteStorage(pixels), 0, fromVector, 0, n);
            close(fromScalar, fromVector, 0, "pixelsToUnit");
            Layout line = Layout.contiguous(n);
            Storage expScalar = Storage.allocate(DType.FLOAT32, n), expVector = Storage.allocate(DType.FLOAT32, n);
            scalar.unary(UnaryOp.EXP, Double.NaN, Double.NaN, fromScalar, line, expScalar, line);
            vector.unary(UnaryOp.EXP, Double.NaN, Double.NaN, fromScalar, line, expVector, line);
            close(expScalar, expVector, 1e-6, "exp");
            Storage sumScalar = Storage.allocate(DType.FLOAT32, 1), sumVector = Storage.allocate(DType.FLOAT32, 1);
            scalar.reduce(ReduceOp.SUM, expScalar, line, 1, sumScalar, Layout.contiguous());
            vector.reduce(ReduceOp.SUM, expScalar, line, 1, sumVector, Layout.contiguous());
            close(sumScalar, sumVector, 1e-6, "sum");
            Layout square = Layout.contiguous(40, 25), other = Layout.contiguous(25, 40), product = Layout.contiguous(40, 40);
            Storage cScalar = Storage.allocate(DType.FLOAT32, 1600), cVector = Storage.allocate(DType.FLOAT32, 1600);
            scalar.gemm(expScalar, square, expScalar, other, cScalar, product, false);
            vector.gemm(expScalar, square, expScalar, other, cVector, product, false);
            close(cScalar, cVector, 1e-5, "gemm");
            float[] normalsScalar = new float[64], normalsVector = new float[64];
            for (int i = 0; i < 64; i++) normalsScalar[i] = normalsVector[i] = (i + 0.5f) / 64; // the uniforms in
            new NormalBlocks().float16(normalsScalar, 0, 4, 0f, 1f);
            KernelProvider.normalBlocks().float16(normalsVector, 0, 4, 0f, 1f);
            for (int i = 0; i < 64; i++)
                check(Math.abs(normalsScalar[i] - normalsVector[i]) <= 1e-5, "normal " + i + ": scalar " + normalsScalar[i]
                        + ", vector " + normalsVector[i]);
            System.out.println(vector.name() + ": agrees");
        }

        private static void close(Storage expected, Storage actual, double relative, String what) {
            for (int i = 0; i < expected.size(); i++) {
                double e = expected.getDouble(i), a = actual.getDouble(i);
                check(Math.abs(e - a) <= relative * Math.abs(e), what + " at " + i + ": scalar " + e + ", vector " + a);
            }
        }

        private static void check(boolean ok, String message) {
            if (ok) return;
            System.out.println(message);
            System.exit(1);
        }
    }
}
