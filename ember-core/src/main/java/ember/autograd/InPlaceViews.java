package ember.autograd;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.storage.Layout;
import ember.storage.Storage;
import java.util.Arrays;

/**
 * Note [In-place ops on views (CopySlices)]: writing in place into a view {@code v} of a base {@code b} changes
 * {@code b} too, so both histories change, as PyTorch's {@code rebase_history}:
 * <ul>
 * <li>{@code b}'s grad_fn becomes {@code CopySlices}, wrapping the in-place op's node {@code op}. Its backward takes
 * the gradient of the whole base, runs {@code op}'s formula on the part that {@code v} covers, and writes the result
 * for {@code v}'s old value back into that part; the rest of the gradient passes through unchanged to {@code b}'s
 * previous history. {@code op}'s other inputs get their gradients as usual.</li>
 * <li>{@code v}'s grad_fn becomes {@code AsStridedBackward0} of {@code b}: its value is now read from the new
 * {@code b}. Every other view of {@code b} gets the same when its grad_fn is next asked for, because the storage's
 * version moved since its grad_fn was set ({@code Tensor.gradFn()}).</li>
 * </ul>
 * A view of a leaf that requires grad refuses in-place writes outside {@code noGrad()} (PyTorch's error).
 */
public final class InPlaceViews {
    private InPlaceViews() {}

    /**
     * Gives {@code self} the history of the in-place op that just wrote into it and recorded {@code node}; when
     * {@code self} is a view, its base takes a CopySlices around {@code node} instead (see the Note above).
     */
    public static void rebaseHistory(Tensor self, Node node) {
        Tensor base = self.viewBase();
        if (base == null || !(node instanceof FunctionNode op)) {
            self.setGradFn(node);
            return;
        }
        Layout baseLayout = base.layout(), viewLayout = self.layout();
        int[] viewShape = self.shape();
        Edge baseHistory = base.requiresGrad() ? base.gradientEdge() : null;
        FunctionNode copySlices = FunctionNode.copySlices(base, baseHistory, op, (n, g) -> {
            // g is d/d(new base). Inside the view: op's formula gives d/d(old view); outside: the base passes g on.
            //   d/d(old base) = g with the view's part replaced by d/d(old view),  d/d(op's other inputs) = op's formula
            // (a select, as PyTorch's copy into the view: no arithmetic that would turn an infinite g into NaN)
            Tensor gradSlice = take(g, baseLayout, viewLayout);
            Tensor[] opGrads = op.apply(gradSlice);
            if (opGrads.length != op.numInputs())
                throw new IllegalStateException("function " + op.name() + " returned an incorrect number of gradients"
                        + " (expected " + op.numInputs() + ", got " + opGrads.length + ")");
            Tensor[] out = opGrads.clone();
            Tensor oldView = opGrads[0];
            if (oldView != null && !Arrays.equals(oldView.shape(), viewShape)) oldView = oldView.sumToSize(viewShape);
            Tensor inView = viewMask(baseLayout, viewLayout);
            out[0] = oldView == null ? Ember.where(inView, 0.0, g)
                    : Ember.where(inView, scatter(oldView.to(g.dtype()), baseLayout, viewLayout), g);
            return out;
        });
        base.setGradFn(copySlices);
        self.setGradFn(viewNode(base, viewLayout));
    }

    /**
     * As {@link #rebaseHistory(Tensor, Node)} for an op computed out of place into {@code result} and copied into
     * {@code self}. A backward formula may have saved {@code result} (exp_ saves its output); it then stands for the
     * view's new value, so it takes the view's new grad_fn, and a double backward reaches the in-place op only
     * through CopySlices.
     */
    public static void rebaseHistory(Tensor self, Tensor result) {
        rebaseHistory(self, result.gradFn());
        if (self.viewBase() != null) result.setGradFn(self.gradFn());
    }

    /** The grad_fn of a view read afresh from {@code base}: AsStridedBackward0 with {@code base}'s history as input. */
    public static Node viewNode(Tensor base, Layout viewLayout) {
        Layout baseLayout = base.layout();
        // y = base seen through the view's geometry;  dy/dbase scatters the gradient into the view's place
        return FunctionNode.create("AsStridedBackward0", inputs(base), (n, g) -> grads(scatter(g, baseLayout, viewLayout)));
    }

    /** The elements of {@code full} (the base's shape) that the view covers, as a new tensor of the view's shape. */
    static Tensor take(Tensor full, Layout baseLayout, Layout viewLayout) {
        Tensor piece;
        try (var off = GradMode.set(false)) {
            Tensor buffer = Tensor.wrap(zeroStorage(full, baseLayout, viewLayout), baseLayout);
            buffer.copy_(full);
            piece = Tensor.wrap(buffer.storage(), viewLayout).clone();
        }
        // y = full[view];  dy/dfull = the gradient scattered into the view's place
        return FunctionNode.record("AsStridedBackward0", piece, inputs(full), null,
                (n, g) -> grads(scatter(g, baseLayout, viewLayout)));
    }

    /** Zeros of the base's shape with {@code part} (the view's shape) written where the view lies. */
    static Tensor scatter(Tensor part, Layout baseLayout, Layout viewLayout) {
        Tensor full;
        try (var off = GradMode.set(false)) {
            Storage zeros = zeroStorage(part, baseLayout, viewLayout);
            Tensor.wrap(zeros, viewLayout).copy_(part);
            full = Tensor.wrap(zeros, baseLayout).clone();
        }
        // y = zeros with y[view] = part;  dy/dpart = the gradient's elements at the view
        return FunctionNode.record("AsStridedScatterBackward0", full, inputs(part), null,
                (n, g) -> grads(take(g, baseLayout, viewLayout)));
    }

    /** A BOOL tensor of the base's shape, true where the view lies. */
    private static Tensor viewMask(Layout baseLayout, Layout viewLayout) {
        try (var off = GradMode.set(false)) {
            Storage marks = Ember.zeros(DType.BOOL, Math.max(baseLayout.extent(), viewLayout.extent())).storage();
            Tensor.wrap(marks, viewLayout).fill_(1);
            return Tensor.wrap(marks, baseLayout).clone();
        }
    }

    /** Zeroed memory of {@code like}'s dtype that both geometries fit in. */
    private static Storage zeroStorage(Tensor like, Layout base, Layout view) {
        return Ember.zeros(like.dtype(), Math.max(base.extent(), view.extent())).storage();
    }
}
