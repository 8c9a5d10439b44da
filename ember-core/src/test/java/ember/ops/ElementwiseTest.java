package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Forward values of every element-wise op of {@link Tensor}: arithmetic, functions, comparisons, broadcasting,
 * PyTorch's type promotion, in-place variants and strided inputs. Expected values are derived by hand (the math is in
 * the comments) or, where marked, printed by PyTorch 1.13 ({@code /usr/bin/python3}).
 */
class ElementwiseTest {
    private static final double PI = Math.PI;
    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    /** Exact comparison (NaN equals NaN; 0.0 and −0.0 differ, so a sign of zero is checked too). */
    static void assertValues(Tensor t, DType dtype, int[] shape, double... expected) {
        assertEquals(dtype, t.dtype(), "dtype");
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, t.toDoubleArray());
    }

    static void assertValues(Tensor t, DType dtype, double... expected) {
        assertValues(t, dtype, new int[]{expected.length}, expected);
    }

    static void assertClose(Tensor t, DType dtype, double tolerance, double... expected) {
        assertEquals(dtype, t.dtype(), "dtype");
        assertArrayEquals(new int[]{expected.length}, t.shape(), "shape");
        assertArrayEquals(expected, t.toDoubleArray(), tolerance);
    }

    static void assertBools(Tensor t, boolean... expected) {
        assertEquals(DType.BOOL, t.dtype());
        assertArrayEquals(expected, t.toBooleanArray());
    }

    static <T extends Throwable> String message(Class<T> type, Runnable r) {
        return assertThrows(type, r::run).getMessage();
    }

    static Tensor f64(double... v) { return tensor(DType.FLOAT64, v); }

    // =============================================================================================================
    @Nested
    class Arithmetic {
        @Test
        void addSubMulDivOfTensors() {
            Tensor a = tensor(1., 2., 3.), b = tensor(4., 8., -2.);
            assertValues(a.add(b), DType.FLOAT32, 5, 10, 1);
            assertValues(a.sub(b), DType.FLOAT32, -3, -6, 5);
            assertValues(a.mul(b), DType.FLOAT32, 4, 16, -6);
            assertValues(a.div(b), DType.FLOAT32, 0.25, 0.25, -1.5);
            // add(b, alpha) = a + alpha·b = [1+2·4, 2+2·8, 3+2·(−2)]
            assertValues(a.add(b, 2), DType.FLOAT32, 9, 18, -1);
            // sub(b, alpha) = a − alpha·b = [1−0.5·4, 2−0.5·8, 3−0.5·(−2)]
            assertValues(a.sub(b, 0.5), DType.FLOAT32, -1, -2, 4);
        }

        @Test
        void doubleAndLongOperands() {
            Tensor a = tensor(1., 2., 3.);
            assertValues(a.add(0.5), DType.FLOAT32, 1.5, 2.5, 3.5);
            assertValues(a.sub(1L), DType.FLOAT32, 0, 1, 2);
            assertValues(a.mul(-2.0), DType.FLOAT32, -2, -4, -6);
            assertValues(a.div(4L), DType.FLOAT32, 0.25, 0.5, 0.75);
            Tensor n = tensor(new long[]{1L, 2L, 3L});
            assertValues(n.add(2L), DType.INT64, 3, 4, 5);
            assertValues(n.mul(3L), DType.INT64, 3, 6, 9);
            assertValues(n.sub(1L), DType.INT64, 0, 1, 2);
            assertValues(n.add(0.5), DType.FLOAT32, 1.5, 2.5, 3.5);
        }

        @Test
        void trueDivisionOfIntegersIsFloat32() {
            // 1/2 = 0.5, 7/2 = 3.5, −7/2 = −3.5 (no floor: Python's /)
            assertValues(tensor(new long[]{1L, 7L, -7L}).div(tensor(new long[]{2L, 2L, 2L})), DType.FLOAT32, 0.5, 3.5, -3.5);
            assertValues(tensor(new long[]{1L, 7L, -7L}).div(2L), DType.FLOAT32, 0.5, 3.5, -3.5);
            // 1/0 = inf, −1/0 = −inf, 0/0 = NaN in floating point
            assertValues(tensor(new long[]{1L, -1L, 0L}).div(0L), DType.FLOAT32, INF, -INF, NAN);
        }

        @Test
        void powWithTensorDoubleAndLongExponents() {
            // 2³ = 8, 3⁻¹ = 1/3 rounded to float32
            assertValues(tensor(2., 3.).pow(tensor(3., -1.)), DType.FLOAT32, 8, (float) (1.0 / 3));
            // 4^½ = 2, 9^½ = 3
            assertValues(tensor(4., 9.).pow(0.5), DType.FLOAT32, 2, 3);
            assertValues(tensor(2., -3.).pow(2L), DType.FLOAT32, 4, 9);
            // an integral tensor keeps int64 with a long exponent, becomes float32 with a double one
            assertValues(tensor(new long[]{2L, 3L}).pow(2L), DType.INT64, 4, 9);
            assertValues(tensor(new long[]{2L, 3L}).pow(2.0), DType.FLOAT32, 4, 9);
            // x⁰ = 1 for every x, including 0 and NaN (IEEE pow)
            assertValues(tensor(0, NAN, -5).pow(0.0), DType.FLOAT32, 1, 1, 1);
        }

        @Test
        void integerPowerWithNegativeExponent() {
            Tensor n = tensor(new long[]{1L, -1L, 2L});
            String m = message(IllegalArgumentException.class, () -> n.pow(-1L));
            assertTrue(m.startsWith("Integers to negative integer powers are not allowed."), m);
            // a double exponent is fine: the result is float32 (2⁻¹ = 0.5)
            assertValues(n.pow(-1.0), DType.FLOAT32, 1, -1, 0.5);
            // a tensor exponent is computed element by element as 1/aᵇ truncated (PyTorch's powi):
            // torch.tensor([2,1,-1,-1,0]).pow(torch.tensor([-1,-2,-1,-2,-1])) -> tensor([0, 1, -1, 1, 0])
            assertValues(tensor(new long[]{2L, 1L, -1L, -1L, 0L}).pow(tensor(new long[]{-1L, -2L, -1L, -2L, -1L})), DType.INT64, 0, 1, -1, 1, 0);
        }

        @Test
        void reverseScalarOps() {
            Tensor y = tensor(1., 2., 4.);
            // 10 − y
            assertValues(y.rsub(10), DType.FLOAT32, 9, 8, 6);
            assertValues(tensor(new long[]{1L, 2L}).rsub(10L), DType.INT64, 9, 8);
            // 1 / y
            assertValues(y.rdiv(1), DType.FLOAT32, 1, 0.5, 0.25);
            assertValues(tensor(new long[]{2L, 4L}).rdiv(1L), DType.FLOAT32, 0.5, 0.25);
            // 2^y with y = [0, 1, 3, −1]
            assertValues(tensor(0., 1., 3., -1.).rpow(2), DType.FLOAT32, 1, 2, 8, 0.5);
            // an int64 exponent with an integer base stays int64: 2 ** torch.tensor([3, -1, 0]) -> tensor([8, 0, 1])
            assertValues(tensor(new long[]{3L, -1L, 0L}).rpow(2L), DType.INT64, 8, 0, 1);
            assertValues(tensor(new long[]{3L, -1L, 0L}).rpow(2.0), DType.FLOAT32, 8, 0.5, 1);
        }

        @Test
        void remainderFollowsPythonsSignRule() {
            // a % b has the sign of b: 5 % 3 = 2, −5 % 3 = 1, 5 % −3 = −1, −5 % −3 = −2
            assertValues(tensor(5., -5., 5., -5.).remainder(tensor(3., 3., -3., -3.)), DType.FLOAT32, 2, 1, -1, -2);
            assertValues(tensor(new long[]{5L, -5L, 5L, -5L}).remainder(tensor(new long[]{3L, 3L, -3L, -3L})), DType.INT64, 2, 1, -1, -2);
            // torch.tensor([5, -5]) % 2 -> tensor([1, 1]) (int64); with 2.0 the result is float32
            assertValues(tensor(new long[]{5L, -5L}).remainder(2L), DType.INT64, 1, 1);
            assertValues(tensor(new long[]{5L, -5L}).remainder(2.0), DType.FLOAT32, 1, 1);
            // 5.5 % 2 = 1.5, −5.5 % 2 = 0.5
            assertValues(tensor(5.5, -5.5).remainder(2), DType.FLOAT32, 1.5, 0.5);
            // float remainder by 0 is NaN; integer remainder by 0 is an error, as PyTorch's ZeroDivisionError
            assertValues(tensor(1.).remainder(0), DType.FLOAT32, NAN);
            assertThrows(ArithmeticException.class, () -> tensor(new long[]{1L}).remainder(tensor(new long[]{0L})));
        }

        @Test
        void floorDivideRoundsTowardMinusInfinity() {
            // 7 // 2 = 3, −7 // 2 = −4, 7 // −2 = −4, −7 // −2 = 3
            assertValues(tensor(new long[]{7L, -7L, 7L, -7L}).floorDivide(tensor(new long[]{2L, 2L, -2L, -2L})), DType.INT64, 3, -4, -4, 3);
            assertValues(tensor(7., -7., 7., -7.).floorDivide(tensor(2., 2., -2., -2.)), DType.FLOAT32, 3, -4, -4, 3);
            // torch.tensor([5, -5]) // 2 -> tensor([ 2, -3]) (int64)
            assertValues(tensor(new long[]{5L, -5L}).floorDivide(2L), DType.INT64, 2, -3);
            // Python: 1.0 // 0.1 == 9.0 (0.1 is slightly above 1/10), while floor(1.0 / 0.1) would be 10:
            // torch.floor_divide(torch.tensor([1.0], dtype=torch.float64), 0.1) -> tensor([9.])
            assertValues(f64(1).floorDivide(0.1), DType.FLOAT64, 9);
            assertValues(tensor(1.).floorDivide(0.1), DType.FLOAT32, 9);
            // by zero: IEEE division, torch.floor_divide(torch.tensor([1., -1., 0.]), 0.) -> tensor([inf, -inf, nan])
            assertValues(tensor(1., -1., 0.).floorDivide(0), DType.FLOAT32, INF, -INF, NAN);
            assertThrows(ArithmeticException.class, () -> tensor(new long[]{1L}).floorDivide(tensor(new long[]{0L})));
        }

        @Test
        void atan2CoversAllQuadrants() {
            // atan2(y, x) is the angle of (x, y): (1,1) → π/4, (−1,1) → 3π/4, (1,−1) → −π/4, (−1,−1) → −3π/4, (−1,0) → π
            Tensor y = f64(1, 1, -1, -1, 0), x = f64(1, -1, 1, -1, -1);
            assertClose(y.atan2(x), DType.FLOAT64, 1e-15, PI / 4, 3 * PI / 4, -PI / 4, -3 * PI / 4, PI);
            // integers are computed in float32
            assertClose(tensor(new long[]{1L}).atan2(tensor(new long[]{1L})), DType.FLOAT32, 1e-7, PI / 4);
        }

        @Test
        void maximumAndMinimumPropagateNaN() {
            Tensor a = tensor(1, NAN, 3), b = tensor(2, 0, NAN);
            assertValues(a.maximum(b), DType.FLOAT32, 2, NAN, NAN);
            assertValues(a.minimum(b), DType.FLOAT32, 1, NAN, NAN);
            // a tie keeps the first operand: torch.maximum(torch.tensor([-0.0]), torch.tensor([0.0])) -> tensor([-0.])
            assertValues(maximum(tensor(-0.0, 0.0), tensor(0.0, -0.0)), DType.FLOAT32, -0.0, 0.0);
            assertValues(minimum(tensor(-0.0, 0.0), tensor(0.0, -0.0)), DType.FLOAT32, -0.0, 0.0);
            assertValues(maximum(tensor(new long[]{1L, 5L}), tensor(new long[]{3L, 2L})), DType.INT64, 3, 5);
            assertValues(minimum(tensor(new long[]{1L, 5L}), tensor(new long[]{3L, 2L})), DType.INT64, 1, 2);
        }

        @Test
        void boolSubtractionIsRefusedAsInPyTorch() {
            Tensor m = tensor(true, false);
            assertTrue(message(IllegalArgumentException.class, () -> m.sub(m)).contains("with two bool tensors is not supported"));
            assertTrue(message(IllegalArgumentException.class, () -> m.sub(1L)).contains("with a bool tensor is not supported"));
            assertTrue(message(IllegalArgumentException.class, () -> m.rsub(1L)).contains("use the `~` or `logicalNot()`"));
            assertTrue(message(IllegalArgumentException.class, () -> tensor(1.5).sub(m)).contains("with a bool tensor"));
            // + and × of bools stay bool (logical or / and)
            assertValues(m.add(m), DType.BOOL, 1, 0);
            assertValues(m.mul(tensor(true, true)), DType.BOOL, 1, 0);
        }
    }

    // =============================================================================================================
    @Nested
    class Functions {
        @Test
        void negAbsSquareReciprocalSign() {
            Tensor x = tensor(-2, -0.5, 0, 4);
            assertValues(x.neg(), DType.FLOAT32, 2, 0.5, -0.0, -4);
            assertValues(x.abs(), DType.FLOAT32, 2, 0.5, 0, 4);
            assertValues(x.square(), DType.FLOAT32, 4, 0.25, 0, 16);
            // 1/0 = inf
            assertValues(x.reciprocal(), DType.FLOAT32, -0.5, -2, INF, 0.25);
            // sign is (0 < x) − (x < 0): NaN and −0 give +0, as torch.sign
            assertValues(tensor(-3, 0, 2, NAN, -0.0).sign(), DType.FLOAT32, -1, 0, 1, 0, 0);
            assertValues(tensor(new long[]{-3L, 0L, 5L}).sign(), DType.INT64, -1, 0, 1);
            assertValues(tensor(new long[]{-3L, 4L}).neg(), DType.INT64, 3, -4);
            assertValues(tensor(new long[]{-3L, 4L}).abs(), DType.INT64, 3, 4);
            assertValues(tensor(new long[]{-3L, 4L}).square(), DType.INT64, 9, 16);
        }

        @Test
        void boolInputsFollowPyTorch() {
            Tensor m = tensor(true, false);
            assertTrue(message(IllegalArgumentException.class, m::neg).startsWith("Negation, the `-` operator, on a bool tensor"));
            assertTrue(message(IllegalArgumentException.class, m::relu).contains("Boolean inputs not supported for relu"));
            assertThrows(IllegalArgumentException.class, m::abs);
            assertThrows(IllegalArgumentException.class, m::floor);
            assertValues(m.sign(), DType.BOOL, 1, 0);
            // torch.tensor([True, False]).square() -> tensor([1, 0]) (int64); exp(True) = e in float32
            assertValues(m.square(), DType.INT64, 1, 0);
            assertClose(m.exp(), DType.FLOAT32, 1e-6, Math.E, 1);
        }

        @Test
        void transcendentalFunctionsAtPointsWithKnownValues() {
            double ln2 = Math.log(2), ln3 = Math.log(3);
            // e^0 = 1, e^(ln 2) = 2, e^(−ln 2) = 1/2
            assertClose(f64(0, ln2, -ln2).exp(), DType.FLOAT64, 1e-15, 1, 2, 0.5);
            // ln 1 = 0, ln 4 = 2 ln 2, ln ¼ = −2 ln 2, ln 0 = −inf, ln(−1) = NaN
            assertClose(f64(1, 4, 0.25, 0, -1).log(), DType.FLOAT64, 1e-15, 0, 2 * ln2, -2 * ln2, -INF, NAN);
            // √0.25 = 0.5, √4 = 2, √−1 = NaN; 1/√4 = 0.5, 1/√0.25 = 2, 1/√0 = inf
            assertClose(f64(0.25, 4, -1).sqrt(), DType.FLOAT64, 0, 0.5, 2, NAN);
            assertClose(f64(4, 0.25, 0).rsqrt(), DType.FLOAT64, 0, 0.5, 2, INF);
            // sin(π/6) = ½, sin(−π/2) = −1; cos(π/3) = ½, cos(π) = −1; tan(π/4) = 1, tan(−π/4) = −1
            assertClose(f64(PI / 6, -PI / 2).sin(), DType.FLOAT64, 1e-15, 0.5, -1);
            assertClose(f64(PI / 3, PI).cos(), DType.FLOAT64, 1e-15, 0.5, -1);
            assertClose(f64(PI / 4, -PI / 4).tan(), DType.FLOAT64, 1e-15, 1, -1);
            // tanh(ln 2) = (2 − ½)/(2 + ½) = 0.6; tanh(0) = 0; tanh(±inf) = ±1
            assertClose(f64(ln2, 0, INF, -INF).tanh(), DType.FLOAT64, 1e-15, 0.6, 0, 1, -1);
            // σ(ln 3) = 1/(1 + ⅓) = 0.75, σ(0) = ½, σ(−ln 3) = 0.25
            assertClose(f64(ln3, 0, -ln3).sigmoid(), DType.FLOAT64, 1e-15, 0.75, 0.5, 0.25);
            // log₂ 8 = 3 and log₂ 2²⁹ = 29 exactly; log₁₀ 1000 = 3; ln(1 + (e − 1)) = 1; e^(ln 2) − 1 = 1
            assertValues(f64(8, Math.scalb(1.0, 29), 0.5).log2(), DType.FLOAT64, 3, 29, -1);
            assertValues(f64(1000, 0.01).log10(), DType.FLOAT64, 3, -2);
            assertClose(f64(Math.E - 1).log1p(), DType.FLOAT64, 1e-15, 1);
            assertClose(f64(ln2).expm1(), DType.FLOAT64, 1e-15, 1);
        }

        @Test
        void float32FunctionsRoundTheDoubleResult() {
            // the same points in float32: each value is the float nearest to the exact result
            double ln2 = (float) Math.log(2);
            assertClose(tensor(0, ln2).exp(), DType.FLOAT32, 1e-7, 1, 2);
            assertClose(tensor(0.25, 4).sqrt(), DType.FLOAT32, 0, 0.5, 2);
            assertClose(tensor(PI / 6).sin(), DType.FLOAT32, 1e-7, 0.5);
            // integral inputs are computed in float32: e^1, ln 1, √4
            assertClose(tensor(new long[]{1L}).exp(), DType.FLOAT32, 1e-6, Math.E);
            assertValues(tensor(new long[]{1L, 4L}).log(), DType.FLOAT32, 0, (float) Math.log(4));
            assertValues(tensor(new long[]{4L}).sqrt(), DType.FLOAT32, 2);
        }

        @Test
        void sigmoidSaturatesWithoutNaN() {
            // 1/(1 + e^10000) = 1/inf = 0 and 1/(1 + e^−10000) = 1/(1 + 0) = 1
            assertValues(tensor(-1e4, 1e4).sigmoid(), DType.FLOAT32, 0, 1);
            // σ(−100) = 3.7e−44 is a float32 subnormal (PyTorch's float arithmetic flushes it to 0)
            assertClose(tensor(new long[]{-100, 100}).sigmoid(), DType.FLOAT32, 1e-40, 0, 1);
            assertValues(f64(-1e4, 1e4).sigmoid(), DType.FLOAT64, 0, 1);
            assertValues(tensor(NAN).sigmoid(), DType.FLOAT32, NAN);
        }

        @Test
        void reluKeepsNaNAndZeroesNegatives() {
            assertValues(tensor(-1, 0, 2, NAN).relu(), DType.FLOAT32, 0, 0, 2, NAN);
            // torch.relu(torch.tensor([-0.0])) -> tensor([-0.])
            assertValues(tensor(-0.0).relu(), DType.FLOAT32, -0.0);
            assertValues(tensor(new long[]{-3L, 3L}).relu(), DType.INT64, 0, 3);
        }

        @Test
        void roundingFunctions() {
            Tensor x = tensor(-1.7, -0.2, 0.2, 1.7);
            assertValues(x.floor(), DType.FLOAT32, -2, -1, 0, 1);
            assertValues(x.ceil(), DType.FLOAT32, -1, -0.0, 1, 2);
            assertValues(x.trunc(), DType.FLOAT32, -1, -0.0, 0, 1);
            // half to even: 0.5 → 0, 1.5 → 2, 2.5 → 2, −0.5 → −0, −1.5 → −2, −2.5 → −2; 2.4 → 2, 2.6 → 3
            assertValues(tensor(0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6).round(), DType.FLOAT32,
                    0, 2, 2, -0.0, -2, -2, 2, 3);
            // integers are already whole: the ops keep the values and the dtype
            assertValues(tensor(new long[]{-3L, 7L}).floor(), DType.INT64, -3, 7);
            assertValues(tensor(new long[]{-3L, 7L}).round(), DType.INT64, -3, 7);
        }

        @Test
        void clampClampMinClampMax() {
            Tensor x = tensor(-2, NAN, 0.5, 3);
            assertValues(x.clamp(-1, 1), DType.FLOAT32, -1, NAN, 0.5, 1);
            assertValues(x.clampMin(0), DType.FLOAT32, 0, NAN, 0.5, 3);
            assertValues(x.clampMax(0), DType.FLOAT32, -2, NAN, 0, 0);
            assertValues(x.clamp(-1.5, NAN), DType.FLOAT32, -1.5, NAN, 0.5, 3);
            // min > max: every element becomes max (min is applied first, then max), as torch.clamp
            assertValues(tensor(-2, 0.5, 3).clamp(2, 1), DType.FLOAT32, 1, 1, 1);
            // integer bounds keep int64; double bounds promote like any Python float operand:
            // torch.clamp(torch.tensor([1, 2, 3]), 0.5, 2.5) -> tensor([1.0000, 2.0000, 2.5000])
            assertValues(tensor(new long[]{1L, 2L, 3L}).clamp(2, 2), DType.INT64, 2, 2, 2);
            assertValues(tensor(new long[]{1L, 2L, 3L}).clamp(0.5, 2.5), DType.FLOAT32, 1, 2, 2.5);
            assertValues(tensor(new long[]{1L, 5L}).clampMax(3), DType.INT64, 1, 3);
            assertTrue(message(IllegalArgumentException.class, () -> x.clamp(NAN, NAN)).contains("At least one of 'min' or 'max'"));
        }
    }

    // =============================================================================================================
    @Nested
    class ComparisonsAndLogic {
        @Test
        void comparisonsGiveBool() {
            Tensor a = tensor(1., 2., 3.), b = tensor(2., 2., 2.);
            assertBools(a.eq(b), false, true, false);
            assertBools(a.ne(b), true, false, true);
            assertBools(a.gt(b), false, false, true);
            assertBools(a.ge(b), false, true, true);
            assertBools(a.lt(b), true, false, false);
            assertBools(a.le(b), true, true, false);
            assertBools(a.gt(1.5), false, true, true);
            assertBools(a.eq(2), false, true, false);
        }

        @Test
        void comparisonsPromoteFirst() {
            // int64 [1, 2, 3] against float32 [1, 2.5, 3] is compared as float32
            assertBools(tensor(new long[]{1L, 2L, 3L}).eq(tensor(1, 2.5, 3)), true, false, true);
            assertBools(tensor(new long[]{1L, 2L, 3L}).lt(2.5), true, true, false);
        }

        @Test
        void nanIsUnorderedAndUnequal() {
            Tensor n = tensor(NAN, NAN);
            assertBools(n.eq(n), false, false);
            assertBools(n.ne(n), true, true);
            assertBools(n.lt(1), false, false);
            assertBools(n.ge(1), false, false);
        }

        @Test
        void logicalOpsTreatNonZeroAsTrue() {
            // NaN is non-zero, so it is true
            Tensor a = tensor(0, 1, NAN, 2), b = tensor(new long[]{1L, 1L, 1L, 0L});
            assertBools(a.logicalAnd(b), false, true, true, false);
            assertBools(a.logicalOr(b), true, true, true, true);
            assertBools(a.logicalXor(b), true, false, false, true);
            assertBools(a.logicalNot(), true, false, false, false);
        }

        @Test
        void whereSelectsAndBroadcasts() {
            Tensor c = tensor(true, false, true);
            assertValues(where(c, tensor(1., 2., 3.), tensor(10., 20., 30.)), DType.FLOAT32, 1, 20, 3);
            // cond [2,1] against values [3]: rows chosen whole
            Tensor rows = where(tensor(true, false).reshape(2, 1), tensor(1., 2., 3.), tensor(-1., -2., -3.));
            assertValues(rows, DType.FLOAT32, new int[]{2, 3}, 1, 2, 3, -1, -2, -3);
            assertValues(tensor(1., 2., 3.).where(c, 0), DType.FLOAT32, 1, 0, 3);
            // the values are promoted: int64 with float64 → float64
            assertValues(where(c, tensor(new long[]{1L, 2L, 3L}), f64(0.5, 0.5, 0.5)), DType.FLOAT64, 1, 0.5, 3);
            assertTrue(message(IllegalArgumentException.class, () -> where(tensor(1., 0., 1.), tensor(1., 2., 3.), tensor(4., 5., 6.)))
                    .contains("condition to be a boolean tensor"));
        }

        @Test
        void whereWithANumberPromotesAsPyTorch() {
            Tensor c = tensor(true, false);
            // torch.where(c, torch.tensor([1, 2]), 2.5) -> tensor([1.0000, 2.5000]); with 0 -> tensor([1, 0])
            assertValues(where(c, tensor(new long[]{1L, 2L}), 2.5), DType.FLOAT32, 1, 2.5);
            assertValues(where(c, tensor(new long[]{1L, 2L}), 0L), DType.INT64, 1, 0);
            assertValues(where(c, 2.5, tensor(new long[]{1L, 2L})), DType.FLOAT32, 2.5, 2);
            assertValues(tensor(new long[]{1L, 2L}).where(c, 7), DType.INT64, 1, 7);
            assertValues(f64(1, 2).where(c, 0.1), DType.FLOAT64, 1, 0.1);
        }

        @Test
        void isnanIsinfIsfinite() {
            Tensor x = tensor(1, INF, -INF, NAN);
            assertBools(x.isnan(), false, false, false, true);
            assertBools(x.isinf(), false, true, true, false);
            assertBools(x.isfinite(), true, false, false, false);
            Tensor n = tensor(new long[]{1L, -2L});
            assertBools(n.isnan(), false, false);
            assertBools(n.isinf(), false, false);
            assertBools(n.isfinite(), true, true);
        }
    }

    // =============================================================================================================
    @Nested
    class Broadcasting {
        @Test
        void columnPlusRowGivesAMatrix() {
            // a[i] + b[j] for a = [0, 10, 20] (as [3,1]) and b = [1, 2, 3, 4]
            Tensor a = tensor(0., 10., 20.).reshape(3, 1), b = tensor(1., 2., 3., 4.);
            assertValues(a.add(b), DType.FLOAT32, new int[]{3, 4}, 1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);
            assertValues(b.add(a), DType.FLOAT32, new int[]{3, 4}, 1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);
        }

        @Test
        void zeroDimTensorAndLeadingDims() {
            // a 0-d tensor broadcasts to any shape
            assertValues(ones(2, 3).mul(scalar(2.)), DType.FLOAT32, new int[]{2, 3}, 2, 2, 2, 2, 2, 2);
            // [2,1,3] with [4,1] → [2,4,3]
            assertArrayEquals(new int[]{2, 4, 3}, zeros(2, 1, 3).add(zeros(4, 1)).shape());
            assertArrayEquals(new int[]{}, scalar(1).add(scalar(2)).shape());
        }

        @Test
        void zeroSizedDimensions() {
            assertValues(ones(0, 1).add(ones(3)), DType.FLOAT32, new int[]{0, 3});
            assertValues(ones(0).mul(ones(1)), DType.FLOAT32, new int[]{0});
            assertValues(ones(2, 0).gt(0.5), DType.BOOL, new int[]{2, 0});
            // torch: "The size of tensor a (0) must match the size of tensor b (3) at non-singleton dimension 0"
            assertEquals("The size of tensor a (0) must match the size of tensor b (3) at non-singleton dimension 0",
                    message(IllegalArgumentException.class, () -> ones(0).add(ones(3))));
        }

        @Test
        void mismatchNamesBothSizesAndTheDimension() {
            assertEquals("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
                    message(IllegalArgumentException.class, () -> ones(2, 3).add(ones(4))));
            assertEquals("The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1",
                    message(IllegalArgumentException.class, () -> ones(4).mul(ones(2, 3))));
            // the rightmost mismatch is named: torch.ones(2,3) + torch.ones(3,4) fails at dimension 1, not 0
            assertEquals("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
                    message(IllegalArgumentException.class, () -> ones(2, 3).add(ones(3, 4))));
        }
    }

    // =============================================================================================================
    /** Each case checked against {@code /usr/bin/python3}: {@code (a + b).dtype} with torch 1.13. */
    @Nested
    class TypePromotion {
        Tensor i64 = tensor(new long[]{1L, 2L, 3L}), i32 = ones(DType.INT32, 3), u8 = ones(DType.UINT8, 3), f32 = tensor(1., 2., 3.),
                f64 = f64(1, 2, 3), b = tensor(true, false, true);

        @Test
        void betweenTensors() {
            assertEquals(DType.FLOAT32, i64.add(f32).dtype());     // torch: int64 + float32 -> float32
            assertEquals(DType.FLOAT64, f32.add(f64).dtype());     // float32 + float64 -> float64
            assertEquals(DType.INT64, i32.add(i64).dtype());       // int32 + int64 -> int64
            assertEquals(DType.INT32, u8.add(i32).dtype());        // uint8 + int32 -> int32
            assertEquals(DType.UINT8, u8.add(b).dtype());          // uint8 + bool -> uint8
            assertEquals(DType.BOOL, b.add(b).dtype());            // bool + bool -> bool
            assertEquals(DType.FLOAT32, i64.div(i64).dtype());     // int64 / int64 -> float32
            assertEquals(DType.FLOAT32, b.div(b).dtype());         // bool / bool -> float32
            assertEquals(DType.FLOAT32, i32.atan2(i32).dtype());   // atan2(int32, int32) -> float32
            assertEquals(DType.BOOL, i64.lt(f32).dtype());         // comparisons -> bool
            assertEquals(DType.FLOAT64, where(b, f64, f32).dtype()); // where(b, float64, float32) -> float64
        }

        @Test
        void withJavaNumbers() {
            assertEquals(DType.FLOAT32, f32.add(2.5).dtype());     // float32 + 2.5 -> float32 (no upcast)
            assertEquals(DType.FLOAT64, f64.add(2.5).dtype());
            assertEquals(DType.INT64, i64.add(2L).dtype());        // int64 + 2 -> int64
            assertEquals(DType.FLOAT32, i64.add(2.5).dtype());     // int64 + 2.5 -> float32
            assertEquals(DType.INT32, i32.add(2L).dtype());        // int32 + 2 -> int32
            assertEquals(DType.INT64, b.add(2L).dtype());          // bool + 2 -> int64
            assertEquals(DType.FLOAT32, b.add(2.5).dtype());       // bool + 2.5 -> float32
            assertEquals(DType.FLOAT32, i32.pow(2.0).dtype());     // int32 ** 2.0 -> float32
            assertEquals(DType.BOOL, f32.gt(1L).dtype());
        }

        @Test
        void zeroDimTensorsCountOnlyWhenTheyBringAHigherCategory() {
            Tensor f64Scalar = scalar(1, DType.FLOAT64);
            assertEquals(DType.FLOAT64, i64.add(f64Scalar).dtype());            // int64[3] + float64 0-d -> float64
            assertEquals(DType.FLOAT32, f32.add(f64Scalar).dtype());            // float32[3] + float64 0-d -> float32
            assertEquals(DType.INT32, i32.add(scalarLong(1)).dtype());             // int32[3] + int64 0-d -> int32
            assertEquals(DType.UINT8, u8.add(scalarLong(5)).dtype());              // uint8[3] + int64 0-d -> uint8
            assertEquals(DType.INT64, b.add(scalarLong(5)).dtype());               // bool[3] + int64 0-d -> int64
            assertEquals(DType.FLOAT32, scalarLong(1).add(f32).dtype());           // int64 0-d + float32[3] -> float32
            assertEquals(DType.FLOAT64, scalar(1.).add(f64Scalar).dtype());     // two 0-d: float32 + float64 -> float64
            assertEquals(DType.FLOAT64, f64Scalar.add(scalar(1, DType.INT32)).dtype());
            assertEquals(DType.FLOAT32, scalarLong(1).add(2.5).dtype());           // int64 0-d + 2.5 -> float32
        }

        @Test
        void narrowIntegerArithmeticWrapsAsPyTorch() {
            // torch.tensor([1, 2, 3], dtype=torch.uint8) + torch.tensor(300) -> [45, 46, 47]: 300 wraps to 44 in uint8
            assertValues(tensor(new long[]{1L, 2L, 3L}).to(DType.UINT8).add(scalarLong(300)), DType.UINT8, 45, 46, 47);
        }
    }

    // =============================================================================================================
    @Nested
    class InPlace {
        @Test
        void arithmeticInPlaceReturnsTheSameTensor() {
            Tensor x = tensor(1., 2., 3.);
            assertSame(x, x.add_(tensor(1., 1., 1.)));
            assertValues(x, DType.FLOAT32, 2, 3, 4);
            x.sub_(0.5);        // [1.5, 2.5, 3.5]
            x.mul_(2L);         // [3, 5, 7]
            x.div_(tensor(3., 5., 7.).mul(0.5)); // [3/1.5, 5/2.5, 7/3.5]
            assertValues(x, DType.FLOAT32, 2, 2, 2);
            x.pow_(3L);         // 2³
            assertValues(x, DType.FLOAT32, 8, 8, 8);
            x.pow_(1.0 / 3);    // 8^⅓ = 2
            assertClose(x, DType.FLOAT32, 1e-6, 2, 2, 2);
            x.add_(tensor(1., 2., 3.), 2); // x + 2·[1, 2, 3]
            assertClose(x, DType.FLOAT32, 1e-6, 4, 6, 8);
            x.sub_(tensor(4., 6., 8.), 0.5); // x − ½·x
            assertClose(x, DType.FLOAT32, 1e-6, 2, 3, 4);
        }

        @Test
        void integralTensorsTakeIntegralOperands() {
            Tensor n = tensor(new long[]{1L, 2L});
            n.add_(1L).mul_(3L).sub_(tensor(new long[]{1L, 1L}));  // (x + 1)·3 − 1
            assertValues(n, DType.INT64, 5, 8);
            n.pow_(2L);
            assertValues(n, DType.INT64, 25, 64);
            // a float32 tensor takes any operand: float64 values are rounded back into it
            Tensor f = zeros(3).add_(f64(1, 2, 3));
            assertValues(f, DType.FLOAT32, 1, 2, 3);
        }

        @Test
        void unaryInPlace() {
            Tensor x = tensor(-1., 0., 2.);
            assertSame(x, x.neg_());
            assertValues(x, DType.FLOAT32, 1, -0.0, -2);
            x.relu_();          // relu keeps −0, as torch.relu
            assertValues(x, DType.FLOAT32, 1, -0.0, 0);
            x.exp_();           // e¹, e⁰, e⁰
            assertClose(x, DType.FLOAT32, 1e-6, Math.E, 1, 1);
            Tensor s = tensor(4., 9.).sqrt_();
            assertValues(s, DType.FLOAT32, 2, 3);
            assertValues(tensor(0.).sigmoid_(), DType.FLOAT32, 0.5);
            assertValues(tensor(0.).tanh_(), DType.FLOAT32, 0);
            assertValues(tensor(new long[]{-3L, 3L}).neg_().relu_(), DType.INT64, 3, 0);
        }

        @Test
        void clampZeroFillCopy() {
            Tensor x = tensor(-2, 0.5, 3);
            assertSame(x, x.clamp_(-1, 1));
            assertValues(x, DType.FLOAT32, -1, 0.5, 1);
            assertValues(tensor(new long[]{1L, 5L}).clamp_(2, 3), DType.INT64, 2, 3);
            assertSame(x, x.zero_());
            assertValues(x, DType.FLOAT32, 0, 0, 0);
            x.fill_(7.5);
            assertValues(x, DType.FLOAT32, 7.5, 7.5, 7.5);
            // fill_ converts like a cast: torch.tensor([1, 2]).fill_(1.5) -> tensor([1, 1])
            assertValues(tensor(new long[]{1L, 2L}).fill_(1.5), DType.INT64, 1, 1);
            // copy_ broadcasts src and converts its dtype (float → int truncates toward zero)
            Tensor m = zeros(DType.INT64, 2, 3);
            assertSame(m, m.copy_(tensor(1.9, -1.9, 3)));
            assertValues(m, DType.INT64, new int[]{2, 3}, 1, -1, 3, 1, -1, 3);
        }

        @Test
        void refusesABroadcastThatWouldChangeTheTargetShape() {
            Tensor x = ones(3);
            assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]",
                    message(IllegalArgumentException.class, () -> x.add_(ones(2, 3))));
            assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]",
                    message(IllegalArgumentException.class, () -> x.copy_(ones(2, 3))));
            // torch.zeros(2,3).copy_(torch.ones(2)) names the mismatching sizes
            assertEquals("The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
                    message(IllegalArgumentException.class, () -> zeros(2, 3).copy_(ones(2))));
            // broadcasting the other operand is fine
            assertValues(zeros(2, 2).add_(tensor(1., 2.)), DType.FLOAT32, new int[]{2, 2}, 1, 2, 1, 2);
        }

        @Test
        void refusesAResultTypeTheTargetCannotHold() {
            Tensor n = tensor(new long[]{1L, 2L});
            assertTrue(message(IllegalArgumentException.class, () -> n.add_(1.5))
                    .startsWith("result type Float can't be cast to the desired output type Long"));
            // torch.tensor([1, 2]).mul_(2.0): a Python float makes the result float even when whole
            assertTrue(message(IllegalArgumentException.class, () -> n.mul_(2.0))
                    .startsWith("result type Float can't be cast to the desired output type Long"));
            assertTrue(message(IllegalArgumentException.class, () -> n.div_(2L))
                    .startsWith("result type Float can't be cast to the desired output type Long"));
            assertTrue(message(IllegalArgumentException.class, () -> n.add_(tensor(0.5, 0.5)))
                    .startsWith("result type Float can't be cast to the desired output type Long"));
            assertTrue(message(IllegalArgumentException.class, n::exp_)
                    .startsWith("result type Float can't be cast to the desired output type Long"));
            assertTrue(message(IllegalArgumentException.class, () -> n.clamp_(0.5, 1.5))
                    .startsWith("result type Float can't be cast to the desired output type Long"));
            // torch.tensor([True]).add_(1): "result type Long can't be cast to the desired output type Bool"
            assertTrue(message(IllegalArgumentException.class, () -> tensor(true).add_(1L))
                    .startsWith("result type Long can't be cast to the desired output type Bool"));
            assertTrue(message(IllegalArgumentException.class, () -> n.pow_(-1L))
                    .startsWith("Integers to negative integer powers are not allowed."));
            assertValues(n, DType.INT64, 1, 2);
            assertEquals(0, n.version());
        }

        @Test
        void nothingIsHalfWrittenWhenAnOpIsRefused() {
            Tensor x = tensor(1., 2., 3.);
            List<Runnable> refused = List.of(
                    () -> x.add_(ones(2, 3)), () -> x.mul_(ones(4)), () -> x.copy_(ones(2, 3)),
                    () -> x.expand(2, 3).add_(1L), () -> x.narrow(0, 1, 2).add_(x.narrow(0, 0, 2)),
                    () -> x.clamp_(NAN, NAN));
            for (Runnable r : refused) {
                assertThrows(IllegalArgumentException.class, r::run);
                assertValues(x, DType.FLOAT32, 1, 2, 3);
                assertEquals(0, x.version(), "a refused op must not bump the version");
            }
            // an int64 tensor with elements 1 and −1 first: they could be written before 2⁻¹ is seen
            Tensor n = tensor(new long[]{1L, -1L, 2L});
            assertThrows(IllegalArgumentException.class, () -> n.pow_(-1L));
            assertValues(n, DType.INT64, 1, -1, 2);
        }

        @Test
        void writesThroughViewsReachTheBase() {
            Tensor base = zeros(2, 3);
            base.select(0, 1).add_(1L);                // row 1 += 1
            base.narrow(1, 2, 1).fill_(5);             // column 2 := 5
            base.t().select(0, 0).mul_(0L).add_(tensor(7., 8.)); // column 0 := [7, 8] through a transpose
            assertValues(base, DType.FLOAT32, new int[]{2, 3}, 7, 0, 5, 8, 1, 5);
            Tensor flat = base.view(6);
            flat.slice(0, 1, null, 2).neg_();          // elements 1, 3, 5 negated
            assertValues(base, DType.FLOAT32, new int[]{2, 3}, 7, -0.0, 5, -8, 1, -5);
            base.reshape(3, 2).select(1, 0).copy_(tensor(1., 2., 3.)); // elements 0, 2, 4
            assertValues(base, DType.FLOAT32, new int[]{2, 3}, 1, -0.0, 2, -8, 3, -5);
        }

        @Test
        void versionCounterIsSharedWithViewsAndBumpedOncePerOp() {
            Tensor base = zeros(4);
            Tensor view = base.narrow(0, 1, 2);
            assertEquals(0, base.version());
            view.add_(1L);
            assertEquals(1, base.version());
            assertEquals(1, view.version());
            base.mul_(tensor(1., 2., 3., 4.));
            base.zero_();
            base.fill_(1);
            base.copy_(ones(4));
            base.clamp_(0, 1);
            base.exp_();
            assertEquals(7, view.version());
            // out-of-place ops leave the counter alone
            base.add(1L);
            base.exp();
            assertEquals(7, base.version());
        }

        @Test
        void writingValuesThatRequireGradIntoAViewReachesThemThroughTheBase() {
            // base = zeros(3); base[0:1].copy_(w); base[1:2].add_(w); base.sum().backward() -> w.grad = [2.]
            // (CopySlices routes the base's gradient into each written region)
            Tensor base = zeros(3), w = ones(1).requiresGrad_();
            base.narrow(0, 0, 1).copy_(w);
            base.narrow(0, 1, 1).add_(w);
            assertEquals("CopySlices", base.gradFn().name());
            base.sum().backward();
            assertValues(w.grad(), DType.FLOAT32, 2);
            // without a grad-requiring operand, writing a view records nothing
            Tensor plain = zeros(3);
            plain.narrow(0, 1, 1).add_(ones(1));
            assertValues(plain, DType.FLOAT32, 0, 1, 0);
            assertNull(plain.gradFn());
            // a tensor that is not a view takes the graph over: x.copy_(w) makes x a CopyBackwards result
            Tensor x = zeros(1);
            x.copy_(w);
            assertEquals("CopyBackwards", x.gradFn().name());
        }

        @Test
        void memoryOverlapRulesAsPyTorch() {
            // writing an expanded tensor would write one element several times
            Tensor e = zeros(3).expand(2, 3);
            String internal = "unsupported operation: more than one element of the written-to tensor refers to a single"
                    + " memory location. Please clone() the tensor before performing the operation.";
            assertEquals(internal, message(IllegalArgumentException.class, () -> e.add_(1L)));
            assertEquals(internal, message(IllegalArgumentException.class, e::relu_));
            assertEquals(internal, message(IllegalArgumentException.class, () -> e.copy_(ones(2, 3))));
            // fill_ and zero_ are allowed: every write stores the same value (torch.zeros(3).expand(2,3).fill_(1) works)
            e.fill_(1);
            assertValues(e, DType.FLOAT32, new int[]{2, 3}, 1, 1, 1, 1, 1, 1);
            // an input overlapping the output in part: a.add_(a.t()), b[1:].add_(b[:3])
            Tensor a = arange(4.0).reshape(2, 2), b = arange(4.0);
            String partial = "unsupported operation: some elements of the input tensor and the written-to tensor refer to a"
                    + " single memory location. Please clone() the tensor before performing the operation.";
            assertEquals(partial, message(IllegalArgumentException.class, () -> a.add_(a.t())));
            assertEquals(partial, message(IllegalArgumentException.class, () -> a.copy_(a.t())));
            assertEquals(partial, message(IllegalArgumentException.class, () -> b.narrow(0, 1, 3).add_(b.narrow(0, 0, 3))));
            assertEquals(partial, message(IllegalArgumentException.class, () -> a.add_(a.select(0, 0))));
            // the same elements, or disjoint ones, are fine: x·x, and c[::2] += c[1::2] = [0+1, 2+3, 4+5]
            assertValues(a.mul_(a), DType.FLOAT32, new int[]{2, 2}, 0, 1, 4, 9);
            Tensor c = arange(6.0);
            c.slice(0, 0, null, 2).add_(c.slice(0, 1, null, 2));
            assertValues(c, DType.FLOAT32, 1, 1, 5, 3, 9, 5);
            // a self-copy through a different order of the same elements would be partial; a true self-copy is a no-op
            assertValues(b.copy_(b), DType.FLOAT32, 0, 1, 2, 3);
        }

        @Test
        void overlapThatCannotBeDecidedCheaplyReadsACopy() {
            // Layouts with gaps that interleave: Ember reads a copy of the input, so x[2::2] (= [2, 4, 6]) += x[0:6:2]
            // (= [0, 2, 4]) uses the old values: [2, 6, 10]. (PyTorch leaves this case undefined; its element-by-element
            // loop happens to read the already-updated 6 and writes 12.)
            Tensor x = arange(8.0);
            x.slice(0, 2, null, 2).add_(x.slice(0, 0, 6, 2));
            assertValues(x, DType.FLOAT32, 0, 1, 2, 3, 6, 5, 10, 7);
        }
    }

    // =============================================================================================================
    /** Strided inputs (transposed, stepped slices, stride-0 expansions) give exactly what their contiguous copies give. */
    @Nested
    class NonContiguousInputs {
        List<UnaryOperator<Tensor>> unaryOps = List.of(Tensor::neg, Tensor::abs, Tensor::exp, Tensor::sqrt, Tensor::sigmoid,
                Tensor::tanh, Tensor::relu, Tensor::square, Tensor::floor, Tensor::round, Tensor::sign, Tensor::isnan,
                t -> t.clamp(-1, 1), t -> t.pow(3L), t -> t.rsub(1), t -> t.gt(0.25), t -> t.mul(2.0));
        List<BinaryOperator<Tensor>> binaryOps = List.of(Tensor::add, Tensor::sub, Tensor::mul, Tensor::div, Tensor::maximum,
                Tensor::remainder, Tensor::atan2, Tensor::lt, Tensor::logicalXor, (p, q) -> where(p.gt(q), p, q));

        /** [5,6] values with both signs: (i·k mod 11 − 5)/3 for i = 0..29. */
        Tensor source(int k) {
            double[] v = new double[30];
            for (int i = 0; i < v.length; i++) v[i] = ((i * k) % 11 - 5) / 3.0;
            return tensor(v).reshape(5, 6);
        }

        /** The same four strided views of a source. */
        List<Tensor> stridedViews(Tensor s) {
            return List.of(
                    s.t().narrow(1, 0, 4),                                        // [6,4] transposed
                    s.slice(0, 0, null, 2).slice(1, 1, null, 3),                  // [3,2] with steps 2 and 3
                    s.select(1, 2).unsqueeze(0).expand(6, 5).t().narrow(1, 1, 4), // [5,4]: stride 0 along dim 1
                    s.permute(1, 0).slice(0, 1, 5, 1));                           // [4,5]
        }

        List<Tensor> stridedViews() { return stridedViews(source(7)); }

        @Test
        void unaryOpsOnStridedInputs() {
            for (Tensor v : stridedViews()) {
                assertFalse(v.isContiguous());
                Tensor c = v.contiguous();
                for (UnaryOperator<Tensor> op : unaryOps) {
                    Tensor expected = op.apply(c), actual = op.apply(v);
                    assertArrayEquals(expected.shape(), actual.shape());
                    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray());
                }
            }
        }

        @Test
        void binaryOpsOnStridedInputs() {
            List<Tensor> first = stridedViews(), second = stridedViews(source(5));
            for (int k = 0; k < first.size(); k++) {
                Tensor v = first.get(k), w = second.get(k);
                Tensor c = v.contiguous();
                for (BinaryOperator<Tensor> op : binaryOps) {
                    assertArrayEquals(op.apply(c, w.contiguous()).toDoubleArray(), op.apply(v, w).toDoubleArray());
                    // broadcasting a strided row against a strided matrix
                    Tensor row = v.select(0, 0);
                    assertArrayEquals(op.apply(c, row.contiguous()).toDoubleArray(), op.apply(v, row).toDoubleArray());
                }
            }
        }

        @Test
        void inPlaceOpsOnStridedTargets() {
            for (int k = 0; k < 4; k++) {
                Tensor target = stridedViews().get(k); // a view of a fresh source each time
                Tensor expected = target.contiguous().mul(2L).add(1L).clamp(-1.5, 1.5);
                if (target.layout().hasInternalOverlap()) { // the stride-0 view cannot be written
                    assertThrows(IllegalArgumentException.class, () -> target.mul_(2L));
                    continue;
                }
                target.mul_(2L).add_(1L).clamp_(-1.5, 1.5);
                assertArrayEquals(expected.toDoubleArray(), target.toDoubleArray());
            }
        }
    }
}
