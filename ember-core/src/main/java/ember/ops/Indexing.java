package ember.ops;

import ember.Index;
import ember.Tensor;

/** Indexing: basic (views) and advanced (copies) {@code x[...]}, assignment {@code x[...] = v}, gather and friends. */
public final class Indexing {
    private Indexing() {}

    public static Tensor get(Tensor x, Index[] indices) { throw todo("get"); }

    public static Tensor set(Tensor x, Index[] indices, Tensor value) { throw todo("set"); }

    public static Tensor gather(Tensor x, int dim, Tensor index) { throw todo("gather"); }

    public static Tensor indexSelect(Tensor x, int dim, Tensor index) { throw todo("indexSelect"); }

    public static Tensor maskedFill(Tensor x, Tensor mask, double value) { throw todo("maskedFill"); }

    public static Tensor maskedSelect(Tensor x, Tensor mask) { throw todo("maskedSelect"); }

    public static Tensor nonzero(Tensor x) { throw todo("nonzero"); }

    public static Tensor oneHot(Tensor x, int numClasses) { throw todo("oneHot"); }

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + ": not implemented yet");
    }
}
