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
 * d2l 2.3, linear algebra: scalars, vectors, matrices and their transpose, tensors, element-wise (Hadamard) products,
 * reductions (sums and means over all or some axes, keeping dimensions, cumulative sums), dot products,
 * matrix-vector and matrix-matrix products, and the L2, L1 and Frobenius norms.
 */
public final class LinearAlgebra implements Program {
    @Override public String name() { return "ch2/linear-algebra"; }

    @Override public String description() { return "Linear algebra: reductions, dot/mv/mm products, norms"; }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        Tensor x = scalar(3.0), y = scalar(2.0);
        out.println(tuple(x.add(y), x.mul(y), x.div(y), x.pow(y)));

        x = arange(4);
        out.println(x);
        out.println(x.get(3));
        out.println(x.size(0));
        out.println(Repr.repr(x.shape()));

        Tensor A = arange(20).reshape(5, 4);
        out.println(A);
        out.println(A.T());
        Tensor B = tensor(new long[][]{{1, 2, 3}, {2, 0, 4}, {3, 4, 5}});
        out.println(B);
        Tensor symmetric = B.eq(B.T());
        out.println(symmetric);
        result.put("symmetric", symmetric.all().item());

        Tensor X = arange(24).reshape(2, 3, 4);
        out.println(X);

        A = arange(20.0).reshape(5, 4);
        B = A.clone(); // a copy in new memory
        out.println(tuple(A, A.add(B)));
        out.println(A.mul(B));
        long a = 2;
        X = arange(24).reshape(2, 3, 4);
        out.println(tuple(X.add(a), X.mul(a).shape()));

        // reductions
        x = arange(4.0);
        out.println(tuple(x, x.sum()));
        out.println(tuple(A.shape(), A.sum()));
        Tensor sumAxis0 = A.sum(0);
        out.println(tuple(sumAxis0, sumAxis0.shape()));
        Tensor sumAxis1 = A.sum(1);
        out.println(tuple(sumAxis1, sumAxis1.shape()));
        out.println(A.sum(new int[]{0, 1}, false));
        out.println(tuple(A.mean(), A.sum().div((double) A.numel())));
        out.println(tuple(A.mean(0), A.sum(0).div((double) A.size(0))));
        Tensor sumA = A.sum(1, true);
        out.println(sumA);
        out.println(A.div(sumA));
        Tensor cumsum = A.cumsum(0);
        out.println(cumsum);
        result.put("sum", A.sum().item());
        result.put("mean", A.mean().item());
        result.put("cumsumLast", cumsum.get("-1, -1").item());

        // products
        y = ones(4);
        Tensor dot = dot(x, y);
        out.println(tuple(x, y, dot));
        out.println(x.mul(y).sum());
        Tensor mv = mv(A, x);
        out.println(tuple(A.shape(), x.shape(), mv));
        B = ones(4, 3);
        Tensor mm = mm(A, B);
        out.println(mm);
        result.put("dot", dot.item());
        result.put("mvLast", mv.get(-1).item());
        result.put("mmSum", mm.sum().item());

        // norms
        Tensor u = tensor(3.0, -4.0);
        Tensor l2 = u.norm(), l1 = u.abs().sum(), frobenius = ones(4, 9).norm();
        out.println(l2);
        out.println(l1);
        out.println(frobenius);
        result.put("l2", l2.item());
        result.put("l1", l1.item());
        result.put("frobenius", frobenius.item());
        return result;
    }
}
