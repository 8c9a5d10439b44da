package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Values, shapes, dtypes, node names and errors of dot, mv, mm, bmm, outer and matmul. */
class LinearAlgebraTest {
    /** A = [[1,2,3],[4,5,6]] (2x3). */
    static Tensor a() { return tensor(new double[][]{{1, 2, 3}, {4, 5, 6}}); }

    /** B = [[7,8],[9,10],[11,12]] (3x2). */
    static Tensor b() { return tensor(new double[][]{{7, 8}, {9, 10}, {11, 12}}); }

    /** A·B = [[1·7+2·9+3·11, 1·8+2·10+3·12], [4·7+5·9+6·11, 4·8+5·10+6·12]] = [[58, 64], [139, 154]]. */
    static final float[] AB = {58, 64, 139, 154};

    /** A batch of two 2x3 matrices: A and P = [[1,0,0],[0,1,0]] (P·X keeps X's first two rows). */
    static Tensor batchA() { return stack(0, a(), tensor(new double[][]{{1, 0, 0}, {0, 1, 0}})); }

    /** A batch of two 3x2 matrices: B and Q = [[1,0],[0,1],[0,0]] (X·Q keeps X's first two columns). */
    static Tensor batchB() { return stack(0, b(), tensor(new double[][]{{1, 0}, {0, 1}, {0, 0}})); }

    static void assertValues(float[] expected, int[] shape, Tensor t) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, t.toFloatArray(), 1e-5f);
    }

    static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    static void assertMessageStarts(String pytorchText, Executable e) {
        String m = message(e);
        assertTrue(m.startsWith(pytorchText), () -> "expected PyTorch's text <" + pytorchText + "> at the start of <" + m + ">");
    }

    @Nested
    class Dot {
        @Test
        void arangeDotIsInt64AndSymmetric() {
            Tensor x = arange(3), y = tensor(new long[]{2L, 5L, 7L});
            // x·x = 0·0 + 1·1 + 2·2 = 5, as torch.dot(torch.arange(3), torch.arange(3)) → tensor(new long[]{5})
            Tensor xx = dot(x, x);
            assertEquals(DType.INT64, xx.dtype());
            assertEquals(0, xx.dim());
            assertEquals(5L, xx.itemLong());
            // x·y = 0·2 + 1·5 + 2·7 = 19 = y·x
            assertEquals(19L, dot(x, y).itemLong());
            assertEquals(19L, dot(y, x).itemLong());
            assertEquals(x.dot(y).itemLong(), y.dot(x).itemLong());
        }

        @Test
        void stridedOperands() {
            Tensor base = tensor(DType.FLOAT64, 1, 2, 3, 4, 5, 6);
            Tensor odd = base.slice(0, 0, null, 2); // [1, 3, 5], stride 2
            Tensor column = base.view(3, 2).select(1, 1); // [2, 4, 6], stride 2
            // 1·2 + 3·4 + 5·6 = 44
            Tensor r = dot(odd, column);
            assertEquals(DType.FLOAT64, r.dtype());
            assertEquals(44.0, r.item());
        }

        @Test
        void exactInt64BeyondDoublePrecision() {
            long v = (1L << 31) + 1;
            // (2³¹+1)² = 2⁶² + 2³² + 1 = 4611686022722355201, not representable in a double
            assertEquals(4611686022722355201L, dot(tensor(new long[]{v}), tensor(new long[]{v})).itemLong());
        }

        @Test
        void smallIntegerTypesKeepTheirTypeAndWrap() {
            Tensor i32 = dot(tensor(new long[]{1L, 2L, 3L}).toInt(), tensor(new long[]{4L, 5L, 6L}).toInt());
            // 1·4 + 2·5 + 3·6 = 32
            assertEquals(DType.INT32, i32.dtype());
            assertEquals(32L, i32.itemLong());
            // torch.dot(torch.tensor([1,2,3],dtype=torch.uint8)*100, torch.tensor([1,2,3],dtype=torch.uint8)) → tensor(120, dtype=torch.uint8)
            Tensor u8 = dot(tensor(new long[]{100L, 200L, 44L}).to(DType.UINT8), tensor(new long[]{1L, 2L, 3L}).to(DType.UINT8));
            assertEquals(DType.UINT8, u8.dtype());
            // 100 + 400 + 132 = 632 = 2·256 + 120
            assertEquals(120L, u8.itemLong());
        }

        @Test
        void emptyVectorsGiveZero() {
            // an empty sum is 0
            assertEquals(0.0, dot(zeros(0), zeros(0)).item());
        }

        @Test
        void errors() {
            assertMessageStarts("1D tensors expected, but got 2D and 1D tensors", () -> dot(ones(2, 3), ones(3)));
            assertMessageStarts("dot : expected both vectors to have same dtype, but found Float and Double",
                    () -> dot(ones(3), ones(DType.FLOAT64, 3)));
            assertMessageStarts("dot : expected both vectors to have same dtype, but found Float and Long",
                    () -> dot(ones(3), arange(3)));
            assertEquals("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3"
                    + " and 4 elements respectively", message(() -> dot(arange(3.0), arange(4.0))));
            assertMessageStarts("\"dot\" not implemented for 'Bool'", () -> dot(ones(DType.BOOL, 3), ones(DType.BOOL, 3)));
        }
    }

    @Nested
    class Mv {
        /** The seed's A = [[1,2],[3,4],[5,6]]. */
        Tensor seedA() { return tensor(new double[][]{{1, 2}, {3, 4}, {5, 6}}); }

        @Test
        void matrixTimesVector() {
            // [[1,2],[3,4],[5,6]]·[2,1] = [1·2+2·1, 3·2+4·1, 5·2+6·1] = [4, 10, 16]
            assertValues(new float[]{4, 10, 16}, new int[]{3}, mv(seedA(), tensor(2.0, 1.0)));
        }

        @Test
        void jacobianOfAxIsA() {
            // f(x) = A·x;  ∂fᵢ/∂xⱼ = Aᵢⱼ: the backward of the one-hot gradient eᵢ is row i of A
            Tensor A = seedA();
            float[] rows = A.toFloatArray();
            for (int i = 0; i < 3; i++) {
                Tensor x = tensor(0.5, -1).requiresGrad_();
                double[] onehot = new double[3];
                onehot[i] = 1;
                A.mv(x).backward(tensor(onehot));
                assertArrayEquals(new float[]{rows[2 * i], rows[2 * i + 1]}, x.grad().toFloatArray());
            }
        }

        @Test
        void transposedMatrixAndStridedVector() {
            Tensor At = seedA().t(); // [[1,3,5],[2,4,6]], not contiguous
            assertFalse(At.isContiguous());
            Tensor ones = tensor(1.0, 9.0, 1.0, 9.0, 1.0).slice(0, 0, null, 2); // [1, 1, 1], stride 2
            // Aᵀ·[1,1,1] = column sums of A = [1+3+5, 2+4+6] = [9, 12]
            assertValues(new float[]{9, 12}, new int[]{2}, mv(At, ones));
        }

        @Test
        void int64AndEmpty() {
            // [[1,2],[3,4]]·[5,6] = [5+12, 15+24] = [17, 39]
            Tensor r = mv(tensor(new long[][]{{1, 2}, {3, 4}}), tensor(new long[]{5L, 6L}));
            assertEquals(DType.INT64, r.dtype());
            assertArrayEquals(new long[]{17, 39}, r.toLongArray());
            // 0 rows give an empty result; 0 columns give zeros (empty sums)
            assertArrayEquals(new int[]{0}, mv(ones(0, 3), ones(3)).shape());
            assertValues(new float[]{0, 0}, new int[]{2}, mv(ones(2, 0), ones(0)));
        }

        @Test
        void errors() {
            assertMessageStarts("vector + matrix @ vector expected, got 1, 1, 1", () -> mv(ones(3), ones(3)));
            assertMessageStarts("vector + matrix @ vector expected, got 1, 2, 2", () -> mv(ones(2, 3), ones(3, 1)));
            assertMessageStarts("size mismatch, got 2, 2x3,4", () -> mv(ones(2, 3), ones(4)));
            assertMessageStarts("expected scalar type Double but found Float", () -> mv(ones(DType.FLOAT64, 2, 3), ones(3)));
            assertMessageStarts("\"addmv_impl_cpu\" not implemented for 'Bool'", () -> mv(ones(DType.BOOL, 2, 3), arange(3)));
            assertMessageStarts("expected scalar type Long but found Bool", () -> mv(ones(DType.INT64, 2, 3), ones(DType.BOOL, 3)));
        }
    }

    @Nested
    class Mm {
        @Test
        void matrixProduct() {
            assertValues(AB, new int[]{2, 2}, mm(a(), b()));
        }

        @Test
        void transposedOperands() {
            Tensor bt = b().t(), at = a().t();
            assertFalse(bt.isContiguous());
            assertFalse(at.isContiguous());
            // Bᵀ·Aᵀ = (A·B)ᵀ = [[58, 139], [64, 154]]
            assertValues(new float[]{58, 139, 64, 154}, new int[]{2, 2}, mm(bt, at));
        }

        @Test
        void slicedOperand() {
            Tensor m = arange(12.0).view(3, 4);
            Tensor s = m.slice(1, 0, null, 2); // [[0,2],[4,6],[8,10]], strides (4, 2)
            // SᵀS = [[0²+4²+8², 0·2+4·6+8·10], [·, 2²+6²+10²]] = [[80, 104], [104, 140]]
            assertValues(new float[]{80, 104, 104, 140}, new int[]{2, 2}, mm(s.t(), s));
            // the rows 1..2 of A·B: narrow(0, 1, 1) of A is [[4,5,6]] at offset 3
            assertValues(new float[]{139, 154}, new int[]{1, 2}, mm(a().narrow(0, 1, 1), b()));
        }

        @Test
        void zeroInnerDimensionGivesZeros() {
            // k = 0: every entry is an empty sum
            assertValues(new float[6], new int[]{2, 3}, mm(ones(2, 0), ones(0, 3)));
            assertArrayEquals(new int[]{0, 0}, mm(ones(0, 3), ones(3, 0)).shape());
        }

        @Test
        void dtypes() {
            // [[1,2],[3,4]]·[[5,6],[7,8]] = [[5+14, 6+16], [15+28, 18+32]] = [[19, 22], [43, 50]]
            Tensor l = mm(tensor(new long[][]{{1, 2}, {3, 4}}), tensor(new long[][]{{5, 6}, {7, 8}}));
            assertEquals(DType.INT64, l.dtype());
            assertArrayEquals(new long[]{19, 22, 43, 50}, l.toLongArray());
            Tensor i = mm(tensor(new long[][]{{1, 2}, {3, 4}}).toInt(), tensor(new long[][]{{5, 6}, {7, 8}}).toInt());
            assertEquals(DType.INT32, i.dtype());
            assertArrayEquals(new long[]{19, 22, 43, 50}, i.toLongArray());
            // [[0.5, 0.25]]·[[2], [4]] = [[1 + 1]] in float64
            Tensor d = mm(tensor(DType.FLOAT64, new double[][]{{0.5, 0.25}}), tensor(DType.FLOAT64, new double[][]{{2}, {4}}));
            assertEquals(DType.FLOAT64, d.dtype());
            assertEquals(2.0, d.item());
        }

        @Test
        void errors() {
            assertMessageStarts("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () -> mm(ones(2, 3), ones(4, 5)));
            assertMessageStarts("self must be a matrix", () -> mm(ones(3), ones(4, 5)));
            assertMessageStarts("self must be a matrix", () -> mm(ones(2, 3, 4), ones(4, 5)));
            assertMessageStarts("mat2 must be a matrix", () -> mm(ones(2, 3), ones(5)));
            assertMessageStarts("expected scalar type Float but found Double", () -> mm(ones(2, 3), ones(DType.FLOAT64, 3, 5)));
            assertMessageStarts("expected scalar type Int but found Long", () -> mm(ones(DType.INT32, 2, 3), ones(DType.INT64, 3, 5)));
            // PyTorch checks shapes before types, and the first operand's bool before the second's type
            assertMessageStarts("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
                    () -> mm(ones(DType.BOOL, 2, 3), ones(DType.BOOL, 4, 5)));
            assertMessageStarts("\"addmm_impl_cpu_\" not implemented for 'Bool'", () -> mm(ones(DType.BOOL, 2, 3), ones(DType.INT64, 3, 5)));
            assertMessageStarts("expected scalar type Long but found Bool", () -> mm(ones(DType.INT64, 2, 3), ones(DType.BOOL, 3, 5)));
        }
    }

    /** torch.mm(a, b, out=c), checked against PyTorch 1.13's behaviour (values from A·B above). */
    @Nested
    class MmOut {
        @Test
        void writesTheProductIntoOutAndReturnsIt() {
            Tensor out = empty(2, 2);
            int version = out.version();
            assertSame(out, mm(a(), b(), out));
            assertValues(AB, new int[]{2, 2}, out);
            assertTrue(out.version() > version, "out was written in place: its version moves");
            assertNull(out.gradFn());
        }

        @Test
        void outKeepsItsLayout() {
            // a transposed out: torch.mm(a, b, out=torch.empty(2, 2).t()) keeps strides (1, 2)
            Tensor t = empty(2, 2).t();
            mm(a(), b(), t);
            assertArrayEquals(new int[]{1, 2}, t.stride());
            assertValues(AB, new int[]{2, 2}, t);
            // a slice of a larger tensor: the product lands in its place, the rest stays as it was
            Tensor big = full(new int[]{3, 4}, -1.0);
            mm(a(), b(), big.narrow(0, 1, 2).narrow(1, 1, 2));
            assertArrayEquals(new float[]{-1, -1, -1, -1, -1, 58, 64, -1, -1, 139, 154, -1}, big.toFloatArray());
        }

        @Test
        void largeProductsOfEachPathMatchMm() {
            manualSeed(3);
            // the kernel's paths into a given output: small, one strip, wider than a strip (float32 too), 9-12 rows,
            // dot products (a transposed B of few columns); outputs contiguous, transposed and a slice of a larger one.
            // Within rounding: the JIT's tiers sum a vector's lanes in different orders (Vector API reduceLanes)
            for (int[] s : new int[][]{{5, 7, 3}, {64, 64, 64}, {200, 300, 700}, {200, 1024, 700}, {10, 256, 784},
                    {256, 784, 10}}) {
                for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                    Tensor x = randn(t, s[0], s[1]);
                    Tensor y = s[2] == 10 ? randn(t, s[2], s[1]).t() : randn(t, s[1], s[2]);
                    double[] expected = mm(x, y).toDoubleArray();
                    double tolerance = t == DType.FLOAT32 ? 1e-4 : 1e-10;
                    Tensor contiguous = empty(t, s[0], s[2]), transposed = empty(t, s[2], s[0]).t();
                    Tensor slice = empty(t, s[0] + 3, s[2] + 5).narrow(0, 2, s[0]).narrow(1, 4, s[2]);
                    for (Tensor out : new Tensor[]{contiguous, transposed, slice}) {
                        mm(x, y, out);
                        assertArrayEquals(expected, out.toDoubleArray(), tolerance,
                                () -> java.util.Arrays.toString(s) + " " + t + " out strides " + java.util.Arrays.toString(out.stride()));
                    }
                }
            }
        }

        @Test
        void outSharingAnOperandsMemoryGetsTheProductOfTheOldValues() {
            // torch.mm(s, t, out=s) gives s·t of the values before the call
            Tensor s = tensor(new double[][]{{1, 2}, {3, 4}}), t = tensor(new double[][]{{5, 6}, {7, 8}});
            mm(s, t, s);
            assertValues(new float[]{19, 22, 43, 50}, new int[]{2, 2}, s);
            Tensor u = tensor(new double[][]{{1, 2}, {3, 4}});
            mm(t, u, u); // [[5·1+6·3, 5·2+6·4], [7·1+8·3, 7·2+8·4]]
            assertValues(new float[]{23, 34, 31, 46}, new int[]{2, 2}, u);
            // out as the transpose of an operand: [[19, 22], [43, 50]] lands transposed in v's memory
            Tensor v = tensor(new double[][]{{1, 2}, {3, 4}});
            mm(v, t, v.t());
            assertValues(new float[]{19, 43, 22, 50}, new int[]{2, 2}, v);
            // two tensors over one Java array are the same memory too
            float[] shared = {1, 2, 3, 4};
            Tensor x = fromArray(shared, 2, 2), o = fromArray(shared, 2, 2);
            mm(x, t, o);
            assertArrayEquals(new float[]{19, 22, 43, 50}, shared);
        }

        @Test
        void integerTypes() {
            Tensor out = empty(DType.INT32, 2, 2);
            mm(tensor(new long[][]{{1, 2}, {3, 4}}).toInt(), tensor(new long[][]{{5, 6}, {7, 8}}).toInt(), out);
            assertArrayEquals(new long[]{19, 22, 43, 50}, out.toLongArray());
        }

        @Test
        void autogradIsRefusedUnlessGradModeIsOff() {
            Tensor w = a().requiresGrad_();
            assertMessageStarts("mm(): functions with out=... arguments don't support automatic differentiation, but one of"
                    + " the arguments requires grad.", () -> mm(w, b(), empty(2, 2)));
            assertMessageStarts("mm(): functions with out=... arguments don't support automatic differentiation",
                    () -> mm(a(), b().requiresGrad_(), empty(2, 2)));
            // as PyTorch: the autograd check comes before any other
            assertMessageStarts("mm(): functions with out=... arguments don't support automatic differentiation",
                    () -> mm(w, ones(4, 5), empty(7, 7)));
            assertMessageStarts("mm(): functions with out=... arguments don't support automatic differentiation",
                    () -> mm(a(), b(), empty(2, 2).requiresGrad_()));
            Tensor out = empty(2, 2);
            try (var g = noGrad()) {
                mm(w, b(), out);
            }
            assertValues(AB, new int[]{2, 2}, out);
            assertNull(out.gradFn());
        }

        @Test
        void errors() {
            assertMessageStarts("Expected out tensor to have dtype float, but got double instead",
                    () -> mm(a(), b(), empty(DType.FLOAT64, 2, 2)));
            assertMessageStarts("Expected out tensor to have dtype float, but got long int instead",
                    () -> mm(a(), b(), empty(DType.INT64, 2, 2)));
            assertMessageStarts("Expected out tensor to have dtype long int, but got unsigned char instead",
                    () -> mm(ones(DType.INT64, 2, 3), ones(DType.INT64, 3, 2), empty(DType.UINT8, 2, 2)));
            // PyTorch resizes an out of another shape (with a deprecation warning unless it is empty); Ember asks for one
            String m = message(() -> mm(a(), b(), empty(3, 3)));
            assertTrue(m.contains("out has shape [3, 3]") && m.contains("has shape [2, 2]") && m.contains("Ember.empty(2, 2)"), m);
            String m64 = message(() -> mm(a().toDouble(), b().toDouble(), empty(DType.FLOAT64, 0)));
            assertTrue(m64.contains("Ember.empty(DType.FLOAT64, 2, 2)"), m64);
            assertMessageStarts("unsupported operation: more than one element of the written-to tensor refers to a single"
                    + " memory location", () -> mm(a(), b(), empty(1, 2).expand(2, 2)));
            // PyTorch's order: the operands' shapes, then out's dtype, then the operands' dtypes, then out's shape
            assertMessageStarts("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
                    () -> mm(ones(2, 3), ones(4, 5), empty(DType.FLOAT64, 9)));
            assertMessageStarts("Expected out tensor to have dtype float, but got double instead",
                    () -> mm(ones(2, 3), ones(DType.FLOAT64, 3, 5), empty(DType.FLOAT64, 2, 5)));
            assertMessageStarts("expected scalar type Float but found Double", () -> mm(ones(2, 3), ones(DType.FLOAT64, 3, 5), empty(2, 5)));
            assertMessageStarts("\"addmm_impl_cpu_\" not implemented for 'Bool'",
                    () -> mm(ones(DType.BOOL, 2, 3), ones(DType.BOOL, 3, 5), empty(DType.BOOL, 2, 5)));
        }
    }

    @Nested
    class Bmm {
        @Test
        void batchOfProducts() {
            // batch 0: A·B = [[58,64],[139,154]];  batch 1: P·Q = [[1,0],[0,1]]
            Tensor r = bmm(batchA(), batchB());
            assertValues(new float[]{58, 64, 139, 154, 1, 0, 0, 1}, new int[]{2, 2, 2}, r);
            assertEquals("BmmBackward0", bmm(batchA().requiresGrad_(), batchB()).gradFn().name());
        }

        @Test
        void transposedBatches() {
            // (Bᵢᵀ·Aᵢᵀ) = (Aᵢ·Bᵢ)ᵀ: batch 0 [[58,139],[64,154]], batch 1 the identity
            Tensor r = bmm(batchB().mT(), batchA().mT());
            assertValues(new float[]{58, 139, 64, 154, 1, 0, 0, 1}, new int[]{2, 2, 2}, r);
        }

        @Test
        void emptyAndInt64() {
            // k = 0: zeros
            assertValues(new float[2 * 3 * 4], new int[]{2, 3, 4}, bmm(ones(2, 3, 0), ones(2, 0, 4)));
            assertArrayEquals(new int[]{0, 3, 4}, bmm(ones(0, 3, 2), ones(0, 2, 4)).shape());
            // each entry of ones(2,3,4)·ones(2,4,6) sums four ones
            Tensor l = bmm(ones(DType.INT64, 2, 3, 4), ones(DType.INT64, 2, 4, 6));
            assertEquals(DType.INT64, l.dtype());
            assertArrayEquals(new int[]{2, 3, 6}, l.shape());
            for (long v : l.toLongArray()) assertEquals(4L, v);
        }

        @Test
        void errors() {
            assertMessageStarts("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].",
                    () -> bmm(ones(2, 3, 4), ones(2, 5, 6)));
            assertMessageStarts("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4].",
                    () -> bmm(ones(2, 3, 4), ones(3, 4, 6)));
            assertMessageStarts("batch1 must be a 3D tensor", () -> bmm(ones(3, 4), ones(3, 4, 6)));
            assertMessageStarts("batch2 must be a 3D tensor", () -> bmm(ones(2, 3, 4), ones(4, 6)));
            assertMessageStarts("expected scalar type Float but found Double", () -> bmm(ones(2, 3, 4), ones(DType.FLOAT64, 2, 4, 6)));
            assertMessageStarts("\"bmm\" not implemented for 'Bool'", () -> bmm(ones(DType.BOOL, 2, 3, 4), ones(DType.INT64, 2, 4, 5)));
        }
    }

    @Nested
    class Outer {
        @Test
        void valuesAndPromotion() {
            // [1,2]⊗[3,4,5] = [[3,4,5],[6,8,10]]
            assertValues(new float[]{3, 4, 5, 6, 8, 10}, new int[]{2, 3}, outer(tensor(1.0, 2.0), tensor(3.0, 4.0, 5.0)));
            // torch.outer(torch.ones(2), torch.ones(3,dtype=torch.double)).dtype → torch.float64 (outer promotes, as a * b)
            assertEquals(DType.FLOAT64, outer(ones(2), ones(DType.FLOAT64, 3)).dtype());
            // torch.outer(torch.ones(2,dtype=torch.int32), torch.ones(3,dtype=torch.long)).dtype → torch.int64
            assertEquals(DType.INT64, outer(ones(DType.INT32, 2), ones(DType.INT64, 3)).dtype());
            // bool ⊗ bool is the logical and of each pair
            Tensor bools = outer(tensor(true, false), tensor(true, true));
            assertEquals(DType.BOOL, bools.dtype());
            assertArrayEquals(new boolean[]{true, true, false, false}, bools.toBooleanArray());
            assertEquals("MulBackward0", outer(ones(2).requiresGrad_(), ones(3)).gradFn().name());
        }

        @Test
        void errors() {
            assertEquals("outer: Expected 1-D argument self, but got 2-D", message(() -> outer(ones(2, 2), ones(3))));
            assertEquals("outer: Expected 1-D argument self, but got 0-D", message(() -> outer(scalar(2.0), ones(3))));
            assertEquals("outer: Expected 1-D argument vec2, but got 2-D", message(() -> outer(ones(2), ones(3, 2))));
        }
    }

    @Nested
    class Matmul {
        static String nodeName(Tensor t) { return t.gradFn().name(); }

        static String nextNodeName(Tensor t) { return t.gradFn().nextFunctions().get(0).node().name(); }

        @Test
        void vectorTimesVectorIsZeroDimensional() {
            Tensor r = matmul(tensor(1.0, 2.0, 3.0), tensor(4.0, 5.0, 6.0));
            // 4 + 10 + 18 = 32
            assertEquals(0, r.dim());
            assertEquals(32.0, r.item());
            assertEquals("DotBackward0", nodeName(matmul(tensor(1.0, 2.0, 3.0).requiresGrad_(), tensor(4.0, 5.0, 6.0))));
        }

        @Test
        void matrixTimesVector() {
            // A·[1,1,1] = row sums [6, 15]
            assertValues(new float[]{6, 15}, new int[]{2}, matmul(a(), ones(3)));
            assertEquals("MvBackward0", nodeName(matmul(a().requiresGrad_(), ones(3))));
        }

        @Test
        void vectorTimesMatrix() {
            // [1,2,3]·B = [7+18+33, 8+20+36] = [58, 64]
            Tensor r = matmul(tensor(1.0, 2.0, 3.0), b());
            assertValues(new float[]{58, 64}, new int[]{2}, r);
            // torch.matmul(v, B).grad_fn → <SqueezeBackward3> over MmBackward0 (PyTorch computes v.unsqueeze(0).mm(B).squeeze_(0))
            Tensor g = matmul(tensor(1.0, 2.0, 3.0).requiresGrad_(), b());
            assertEquals("SqueezeBackward3", nodeName(g));
            assertEquals("MmBackward0", nextNodeName(g));
        }

        @Test
        void matrixTimesMatrix() {
            assertValues(AB, new int[]{2, 2}, matmul(a(), b()));
            assertEquals("MmBackward0", nodeName(matmul(a(), b().requiresGrad_())));
        }

        @Test
        void batchTimesMatrixFoldsIntoOneMm() {
            // [A; P]·B: A·B = [[58,64],[139,154]], P·B = B's first two rows [[7,8],[9,10]]
            Tensor r = matmul(batchA(), b());
            assertValues(new float[]{58, 64, 139, 154, 7, 8, 9, 10}, new int[]{2, 2, 2}, r);
            // torch.matmul(torch.randn(4,2,3,requires_grad=True), torch.randn(3,5)).grad_fn → UnsafeViewBackward0 over MmBackward0
            Tensor g = matmul(batchA().requiresGrad_(), b());
            assertEquals("UnsafeViewBackward0", nodeName(g));
            assertEquals("MmBackward0", nextNodeName(g));
        }

        @Test
        void batchTimesVectorFoldsIntoOneMv() {
            // row sums of A and of P: [[6, 15], [1, 1]]
            assertValues(new float[]{6, 15, 1, 1}, new int[]{2, 2}, matmul(batchA(), ones(3)));
            Tensor g = matmul(batchA().requiresGrad_(), ones(3));
            assertEquals("UnsafeViewBackward0", nodeName(g));
            assertEquals("MvBackward0", nextNodeName(g));
        }

        @Test
        void vectorTimesBatch() {
            // [1,1]·A = column sums [5, 7, 9];  [1,1]·P = [1, 1, 0]
            assertValues(new float[]{5, 7, 9, 1, 1, 0}, new int[]{2, 3}, matmul(ones(2), batchA()));
            Tensor g = matmul(ones(2).requiresGrad_(), batchA());
            assertEquals("UnsafeViewBackward0", nodeName(g));
            assertEquals("MvBackward0", nextNodeName(g));
        }

        @Test
        void matrixTimesBatch() {
            // A·B = [[58,64],[139,154]];  A·Q = A's first two columns [[1,2],[4,5]]
            Tensor r = matmul(a(), batchB());
            assertValues(new float[]{58, 64, 139, 154, 1, 2, 4, 5}, new int[]{2, 2, 2}, r);
            assertTrue(r.isContiguous());
            // torch.matmul(torch.randn(2,3,requires_grad=True), torch.randn(4,3,5)).grad_fn → <CloneBackward0>
            Tensor g = matmul(a().requiresGrad_(), batchB());
            assertEquals("CloneBackward0", nodeName(g));
            assertEquals("TransposeBackward0", nextNodeName(g));
        }

        @Test
        void batchTimesBatch() {
            // batch 0: A·B;  batch 1: P·Q = identity
            Tensor r = matmul(batchA(), batchB());
            assertValues(new float[]{58, 64, 139, 154, 1, 0, 0, 1}, new int[]{2, 2, 2}, r);
            Tensor g = matmul(batchA().requiresGrad_(), batchB());
            assertEquals("UnsafeViewBackward0", nodeName(g));
            assertEquals("BmmBackward0", nextNodeName(g));
        }

        @Test
        void broadcastBatchDims() {
            // X[i] = (i+1)·I (shape [2,1,2,2]);  Y[j] = [[j, 1], [0, j+1]] (shape [3,2,2]);  X[i]·Y[j] = (i+1)·Y[j]
            Tensor x = stack(0, eye(2), eye(2).mul(2.0)).unsqueeze(1);
            Tensor y = stack(0, tensor(new double[][]{{0, 1}, {0, 1}}), tensor(new double[][]{{1, 1}, {0, 2}}),
                    tensor(new double[][]{{2, 1}, {0, 3}}));
            Tensor r = matmul(x, y);
            assertValues(new float[]{
                    0, 1, 0, 1, 1, 1, 0, 2, 2, 1, 0, 3,
                    0, 2, 0, 2, 2, 2, 0, 4, 4, 2, 0, 6}, new int[]{2, 3, 2, 2}, r);
            // torch.matmul(torch.ones(5,2,3,4), torch.ones(1,4,5)).shape → torch.Size([5, 2, 3, 5])
            assertArrayEquals(new int[]{5, 2, 3, 5}, matmul(ones(5, 2, 3, 4), ones(1, 4, 5)).shape());
            // a 0-size batch broadcasts against size 1: [0,1,2,3]·[4,3,5] → [0,4,2,5]
            assertArrayEquals(new int[]{0, 4, 2, 5}, matmul(ones(0, 1, 2, 3), ones(4, 3, 5)).shape());
            // every entry of ones(2,3,0)·ones(3,1,0,4) is an empty sum
            assertValues(new float[3 * 2 * 3 * 4], new int[]{3, 2, 3, 4}, matmul(ones(2, 3, 0), ones(3, 1, 0, 4)));
        }

        @Test
        void transposedBatchTimesMatrixUsesBmm() {
            // the values of [A; P] stored as [A; P] transposed: strides (6, 1, 2), which PyTorch does not fold
            Tensor t = batchA().mT().contiguous().mT();
            assertArrayEquals(new int[]{6, 1, 2}, t.stride());
            assertValues(new float[]{58, 64, 139, 154, 7, 8, 9, 10}, new int[]{2, 2, 2}, matmul(t, b()));
            // torch.matmul(torch.randn(4,3,2,requires_grad=True).transpose(1,2), torch.randn(3,5)).grad_fn → UnsafeViewBackward0 over BmmBackward0
            Tensor g = matmul(t.detach().requiresGrad_(), b());
            assertEquals("UnsafeViewBackward0", nodeName(g));
            assertEquals("BmmBackward0", nextNodeName(g));
        }

        @Test
        void zeroSizes() {
            // k = 0 in the folded and the batched paths
            assertValues(new float[4 * 2 * 5], new int[]{4, 2, 5}, matmul(ones(4, 2, 0), ones(0, 5)));
            assertArrayEquals(new int[]{0, 2, 4}, matmul(ones(0, 2, 3), ones(3, 4)).shape());
            assertArrayEquals(new int[]{0}, matmul(ones(DType.FLOAT64, 0, 3), ones(DType.FLOAT64, 3)).shape());
        }

        @Test
        void integerTypes() {
            Tensor r = matmul(ones(DType.INT64, 2, 2, 3), ones(DType.INT64, 2, 3, 2));
            // each entry sums three ones
            assertEquals(DType.INT64, r.dtype());
            assertArrayEquals(new long[]{3, 3, 3, 3, 3, 3, 3, 3}, r.toLongArray());
            // [1,1,1]·ones(3,2) in int64 = [3, 3]
            assertArrayEquals(new long[]{3, 3}, matmul(ones(DType.INT64, 3), ones(DType.INT64, 3, 2)).toLongArray());
            // torch.matmul(torch.ones(2,3,dtype=torch.uint8), torch.ones(3,2,dtype=torch.uint8)) → tensor([[3, 3], [3, 3]], dtype=torch.uint8)
            Tensor u8 = matmul(ones(DType.UINT8, 2, 3), ones(DType.UINT8, 3, 2));
            assertEquals(DType.UINT8, u8.dtype());
            assertArrayEquals(new long[]{3, 3, 3, 3}, u8.toLongArray());
        }

        @Test
        void resultIsNotAViewForInPlaceChecks() {
            // PyTorch's _unsafe_view result may be updated in place even when the product requires grad
            Tensor w = ones(3, 2).requiresGrad_();
            Tensor y = matmul(ones(4, 2, 3), w);
            y.add_(1.0);
            y.sum().backward();
            // d(Σ y)/dw[k][j] = Σ over the 8 rows of x[row][k] = 8
            assertValues(new float[]{8, 8, 8, 8, 8, 8}, new int[]{3, 2}, w.grad());
        }

        @Test
        void errors() {
            assertMessageStarts("both arguments to matmul need to be at least 1D, but they are 0D and 1D",
                    () -> matmul(scalar(2.0), ones(3)));
            assertMessageStarts("both arguments to matmul need to be at least 1D, but they are 1D and 0D",
                    () -> matmul(ones(3), scalar(2.0)));
            assertEquals("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3"
                    + " and 4 elements respectively", message(() -> matmul(ones(3), ones(4))));
            assertMessageStarts("size mismatch, got 2, 2x3,4", () -> matmul(ones(2, 3), ones(4)));
            assertMessageStarts("mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)", () -> matmul(ones(3), ones(4, 5)));
            assertMessageStarts("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () -> matmul(ones(2, 3), ones(4, 5)));
            // torch.matmul(torch.ones(2,2,3), torch.ones(4,5)) → mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)
            assertMessageStarts("mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)", () -> matmul(ones(2, 2, 3), ones(4, 5)));
            // torch.matmul(torch.ones(2,2,3), torch.ones(4)) → size mismatch, got 4, 4x3,4
            assertMessageStarts("size mismatch, got 4, 4x3,4", () -> matmul(ones(2, 2, 3), ones(4)));
            // torch.matmul(torch.ones(3), torch.ones(2,4,5)) → size mismatch, got 10, 10x4,3
            assertMessageStarts("size mismatch, got 10, 10x4,3", () -> matmul(ones(3), ones(2, 4, 5)));
            // torch.matmul(torch.ones(2,2,3), torch.ones(2,4,5)) → Expected size ... to be: [2, 3] but got: [2, 4].
            assertMessageStarts("Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].",
                    () -> matmul(ones(2, 2, 3), ones(2, 4, 5)));
            assertEquals("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0",
                    message(() -> matmul(ones(2, 2, 3), ones(3, 3, 5))));
            for (List<int[]> shapes : List.of(List.of(new int[]{2, 3}, new int[]{3}), List.of(new int[]{2, 3}, new int[]{3, 4}),
                    List.of(new int[]{2, 2, 3}, new int[]{2, 3, 4}), List.of(new int[]{2, 2, 3}, new int[]{3, 4})))
                assertMessageStarts("expected scalar type Float but found Double",
                        () -> matmul(ones(shapes.get(0)), ones(DType.FLOAT64, shapes.get(1))));
            assertMessageStarts("dot : expected both vectors to have same dtype, but found Float and Double",
                    () -> matmul(ones(3), ones(DType.FLOAT64, 3)));
            assertMessageStarts("\"dot\" not implemented for 'Bool'", () -> matmul(ones(DType.BOOL, 3), ones(DType.BOOL, 3)));
            assertMessageStarts("\"addmm_impl_cpu_\" not implemented for 'Bool'",
                    () -> matmul(ones(DType.BOOL, 2, 3), ones(DType.BOOL, 3, 2)));
            assertMessageStarts("\"bmm\" not implemented for 'Bool'",
                    () -> matmul(ones(DType.BOOL, 2, 2, 3), ones(DType.BOOL, 2, 3, 2)));
        }
    }
}
