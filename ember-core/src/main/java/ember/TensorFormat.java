package ember;

/** Formats tensors exactly as PyTorch's {@code repr} does. */
final class TensorFormat {
    private TensorFormat() {}

    static String format(Tensor t) {
        return "tensor(" + java.util.Arrays.toString(t.toDoubleArray()) + ")";
    }
}
