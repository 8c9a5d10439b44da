package ember.ops;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.*;

import ember.DType;
import ember.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The element-wise ops' {@code out=} forms ({@code Ember.add(a, b, out)}, {@code Ember.exp(x, out)}, …), checked
 * against PyTorch 1.13's behaviour: values, casts into out, overlap rules, autograd refusals, and that a refused call
 * leaves out untouched.
 */
class ElementwiseOutTest {
    private static final double[] UNTOUCHED = {7, 7, 7};

    private static Tensor sevens(DType dtype) { return full(new int[]{3}, 7, dtype); }

    @Test
    void binaryOpsWriteTheirResultIntoOutAndReturnIt() {
        Tensor a = tensor(1.0, 2.0, 3.0), b = tensor(4.0, 5.0, 6.0);
        Tensor out = empty(3);
        int version = out.version();
        assertSame(out, add(a, b, out));
        assertArrayEquals(new double[]{5, 7, 9}, out.toDoubleArray());
        assertTrue(out.version() > version, "out was written in place: its version moves");
        assertArrayEquals(new double[]{-3, -3, -3}, sub(a, b, out).toDoubleArray());
        assertArrayEquals(new double[]{4, 10, 18}, mul(a, b, out).toDoubleArray());
        assertArrayEquals(a.div(b).toDoubleArray(), div(a, b, out).toDoubleArray());
        assertNull(out.gradFn());
    }

    @Test
    void unaryOpsGiveTheBitsOfTheirOutOfPlaceForms() {
        // every size through the vector loops' tails, float32 and float64, contiguous and into a transposed out
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[]{1, 3, 17, 100, 4097}) {
                manualSeed(n);
                Tensor x = rand(dtype, n).mul(4.0).sub(2.0), positive = x.abs().add(0.5);
                assertArrayEquals(x.exp().toDoubleArray(), exp(x, empty(dtype, n)).toDoubleArray());
                assertArrayEquals(positive.log().toDoubleArray(), log(positive, empty(dtype, n)).toDoubleArray());
                assertArrayEquals(positive.sqrt().toDoubleArray(), sqrt(positive, empty(dtype, n)).toDoubleArray());
                assertArrayEquals(x.tanh().toDoubleArray(), tanh(x, empty(dtype, n)).toDoubleArray());
                assertArrayEquals(x.sigmoid().toDoubleArray(), sigmoid(x, empty(dtype, n)).toDoubleArray());
            }
            Tensor m = rand(dtype, 5, 7), t = empty(dtype, 7, 5).t();
            exp(m, t);
            assertArrayEquals(m.exp().toDoubleArray(), t.toDoubleArray(), "into a transposed out");
        }
    }

    @Test
    void operandsBroadcastToOutsShape() {
        // torch.add(torch.ones(2,1), torch.tensor([1.,2.,3.]), out=torch.empty(2,3)) → [[2,3,4],[2,3,4]]
        Tensor out = empty(2, 3);
        add(ones(2, 1), tensor(1.0, 2.0, 3.0), out);
        assertArrayEquals(new double[]{2, 3, 4, 2, 3, 4}, out.toDoubleArray());
    }

    @Test
    void theResultIsCastIntoOutWhenPyTorchAllows() {
        // torch.add(torch.tensor([1,2]), torch.tensor([3,4]), out=torch.empty(2)) → tensor([4., 6.])
        Tensor f = empty(2);
        add(tensor(new long[]{1, 2}), tensor(new long[]{3, 4}), f);
        assertArrayEquals(new double[]{4, 6}, f.toDoubleArray());
        // torch.div(torch.tensor([1,2]), torch.tensor([2,2]), out=torch.empty(2)) → tensor([0.5, 1.])
        div(tensor(new long[]{1, 2}), tensor(new long[]{2, 2}), f);
        assertArrayEquals(new double[]{0.5, 1}, f.toDoubleArray());
        // torch.exp(torch.tensor([0,1]), out=torch.empty(2)) → tensor([1.0000, 2.7183]), computed in float32
        exp(tensor(new long[]{0, 1}), f);
        assertArrayEquals(new double[]{1, (float) Math.E}, f.toDoubleArray());
        // torch.exp(torch.ones(2), out=torch.empty(2, dtype=torch.double)): float32's e, widened
        Tensor d = empty(DType.FLOAT64, 2);
        exp(ones(2), d);
        assertArrayEquals(new double[]{(float) Math.E, (float) Math.E}, d.toDoubleArray());
        // an int64 out of int64 operands stays exact beyond float's 24 bits
        Tensor l = empty(DType.INT64, 1);
        add(tensor(new long[]{(1L << 40) + 1}), tensor(new long[]{1}), l);
        assertArrayEquals(new long[]{(1L << 40) + 2}, l.toLongArray());
    }

    @Test
    void aResultOutCannotHoldIsRefusedAndOutIsUntouched() {
        Tensor out = sevens(DType.INT64);
        // torch.add(torch.ones(3), torch.ones(3), out=torch.empty(3, dtype=torch.long))
        assertMessageStarts("result type Float can't be cast to the desired output type Long",
                () -> add(ones(3), ones(3), out));
        // torch.div(torch.tensor([1,2]), torch.tensor([2,2]), out=<long>): true division is float
        assertMessageStarts("result type Float can't be cast to the desired output type Long",
                () -> div(tensor(new long[]{1, 2, 3}), tensor(new long[]{2, 2, 2}), out));
        // torch.sqrt(torch.tensor([4]), out=<long>)
        assertMessageStarts("result type Float can't be cast to the desired output type Long",
                () -> sqrt(tensor(new long[]{4, 9, 16}), out));
        assertArrayEquals(new long[]{7, 7, 7}, out.toLongArray());
    }

    @Test
    void outOfAnotherShapeIsRefusedWithTheShapeToUse() {
        Tensor out = sevens(DType.FLOAT32);
        String m = assertThrows(IllegalArgumentException.class, () -> add(ones(2, 2), ones(2), out)).getMessage();
        assertTrue(m.startsWith("add(): out has shape [3] but the result has shape [2, 2]") && m.contains("Ember.empty(2, 2)"), m);
        // the hint keeps out's dtype, which the float64 result casts to
        m = assertThrows(IllegalArgumentException.class, () -> exp(ones(DType.FLOAT64, 4), out)).getMessage();
        assertTrue(m.startsWith("exp(): out has shape [3] but the result has shape [4]") && m.endsWith("Ember.empty(4)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> exp(ones(4), empty(DType.FLOAT64, 3))).getMessage();
        assertTrue(m.endsWith("Ember.empty(DType.FLOAT64, 4)"), m);
        assertArrayEquals(UNTOUCHED, out.toDoubleArray());
    }

    @Test
    void autogradIsRefusedOutsideNoGrad() {
        // torch.exp(x, out=torch.empty(2)) with x.requires_grad: exp(): functions with out=... arguments don't support
        // automatic differentiation, but one of the arguments requires grad.
        Tensor x = tensor(1.0, 2.0, 3.0).requiresGrad_(true);
        Tensor out = sevens(DType.FLOAT32);
        assertMessageStarts("exp(): functions with out=... arguments don't support automatic differentiation, but one of"
                + " the arguments requires grad.", () -> exp(x, out));
        assertMessageStarts("add(): functions with out=... arguments don't support automatic differentiation",
                () -> add(ones(3), ones(3), empty(3).requiresGrad_(true)));
        assertMessageStarts("mul(): functions with out=... arguments don't support automatic differentiation",
                () -> mul(ones(3), x, out));
        assertArrayEquals(UNTOUCHED, out.toDoubleArray());
        try (var g = noGrad()) {
            exp(x, out);
        }
        assertArrayEquals(x.detach().exp().toDoubleArray(), out.toDoubleArray());
        assertNull(out.gradFn());
        assertFalse(out.requiresGrad());
    }

    @Test
    void outMayBeAnOperandButNotPartOfOne() {
        // torch.exp(c, out=c) → tensor([2.7183, 7.3891])
        Tensor c = tensor(1.0, 2.0);
        exp(c, c);
        assertArrayEquals(new double[]{(float) Math.exp(1), (float) Math.exp(2)}, c.toDoubleArray());
        Tensor a = tensor(1.0, 2.0, 3.0);
        add(a, a, a);
        assertArrayEquals(new double[]{2, 4, 6}, a.toDoubleArray());
        // torch.add(a, a.t(), out=a) and torch.add(b[:3], b[1:], out=b[:3]) are refused
        String overlap = "unsupported operation: some elements of the input tensor and the written-to tensor refer to a"
                + " single memory location. Please clone() the tensor before performing the operation.";
        Tensor m = tensor(new double[][]{{1, 2}, {3, 4}});
        assertMessageStarts(overlap, () -> add(m, m.t(), m));
        Tensor b = arange(4.0);
        assertMessageStarts(overlap, () -> add(b.narrow(0, 0, 3), b.narrow(0, 1, 3), b.narrow(0, 0, 3)));
        assertArrayEquals(new double[]{1, 2, 3, 4}, m.toDoubleArray());
        assertArrayEquals(new double[]{0, 1, 2, 3}, b.toDoubleArray());
        // torch.exp(torch.ones(2,2), out=torch.empty(2).expand(2,2))
        assertMessageStarts("unsupported operation: more than one element of the written-to tensor refers to a single"
                + " memory location.", () -> exp(ones(2, 2), empty(2).expand(2, 2)));
    }

    @Test
    void theHintsEmptyCallFitsAnyShapeAndDtype() {
        // a 0-d int64 result: Ember.empty(DType.INT64), not "Ember.empty(DType.INT64, )"
        String m = assertThrows(IllegalArgumentException.class,
                () -> add(scalarLong(1), scalarLong(2), empty(DType.INT64, 1))).getMessage();
        assertTrue(m.contains("has shape []") && m.endsWith("e.g. Ember.empty(DType.INT64)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> exp(scalar(1), empty(DType.INT64))).getMessage();
        assertTrue(m.contains("pass an out of dtype Float, e.g. Ember.empty()"), m);
    }

    @Test
    void aWriteIntoOutIsSeenByAutogradsVersionCheck() {
        // torch: y = x.sigmoid(); (y saves its output) then torch.exp(a, out=y) under no_grad; y.sum().backward() →
        // "one of the variables needed for gradient computation has been modified by an inplace operation"
        Tensor x = tensor(0.5, 1.0).requiresGrad_(true);
        Tensor y = x.sigmoid();
        try (var g = noGrad()) {
            exp(tensor(1.0, 2.0), y);
        }
        String m = assertThrows(RuntimeException.class, () -> y.sum().backward()).getMessage();
        assertTrue(m.contains("modified by an inplace operation"), m);
    }

    @Test
    void anOutThatRequiresGradUnderNoGradKeepsItsFlagAndGetsNoHistory() {
        Tensor w = zeros(3).requiresGrad_(true);
        try (var g = noGrad()) {
            mul(tensor(1.0, 2.0, 3.0), tensor(2.0, 2.0, 2.0), w);
        }
        assertArrayEquals(new double[]{2, 4, 6}, w.toDoubleArray());
        assertTrue(w.requiresGrad());
        assertNull(w.gradFn());
        assertEquals(1, w.version());
    }

    @Test
    void opsWithoutAnOutFormAreRefusedBeforeAnyWrite() {
        // an integer floor division by zero fails inside the kernel: it has no out= form, so out is never half-written
        Tensor out = full(new int[]{4}, 7, DType.INT64);
        assertThrows(IllegalArgumentException.class, () -> Elementwise.binaryOut(ember.kernels.BinaryOp.FLOOR_DIVIDE,
                tensor(new long[]{4, 4, 4, 4}), tensor(new long[]{2, 2, 0, 2}), out));
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unaryOut(ember.kernels.UnaryOp.RELU, tensor(1.0, 2.0, 3.0, 4.0), empty(4)));
        assertArrayEquals(new long[]{7, 7, 7, 7}, out.toLongArray());
        assertEquals(0, out.version());
    }

    @Test
    void boolOperandsAreRefusedAsTheOpsAre() {
        assertMessageStarts("Subtraction, the `-` operator, with two bool tensors is not supported.",
                () -> sub(tensor(true), tensor(true), empty(1)));
    }

    private static void assertMessageStarts(String prefix, org.junit.jupiter.api.function.Executable call) {
        String m = assertThrows(RuntimeException.class, call).getMessage();
        assertTrue(m.startsWith(prefix), m);
    }
}
