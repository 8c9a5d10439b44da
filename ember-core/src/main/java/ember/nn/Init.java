package ember.nn;

import ember.Tensor;
import ember.autograd.GradMode;

/**
 * {@code torch.nn.init}: in-place initialisers that run without recording gradients, so they work on parameters.
 * Fan-in/fan-out follow PyTorch: for a weight of shape [out, in, k...], fan_in = in·∏k and fan_out = out·∏k.
 */
public final class Init {
    private Init() {}

    public static Tensor normal_(Tensor t, double mean, double std) {
        try (var g = GradMode.set(false)) {
            return t.normal_(mean, std);
        }
    }

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

    /** Xavier/Glorot uniform: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1.0); }

    public static Tensor xavierUniform_(Tensor t, double gain) {
        int[] f = fans(t);
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform_(t, -a, a);
    }

    /** Xavier/Glorot normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1.0); }

    public static Tensor xavierNormal_(Tensor t, double gain) {
        int[] f = fans(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])));
    }

    /** Kaiming/He uniform for ReLU layers (fan_in mode): U(−b, b) with b = √2·√(3 / fan_in). */
    public static Tensor kaimingUniform_(Tensor t) { return kaimingUniform_(t, 0, true, "leaky_relu"); }

    /**
     * Kaiming uniform with PyTorch's parameters: {@code a} is the negative slope of a leaky ReLU, {@code fanIn}
     * chooses fan_in (else fan_out), {@code nonlinearity} picks the gain ("relu", "leaky_relu", "tanh", "sigmoid",
     * "linear").
     */
    public static Tensor kaimingUniform_(Tensor t, double a, boolean fanIn, String nonlinearity) {
        int[] f = fans(t);
        double std = gain(nonlinearity, a) / Math.sqrt(fanIn ? f[0] : f[1]);
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound);
    }

    public static Tensor kaimingNormal_(Tensor t) { return kaimingNormal_(t, 0, true, "leaky_relu"); }

    public static Tensor kaimingNormal_(Tensor t, double a, boolean fanIn, String nonlinearity) {
        int[] f = fans(t);
        return normal_(t, 0, gain(nonlinearity, a) / Math.sqrt(fanIn ? f[0] : f[1]));
    }

    /** {@code calculate_gain}: the factor that keeps activations' variance stable through a nonlinearity. */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
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
