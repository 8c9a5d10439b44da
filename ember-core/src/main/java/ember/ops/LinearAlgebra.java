package ember.ops;

import ember.Tensor;

/** Matrix products: dot, mv, mm, bmm, outer and matmul in all of PyTorch's cases, with their backward formulas. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    public static Tensor matmul(Tensor a, Tensor b) { throw todo("matmul"); }

    public static Tensor dot(Tensor a, Tensor b) { throw todo("dot"); }

    public static Tensor mm(Tensor a, Tensor b) { throw todo("mm"); }

    public static Tensor mv(Tensor a, Tensor v) { throw todo("mv"); }

    public static Tensor bmm(Tensor a, Tensor b) { throw todo("bmm"); }

    public static Tensor outer(Tensor a, Tensor b) { throw todo("outer"); }

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + ": not implemented yet");
    }
}
