package ember.autograd;

import ember.Ember;
import ember.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code torch.autograd.functional}: derivatives of a whole function at a point, built on {@link Autograd#grad}.
 * The function runs with grad mode on, on a detached copy of {@code x} that requires grad, so {@code x} itself and
 * its {@code .grad} are left alone; results are returned without a graph.
 */
public final class Functional {
    private Functional() {}

    /** {@code (func_output, vjp)} of {@link #vjp}. */
    public record VjpResult(Tensor output, Tensor vjp) {}

    /** {@code (func_output, jvp)} of {@link #jvp}. */
    public record JvpResult(Tensor output, Tensor jvp) {}

    /**
     * The Jacobian of {@code f} at {@code x}: shape {@code f(x).shape ++ x.shape}, element {@code [i..., j...]} =
     * ∂f(x)[i...]/∂x[j...]. One backward pass per output element.
     */
    public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
        Tensor input = fresh(x);
        Tensor y = call(f, input);
        List<Tensor> rows = new ArrayList<>(y.numel());
        try (var g = GradMode.set(false)) {
            for (int o = 0; o < y.numel(); o++) {
                Tensor row = null;
                if (y.requiresGrad()) {
                    Tensor seed = Ember.zeros(y.dtype(), y.shape());
                    seed.storage().setDouble(seed.layout().indexOfLinear(o), 1);
                    row = Autograd.grad(List.of(y), List.of(input), List.of(seed), true, false, true).get(0);
                }
                rows.add(row == null ? Ember.zeros(x.dtype(), x.shape()) : row);
            }
            int[] shape = concat(y.shape(), x.shape());
            if (rows.isEmpty()) return Ember.zeros(x.dtype(), shape);
            return Ember.stack(rows, 0).reshape(shape);
        }
    }

    /**
     * The Hessian of a scalar function {@code f} at {@code x}: shape {@code x.shape ++ x.shape}, the Jacobian of the
     * gradient (the gradient is taken with {@code createGraph}, so the backward formulas are differentiated).
     */
    public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
        return jacobian(in -> {
            Tensor y = f.apply(in);
            if (y.numel() != 1)
                throw new IllegalArgumentException("The function given to hessian should return a single element Tensor,"
                        + " got shape " + Arrays.toString(y.shape()));
            if (!y.requiresGrad()) return Ember.zerosLike(in);
            Tensor g = Autograd.grad(List.of(y), List.of(in), null, true, true, true).get(0);
            return g == null ? Ember.zerosLike(in) : g;
        }, x);
    }

    /**
     * The vector-Jacobian product vᵀ·J of {@code f} at {@code x}, with {@code f(x)}; {@code v} has the output's
     * shape and may be null when the output has a single element.
     */
    public static VjpResult vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor input = fresh(x);
        Tensor y = call(f, input);
        Tensor product = null;
        if (y.requiresGrad()) {
            List<Tensor> gradOutputs = v == null ? null : List.of(v);
            product = Autograd.grad(List.of(y), List.of(input), gradOutputs, false, false, true).get(0);
        } else if (v == null && y.numel() != 1) {
            throw new IllegalArgumentException("The vector v can only be None if the user-provided function returns a"
                    + " single Tensor with a single element.");
        }
        return new VjpResult(y.detach(), product == null ? Ember.zerosLike(x) : product.detach());
    }

    /**
     * The Jacobian-vector product J·v of {@code f} at {@code x}, with {@code f(x)}; {@code v} has the input's shape.
     * Exact, by the double-vjp trick: g(u) = uᵀ·J is linear in u, so the vjp of g with v is J·v.
     */
    public static JvpResult jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        if (!Arrays.equals(v.shape(), x.shape()))
            throw new IllegalArgumentException("jvp: v has shape " + Arrays.toString(v.shape()) + " but the input has shape "
                    + Arrays.toString(x.shape()) + "; they must match");
        Tensor input = fresh(x);
        Tensor y = call(f, input);
        if (!y.requiresGrad()) return new JvpResult(y.detach(), Ember.zerosLike(y));
        try (var g = GradMode.set(true)) {
            Tensor u = Ember.zerosLike(y).requiresGrad_();
            Tensor uJ = Autograd.grad(List.of(y), List.of(input), List.of(u), true, true, true).get(0);
            Tensor product = uJ == null || !uJ.requiresGrad() ? null
                    : Autograd.grad(List.of(uJ), List.of(u), List.of(v.to(uJ.dtype())), false, false, true).get(0);
            return new JvpResult(y.detach(), product == null ? Ember.zerosLike(y) : product.detach());
        }
    }

    private static Tensor fresh(Tensor x) {
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException("torch.autograd.functional needs a floating point input (got "
                    + x.dtype().torchName() + "); convert it with toDouble() or toFloat()");
        return x.detach().requiresGrad_();
    }

    private static Tensor call(Function<Tensor, Tensor> f, Tensor input) {
        try (var g = GradMode.set(true)) {
            return f.apply(input);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
