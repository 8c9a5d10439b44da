package ember.book.ch2;

import static ember.Ember.*;
import static ember.book.Repr.tuple;

import ember.Tensor;
import ember.book.Program;
import ember.book.Repr;
import ember.book.Settings;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d2l 2.1, data manipulation: creating tensors, their shapes, element-wise operations, concatenation, comparisons,
 * broadcasting, indexing and slicing, saving memory with in-place writes, and conversion to Java arrays and scalars.
 * Where the book shows Python's {@code id()}, this program shows the identity of the tensor's storage: what
 * {@code Z[:] = X + Y} and {@code X += Y} keep is the memory, which is what the book's check is about.
 */
public final class Ndarray implements Program {
    @Override public String name() { return "ch2/ndarray"; }

    @Override public String description() { return "Data manipulation: tensors, broadcasting, indexing, in-place updates"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        Tensor x = arange(12);
        out.println(x);
        out.println(Repr.repr(x.shape()));
        out.println(x.numel());
        Tensor X = x.reshape(3, 4);
        out.println(X);
        out.println(zeros(2, 3, 4));
        out.println(ones(2, 3, 4));
        out.println(randn(3, 4));
        out.println(tensor(new long[][]{{2, 1, 4, 3}, {1, 2, 3, 4}, {4, 3, 2, 1}}));

        // element-wise: a float32 x with an int64 y promotes to float32
        x = tensor(1.0, 2, 4, 8);
        Tensor y = tensor(new long[]{2, 2, 2, 2});
        out.println(tuple(x.add(y), x.sub(y), x.mul(y), x.div(y), x.pow(y)));
        out.println(x.exp());

        X = arange(12.0).reshape(3, 4);
        Tensor Y = tensor(new double[][]{{2.0, 1, 4, 3}, {1, 2, 3, 4}, {4, 3, 2, 1}});
        out.println(tuple(cat(0, X, Y), cat(1, X, Y)));
        out.println(X.eq(Y));
        Tensor sum = X.sum();
        out.println(sum);
        result.put("sum", sum.item());

        // broadcasting a [3, 1] column and a [1, 2] row to [3, 2]
        Tensor a = arange(3).reshape(3, 1), b = arange(2).reshape(1, 2);
        out.println(tuple(a, b));
        Tensor broadcast = a.add(b);
        out.println(broadcast);
        result.put("broadcastRows", (double) broadcast.size(0));
        result.put("broadcastColumns", (double) broadcast.size(1));

        out.println(tuple(X.get("-1"), X.get("1:3")));
        X.set("1, 2", 9);
        out.println(X);
        X.set("0:2, :", 12);
        out.println(X);

        // saving memory: Y = Y + X makes a new tensor; Z[:] = ... and X += Y write into the existing storage
        Tensor before = Y;
        Y = Y.add(X);
        out.println(Repr.repr(Y == before));
        Tensor Z = zerosLike(Y);
        Object zStorage = Z.storage();
        out.println("id(Z): " + System.identityHashCode(Z.storage()));
        Z.set(":", X.add(Y));
        out.println("id(Z): " + System.identityHashCode(Z.storage()));
        result.put("zKeepsStorage", Z.storage() == zStorage ? 1.0 : 0.0);
        Object xStorage = X.storage();
        X.add_(Y);
        out.println(Repr.repr(X.storage() == xStorage));
        result.put("xKeepsStorage", X.storage() == xStorage ? 1.0 : 0.0);

        // to Java: toFloatArray copies out, tensor(float[]) copies in (the book's numpy round trip)
        float[] A = X.toFloatArray();
        Tensor B = tensor(A);
        out.println("(" + A.getClass().getSimpleName() + ", " + B.getClass().getName() + ")");
        result.put("roundTripEqual", B.reshape(3, 4).equal(X) ? 1.0 : 0.0);
        a = tensor(3.5);
        out.println(tuple(a, a.item(), (double) a.toFloatArray()[0], (int) a.item()));
        result.put("item", a.item());

        // exercise 1: the other comparisons
        out.println(tuple(X.lt(Y), X.gt(Y)));
        return result;
    }
}
