package ember.autograd;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Compares analytic gradients (backward) with central finite differences, as {@code torch.autograd.gradcheck}.
 * Inputs should be float64 for the comparison to be meaningful. Every element of the Jacobian is checked: for each
 * output element a backward with a one-hot gradient gives one row of the analytic Jacobian.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Default settings: eps 1e-6, atol 1e-5, rtol 1e-3 (PyTorch's). */
    public static boolean gradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return gradcheck(f, 1e-6, 1e-5, 1e-3, inputs);
    }

    /**
     * Returns true when every analytic gradient matches the numeric one; otherwise throws an
     * {@link AssertionError} naming the input, the element, and both values.
     */
    public static boolean gradcheck(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        for (Tensor in : inputs)
            if (in.requiresGrad() && in.dtype() != DType.FLOAT64)
                throw new IllegalArgumentException("gradcheck expects float64 inputs that require grad (got " + in.dtype()
                        + "); finite differences in float32 are too coarse to compare");
        Tensor out;
        try (var g = GradMode.set(true)) {
            out = f.apply(inputs);
        }
        int nOut = out.numel();
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad()) checked.add(i);

        for (int idx : checked) {
            Tensor x = inputs[idx];
            int nIn = x.numel();
            double[][] numeric = numericJacobian(f, inputs, idx, eps, nOut, nIn);
            double[][] analytic = analyticJacobian(f, inputs, x, nOut, nIn);
            for (int o = 0; o < nOut; o++)
                for (int k = 0; k < nIn; k++) {
                    double a = analytic[o][k], n = numeric[o][k];
                    if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n)))
                        throw new AssertionError("Jacobian mismatch for output " + o + " with respect to input " + idx
                                + " (shape " + Arrays.toString(x.shape()) + "), element " + k + ": analytic " + a
                                + " vs numerical " + n + " (eps " + eps + ", atol " + atol + ", rtol " + rtol + ")");
                }
        }
        return true;
    }

    /**
     * Checks second derivatives, as {@code torch.autograd.gradgradcheck}: the gradients of {@code f} taken with
     * {@code createGraph} (a vector-Jacobian product with a random float64 {@code v}) are themselves gradchecked
     * with respect to the inputs and to {@code v}. This exercises the backward formulas' own backward
     * (e.g. {@code SliceBackwardBackward0}).
     */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor out;
        try (var g = GradMode.set(true)) {
            out = f.apply(inputs);
        }
        Tensor v = Ember.randn(DType.FLOAT64, out.shape()).requiresGrad_();
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = v;
        List<Tensor> wrt = new ArrayList<>();
        for (Tensor in : inputs) if (in.requiresGrad()) wrt.add(in);
        return gradcheck(args -> {
            // the first derivatives need a graph even while gradcheck perturbs inputs with grad mode off
            try (var on = GradMode.set(true)) {
                Tensor y = f.apply(Arrays.copyOf(args, inputs.length));
                List<Tensor> gs = y.requiresGrad()
                        ? Autograd.grad(List.of(y), wrt, List.of(args[inputs.length]), true, true, true)
                        : Arrays.asList(new Tensor[wrt.size()]);
                List<Tensor> flat = new ArrayList<>();
                for (int i = 0; i < gs.size(); i++)
                    flat.add(gs.get(i) == null ? Ember.zeros(DType.FLOAT64, wrt.get(i).numel()) : gs.get(i).reshape(-1));
                return Ember.cat(flat, 0);
            }
        }, all);
    }

    private static double[][] numericJacobian(Function<Tensor[], Tensor> f, Tensor[] inputs, int idx, double eps, int nOut, int nIn) {
        double[][] jac = new double[nOut][nIn];
        Tensor x = inputs[idx];
        try (var g = GradMode.set(false)) {
            for (int k = 0; k < nIn; k++) {
                int pos = x.layout().indexOfLinear(k);
                double orig = x.storage().getDouble(pos);
                x.storage().setDouble(pos, orig + eps);
                double[] plus = f.apply(inputs).toDoubleArray();
                x.storage().setDouble(pos, orig - eps);
                double[] minus = f.apply(inputs).toDoubleArray();
                x.storage().setDouble(pos, orig);
                for (int o = 0; o < nOut; o++) jac[o][k] = (plus[o] - minus[o]) / (2 * eps);
            }
        }
        return jac;
    }

    private static double[][] analyticJacobian(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor x, int nOut, int nIn) {
        double[][] jac = new double[nOut][nIn];
        for (int o = 0; o < nOut; o++) {
            Tensor out;
            try (var g = GradMode.set(true)) {
                out = f.apply(inputs);
            }
            if (!out.requiresGrad()) return jac; // output independent of the inputs: all zeros
            Tensor seed = Ember.zeros(out.dtype(), out.shape());
            seed.storage().setDouble(seed.layout().indexOfLinear(o), 1);
            List<Tensor> gs = Autograd.grad(List.of(out), List.of(x), List.of(seed), false, false, true);
            Tensor gx = gs.get(0);
            if (gx == null) continue;
            if (!Arrays.equals(gx.shape(), x.shape()))
                throw new AssertionError("gradient of shape " + Arrays.toString(gx.shape()) + " for an input of shape "
                        + Arrays.toString(x.shape()));
            double[] row = gx.toDoubleArray();
            System.arraycopy(row, 0, jac[o], 0, nIn);
        }
        return jac;
    }
}
