package ember.nn;

import ember.Tensor;
import ember.autograd.GradMode;

/**
 * {@code torch.nn.init}: in-place initialisers that run without recording gradients, so they work on parameters.
 * Fan-in/fan-out follow PyTorch: for a weight of shape [out, in, k...], fan_in = in·∏k and fan_out = out·∏k.
 */
public final class Init {
    private Init() {}

    /** N(0, 1). */
    public static Tensor normal_(Tensor t) { return normal_(t, 0, 1); }

    public static Tensor normal_(Tensor t, double mean, double std) {
        try (var g = GradMode.set(false)) {
            return t.normal_(mean, std);
        }
    }

    /** U(0, 1). */
    public static Tensor uniform_(Tensor t) { return uniform_(t, 0, 1); }

    public static Tensor uniform_(Tensor t, double from, double to) {
        try (var g = GradMode.set(false)) {
            return t.uniform_(from, to);
        }
    }

    public static Tensor zeros_(Tensor t) { return constant_(t, 0); }

    public static Tensor ones_(Tensor t) { return constant_(t, 1); }

    public static Tensor constant_(Tensor t, double value) {
        try (var g = GradMode.set(false)) {
            return t.fill_(value);
        }
    }

    /** Xavier/Glorot uniform: U(−a, a) with a = √3·gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1.0); }

    public static Tensor xavierUniform_(Tensor t, double gain) {
        int[] f = fans(t);
        double std = gain * Math.sqrt(2.0 / (f[0] + f[1]));
        double a = Math.sqrt(3.0) * std; // PyTorch's order of operations, so the bound rounds as PyTorch's does
        return uniform_(t, -a, a);
    }

    /** Xavier/Glorot normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1.0); }

    public static Tensor xavierNormal_(Tensor t, double gain) {
        int[] f = fans(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])));
    }

    /** Kaiming/He uniform with PyTorch's defaults (a = 0, fan_in, leaky_relu): U(−b, b) with b = √3·√2/√fan_in. */
    public static Tensor kaimingUniform_(Tensor t) { return kaimingUniform_(t, 0, "fan_in", "leaky_relu"); }

    /**
     * Kaiming uniform as {@code kaiming_uniform_(t, a, mode, nonlinearity)}: {@code a} is the negative slope of a
     * leaky ReLU, {@code mode} is "fan_in" (keeps the forward pass's variance) or "fan_out" (the backward pass's),
     * {@code nonlinearity} picks the gain ({@link #calculateGain}). Bound b = √3·gain/√fan.
     */
    public static Tensor kaimingUniform_(Tensor t, double a, String mode, String nonlinearity) {
        if (t.numel() == 0) return t; // PyTorch warns "Initializing zero-element tensors is a no-op"
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound);
    }

    /** Kaiming/He normal with PyTorch's defaults (a = 0, fan_in, leaky_relu): N(0, 2/fan_in). */
    public static Tensor kaimingNormal_(Tensor t) { return kaimingNormal_(t, 0, "fan_in", "leaky_relu"); }

    /** Kaiming normal: N(0, σ²) with σ = gain/√fan; the arguments as in {@link #kaimingUniform_(Tensor, double, String, String)}. */
    public static Tensor kaimingNormal_(Tensor t, double a, String mode, String nonlinearity) {
        if (t.numel() == 0) return t;
        return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)));
    }

    /** {@code calculate_gain(nonlinearity)}: leaky_relu's slope defaults to 0.01. */
    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, 0.01); }

    /** {@code calculate_gain}: the factor that keeps activations' variance stable through a nonlinearity. */
    public static double calculateGain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                 "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        };
    }

    private static int fan(Tensor t, String mode) {
        int[] f = fans(t);
        return switch (mode) {
            case "fan_in" -> f[0];
            case "fan_out" -> f[1];
            default -> throw new IllegalArgumentException("Mode " + mode + " not supported, please use one of ['fan_in', 'fan_out']");
        };
    }

    /** {fan_in, fan_out} of a weight tensor. */
    static int[] fans(Tensor t) {
        if (t.dim() < 2)
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new int[]{t.size(1) * receptive, t.size(0) * receptive};
    }
}
