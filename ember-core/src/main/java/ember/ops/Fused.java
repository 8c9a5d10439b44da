package ember.ops;

import static ember.autograd.FunctionNode.grads;
import static ember.autograd.FunctionNode.inputs;
import static ember.autograd.FunctionNode.saved;

import ember.DType;
import ember.Ember;
import ember.Tensor;
import ember.autograd.FunctionNode;
import ember.autograd.GradMode;
import ember.kernels.BinaryOp;
import ember.kernels.KernelProvider;
import ember.kernels.Kernels;
import ember.kernels.UnaryOp;
import ember.storage.DoubleStorage;
import ember.storage.FloatStorage;
import ember.storage.Layout;
import ember.storage.Shapes;
import ember.storage.Storage;
import java.util.Arrays;

/**
 * Fused ops: where eager execution of the composite would make several passes over memory (and allocate a tensor per
 * pass), these make one, with the same result and PyTorch's graph: linear (AddmmBackward0), log-softmax + negative
 * log-likelihood (NllLossBackward0 over LogSoftmaxBackward0), ReLU's backward as a mask, and the optimizers' updates.
 *
 * <p>Note [Fused loops and create_graph]: the one-pass loops below run on float32/float64 data laid out densely; a
 * backward formula uses them only when grad mode is off during backward (the usual {@code backward()}). Under
 * {@code createGraph} the same formula is written with Tensor ops instead, so the gradient is itself differentiable.
 * Other layouts take the composite path too: it computes the same values, only with more passes.
 */
public final class Fused {
    private static final Kernels K = KernelProvider.get();

    private Fused() {}

    // ---------------------------------------------------------------------------------------------
    // linear
    // ---------------------------------------------------------------------------------------------

    /**
     * {@code F.linear}: y = x·Wᵀ + b for W [out, in] and b [out] (or null), recorded as PyTorch 1.13 records it: a
     * 2-D input with a bias is one addmm (AddmmBackward0 over b, x and TBackward0 of W); without a bias it is
     * {@code mm} (MmBackward0); a contiguous 3-D input with a bias is flattened to 2-D around the addmm
     * (ViewBackward0 on both sides); other ranks are matmul then add.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (bias == null) return x.matmul(weight.t());
        if (x.dim() == 3 && x.isContiguous()) {
            int[] outShape = {x.size(0), x.size(1), weight.size(0)};
            return addmm(bias, x.view(-1, x.size(2)), weight.t()).view(outShape);
        }
        if (x.dim() == 2) return addmm(bias, x, weight.t());
        return x.matmul(weight.t()).add(bias);
    }

    /**
     * {@code addmm(b, x, w)} = b + x·w for x [n, k], w [k, m] and b broadcastable to [n, m], in one output pass: the
     * bias is written into the output and the kernel's gemm accumulates the product onto it (a row of m values tile
     * by tile as the product goes, Note [The bias written tile by tile] in the kernels' Gemm).
     */
    static Tensor addmm(Tensor bias, Tensor x, Tensor w) {
        DType dtype = x.dtype();
        if (!dtype.isFloatingPoint() || w.dtype() != dtype || bias.dtype() != dtype || x.size(1) != w.size(0)
                || !Shapes.broadcastsTo(bias.shape(), new int[]{x.size(0), w.size(1)})) {
            return x.mm(w).add(bias); // the composite raises PyTorch's error for whatever does not fit
        }
        int[] shape = {x.size(0), w.size(1)};
        Layout ol = Layout.contiguous(shape);
        Storage os = Storage.allocateForOverwrite(dtype, ol.numel());
        K.gemmBias(x.storage(), x.layout(), w.storage(), w.layout(), bias.storage(), bias.layout().expand(shape), os, ol);
        boolean xColumnMajor = LinearAlgebra.columnMajor(x), wColumnMajor = LinearAlgebra.columnMajor(w);
        // y = b + x·w;  dy/db = g (summed to b's shape by the engine), dy/dx = g·wᵀ, dy/dw = xᵀ·g
        return FunctionNode.record("AddmmBackward0", Tensor.wrap(os, ol), inputs(bias, x, w), saved(x, w), (n, g) -> grads(
                n.needsInputGrad(0) ? g : null,
                n.needsInputGrad(1) ? LinearAlgebra.mmMat1Backward(g, n.saved(1), xColumnMajor) : null,
                n.needsInputGrad(2) ? LinearAlgebra.mmMat2Backward(g, n.saved(0), wColumnMajor) : null));
    }

    // ---------------------------------------------------------------------------------------------
    // cross-entropy = log-softmax + nll
    // ---------------------------------------------------------------------------------------------

    /** How a loss combines its per-sample values (PyTorch's {@code reduction}). */
    public enum Reduce { NONE, MEAN, SUM }

    /**
     * Cross-entropy of logits [N, C] against INT64 class indices [N]: −log softmax(x)[i, yᵢ], reduced. The log-softmax
     * is the kernels' (as {@code logSoftmax(1)}, any layout of the logits), then each row's target entry is picked; the
     * graph is PyTorch's: NllLossBackward0 over LogSoftmaxBackward0.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduce reduction) {
        if (logits.dim() != 2) throw new IllegalArgumentException("crossEntropy: expected logits of 2 dimensions [N, C], got "
                + Shapes.format(logits.shape()) + ". Hint: F.crossEntropy handles other ranks");
        if (!logits.dtype().isFloatingPoint())
            throw new IllegalArgumentException("\"log_softmax\" not implemented for '" + logits.dtype().shortName() + "'. Hint:"
                    + " log_softmax needs a floating tensor, e.g. x.toFloat().logSoftmax(dim)");
        if (target.dtype() != DType.INT64)
            throw new IllegalArgumentException("expected scalar type Long but found " + target.dtype().shortName()
                    + " (class indices must be INT64; use target.toLong())");
        int rows = logits.size(0), classes = logits.size(1);
        if (target.dim() != 1 || target.size(0) != rows)
            throw new IllegalArgumentException("Expected input batch_size (" + rows + ") to match target batch_size ("
                    + (target.dim() == 0 ? 1 : target.size(0)) + ").");
        long[] labels = target.toLongArray();
        for (long t : labels)
            if (t < 0 || t >= classes)
                throw new IndexOutOfBoundsException("Target " + t + " is out of bounds. (class indices must be in [0, "
                        + (classes - 1) + "])");
        Tensor logProbs = Creation.emptyForOverwrite(logits.dtype(), rows, classes);
        K.softmax(true, logits.storage(), logits.layout(), 1, logProbs.storage(), logProbs.layout()); // as logSoftmax(1)
        double[] nll = new double[rows];
        Storage lp = logProbs.storage();
        for (int i = 0; i < rows; i++) nll[i] = -lp.getDouble(i * classes + (int) labels[i]);
        // y = x − log Σ eˣ (rows);  dL/dx = g − eʸ·Σg
        FunctionNode.record("LogSoftmaxBackward0", logProbs, inputs(logits), saved(logProbs),
                (n, g) -> grads(logSoftmaxBackward(g, n.saved(0))));
        Tensor loss = reduceLoss(nll, reduction, logits.dtype());
        // L = −Σᵢ wᵢ·y[i, tᵢ] (wᵢ = 1/N for mean, 1 for sum, or picking loss i for none);  dL/dy[i, c] = −wᵢ·[c = tᵢ]
        return FunctionNode.record("NllLossBackward0", loss, inputs(logProbs), saved(target),
                (n, g) -> grads(nllBackward(g, n.saved(0), rows, classes, reduction)));
    }

    /** e^x[from … from+n) as a new array, by the active kernels (the vector provider's exp on float32). */
    private static float[] exp(float[] x, int from, int n) {
        float[] e = new float[n];
        K.unary(UnaryOp.EXP, 0, 0, new FloatStorage(x), Layout.contiguous(n).withOffset(from), new FloatStorage(e), Layout.contiguous(n));
        return e;
    }

    private static Tensor reduceLoss(double[] nll, Reduce reduction, DType dtype) {
        if (reduction == Reduce.NONE) {
            Tensor out = Ember.empty(dtype, nll.length);
            for (int i = 0; i < nll.length; i++) out.storage().setDouble(i, nll[i]);
            return out;
        }
        double total = 0;
        for (double v : nll) total += v;
        // a mean over no samples is NaN, as PyTorch's nll_loss of an empty batch
        return Ember.scalar(reduction == Reduce.MEAN ? total / nll.length : total, dtype);
    }

    /** The gradient of the picked entries: −g (scaled by 1/N for mean) at [i, tᵢ], zero elsewhere. */
    private static Tensor nllBackward(Tensor g, Tensor target, int rows, int classes, Reduce reduction) {
        double scale = reduction == Reduce.MEAN ? -1.0 / rows : -1.0;
        if (GradMode.isEnabled()) {
            Tensor perRow = reduction == Reduce.NONE ? g.unsqueeze(1) : g;
            return target.oneHot(classes).to(g.dtype()).mul(perRow.mul(scale));
        }
        Tensor out = Ember.zeros(g.dtype(), rows, classes);
        Storage o = out.storage();
        long[] labels = target.toLongArray();
        if (reduction == Reduce.NONE) {
            double[] perRow = g.toDoubleArray();
            for (int i = 0; i < rows; i++) o.setDouble(i * classes + (int) labels[i], scale * perRow[i]);
        } else {
            double v = scale * g.item();
            for (int i = 0; i < rows; i++) o.setDouble(i * classes + (int) labels[i], v);
        }
        return out;
    }

    /** LogSoftmaxBackward0 of rows (dim 1 of a 2-D y): gx = g − eʸ·Σ_c g, one pass over each row. */
    private static Tensor logSoftmaxBackward(Tensor g, Tensor y) {
        if (GradMode.isEnabled() || !g.isContiguous() || g.dtype() != y.dtype())
            return g.sub(y.exp().mul(g.sum(1, true)));
        int rows = y.size(0), classes = y.size(1);
        Tensor out = Creation.emptyForOverwrite(y.dtype(), rows, classes);
        int go = g.storageOffset(), yo = y.storageOffset();
        switch (out.storage()) {
            case FloatStorage o -> {
                float[] gd = ((FloatStorage) g.storage()).data, od = o.data;
                float[] p = exp(((FloatStorage) y.storage()).data, yo, rows * classes);
                for (int i = 0; i < rows; i++) {
                    int r = i * classes;
                    double sum = 0;
                    for (int c = 0; c < classes; c++) sum += gd[go + r + c];
                    float s = (float) sum;
                    for (int c = 0; c < classes; c++) od[r + c] = gd[go + r + c] - p[r + c] * s;
                }
            }
            case DoubleStorage o -> {
                double[] gd = ((DoubleStorage) g.storage()).data, yd = ((DoubleStorage) y.storage()).data, od = o.data;
                for (int i = 0; i < rows; i++) {
                    int r = i * classes;
                    double s = 0;
                    for (int c = 0; c < classes; c++) s += gd[go + r + c];
                    for (int c = 0; c < classes; c++) od[r + c] = gd[go + r + c] - Math.exp(yd[yo + r + c]) * s;
                }
            }
            default -> throw new IllegalStateException("floating storage expected");
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // ReLU backward
    // ---------------------------------------------------------------------------------------------

    /**
     * ReluBackward0 (PyTorch's {@code threshold_backward(g, y, 0)}): the gradient where the output y is positive, zero
     * where y ≤ 0, in one pass. NaN outputs pass the gradient, as in PyTorch (NaN ≤ 0 is false).
     */
    static Tensor reluBackward(Tensor g, Tensor y) {
        if (GradMode.isEnabled() || g.dtype() != y.dtype() || !g.dtype().isFloatingPoint()
                || !Arrays.equals(g.layout().shapeRef(), y.layout().shapeRef())) {
            return Ember.where(y.le(0.0), 0.0, g);
        }
        // one kernel pass; the vector provider selects without a branch per element (a data-dependent branch on
        // ReLU's half-zero outputs mispredicted often enough to cost 2 ns an element)
        boolean inPlace = g.isContiguous() && g.storageOffset() == 0 && g.storage().size() == g.numel()
                && g.storage().takeFreshGradient(); // Note [ReLU's backward in its fresh gradient]
        Tensor out = inPlace ? g : Creation.emptyForOverwrite(g.dtype(), y.shape());
        K.binary(BinaryOp.THRESHOLD_BACKWARD, g.storage(), g.layout(), y.storage(), y.layout(), out.storage(), out.layout());
        return out;
    }

    /*
     * Note [ReLU's backward in its fresh gradient]
     * The gradient reaching a ReLU in the book's MLP is the next layer's input gradient g·W, a product the backward
     * formula has just made and marked as held by the engine alone (Note [Adopting a fresh gradient] in AccumulateGrad).
     * ReLU's backward then writes its masked gradient over it instead of into a new array: a new 256 KB array costs
     * about 20 us of memory that is in no cache (docs/performance.md, the ops' table: clone256), once per training
     * step. The mark is spent doing so, so nothing downstream adopts or reuses it again, and the engine spends it
     * whenever one formula hands a storage to two inputs (add's passthrough, views of one gradient), where the other
     * consumer would read what this one overwrote, and before a user's formula sees a gradient, which it may keep (Note
     * [Formulas that keep what they are given] in FunctionNode).
     */

    // ---------------------------------------------------------------------------------------------
    // Optimizer updates (in place, called under noGrad)
    // ---------------------------------------------------------------------------------------------

    // With grad mode on, the updates take the op-by-op path, whose in-place ops refuse a leaf that requires grad in
    // PyTorch's words; the one-pass loops run only under noGrad(), as Optimizer.step runs them.

    /**
     * One SGD step on parameter p with gradient grad, in place and in one pass (PyTorch's rule):
     * d = g + λp; b = μb + (1−τ)d (b = d when {@code buffer} is null); d = d + μb (Nesterov) or b; p = p − lr·d.
     * Returns the momentum buffer to keep (a new one on the first step), or null without momentum. Each
     * intermediate is rounded to the parameter's dtype, so the result is that of the op-by-op update.
     */
    public static Tensor sgdUpdate_(Tensor p, Tensor grad, Tensor buffer, double lr, double momentum, double dampening,
                                    double weightDecay, boolean nesterov) {
        Tensor buf = buffer == null && momentum != 0 ? Ember.emptyLike(p) : buffer;
        boolean first = buffer == null;
        if (GradMode.isEnabled() || !dense(p, grad, buf))
            return sgdComposite(p, grad, buffer, lr, momentum, dampening, weightDecay, nesterov);
        int n = p.numel();
        switch (p.storage()) {
            case FloatStorage ps -> {
                float[] pd = ps.data, gd = ((FloatStorage) grad.storage()).data;
                float[] bd = buf == null ? null : ((FloatStorage) buf.storage()).data;
                int po = p.storageOffset(), go = grad.storageOffset(), bo = buf == null ? 0 : buf.storageOffset();
                float flr = (float) lr, fm = (float) momentum, fdamp = (float) (1 - dampening), fwd = (float) weightDecay;
                if (momentum == 0 && weightDecay == 0) {
                    // plain SGD, the book's case: p + (−lr)·g is p − lr·g bit for bit, in one vectorised kernel pass
                    K.axpy(-flr, grad.storage(), grad.layout(), p.storage(), p.layout());
                } else for (int i = 0; i < n; i++) {
                    float d = gd[go + i];
                    if (weightDecay != 0) d = d + pd[po + i] * fwd;
                    if (momentum != 0) {
                        float b = first ? d : bd[bo + i] * fm + d * fdamp;
                        bd[bo + i] = b;
                        d = nesterov ? d + b * fm : b;
                    }
                    pd[po + i] = pd[po + i] - d * flr;
                }
            }
            case DoubleStorage ps -> {
                double[] pd = ps.data, gd = ((DoubleStorage) grad.storage()).data;
                double[] bd = buf == null ? null : ((DoubleStorage) buf.storage()).data;
                int po = p.storageOffset(), go = grad.storageOffset(), bo = buf == null ? 0 : buf.storageOffset();
                if (momentum == 0 && weightDecay == 0) K.axpy(-lr, grad.storage(), grad.layout(), p.storage(), p.layout());
                else for (int i = 0; i < n; i++) {
                    double d = gd[go + i];
                    if (weightDecay != 0) d = d + pd[po + i] * weightDecay;
                    if (momentum != 0) {
                        double b = first ? d : bd[bo + i] * momentum + d * (1 - dampening);
                        bd[bo + i] = b;
                        d = nesterov ? d + b * momentum : b;
                    }
                    pd[po + i] = pd[po + i] - d * lr;
                }
            }
            default -> throw new IllegalStateException("floating storage expected");
        }
        p.storage().bumpVersion();
        if (buf != null) buf.storage().bumpVersion();
        return buf;
    }

    /** The op-by-op SGD step: any layout, and the reference the fused loop is tested against. */
    static Tensor sgdComposite(Tensor p, Tensor grad, Tensor buffer, double lr, double momentum, double dampening,
                               double weightDecay, boolean nesterov) {
        Tensor d = grad, buf = buffer;
        if (weightDecay != 0) d = d.add(p, weightDecay);
        if (momentum != 0) {
            if (buf == null) buf = d.clone();
            else buf.mul_(momentum).add_(d, 1 - dampening);
            d = nesterov ? d.add(buf, momentum) : buf;
        }
        p.sub_(d, lr);
        return buf;
    }

    /**
     * One Adam step (step number {@code step}, from 1) on p with gradient grad and moments m, v, in place and in one
     * pass, as PyTorch computes it: g = g + λp (L2) or p = p·(1 − lr·λ) ({@code decoupled}, AdamW); m = β₁m + (1−β₁)g;
     * v = β₂v + (1−β₂)g²; p = p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Intermediates are rounded as the op-by-op update's.
     */
    public static void adamUpdate_(Tensor p, Tensor grad, Tensor m, Tensor v, double step, double lr, double beta1,
                                   double beta2, double eps, double weightDecay, boolean decoupled) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / bc1, bc2Sqrt = Math.sqrt(bc2);
        if (GradMode.isEnabled() || !dense(p, grad, m) || !dense(p, v, null)) {
            adamComposite(p, grad, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, stepSize, bc2Sqrt);
            return;
        }
        int n = p.numel(), po = p.storageOffset(), go = grad.storageOffset(), mo = m.storageOffset(), vo = v.storageOffset();
        switch (p.storage()) {
            case FloatStorage ps -> {
                float[] pd = ps.data, gd = ((FloatStorage) grad.storage()).data;
                float[] md = ((FloatStorage) m.storage()).data, vd = ((FloatStorage) v.storage()).data;
                float b1 = (float) beta1, b1c = (float) (1 - beta1), b2 = (float) beta2, b2c = (float) (1 - beta2);
                float fwd = (float) weightDecay, decay = (float) (1 - lr * weightDecay), fe = (float) eps;
                float fs = (float) stepSize, fb = (float) bc2Sqrt;
                for (int i = 0; i < n; i++) {
                    float g = gd[go + i], w = pd[po + i];
                    if (weightDecay != 0) {
                        if (decoupled) w = w * decay;
                        else g = g + w * fwd;
                    }
                    float mi = md[mo + i] * b1 + g * b1c;
                    float vi = vd[vo + i] * b2 + (g * g) * b2c;
                    md[mo + i] = mi;
                    vd[vo + i] = vi;
                    float denom = (float) Math.sqrt(vi) / fb + fe;
                    pd[po + i] = w - (mi / denom) * fs;
                }
            }
            case DoubleStorage ps -> {
                double[] pd = ps.data, gd = ((DoubleStorage) grad.storage()).data;
                double[] md = ((DoubleStorage) m.storage()).data, vd = ((DoubleStorage) v.storage()).data;
                double decay = 1 - lr * weightDecay;
                for (int i = 0; i < n; i++) {
                    double g = gd[go + i], w = pd[po + i];
                    if (weightDecay != 0) {
                        if (decoupled) w = w * decay;
                        else g = g + w * weightDecay;
                    }
                    double mi = md[mo + i] * beta1 + g * (1 - beta1);
                    double vi = vd[vo + i] * beta2 + (g * g) * (1 - beta2);
                    md[mo + i] = mi;
                    vd[vo + i] = vi;
                    double denom = Math.sqrt(vi) / bc2Sqrt + eps;
                    pd[po + i] = w - (mi / denom) * stepSize;
                }
            }
            default -> throw new IllegalStateException("floating storage expected");
        }
        p.storage().bumpVersion();
        m.storage().bumpVersion();
        v.storage().bumpVersion();
    }

    /** The op-by-op Adam step: any layout, and the reference the fused loop is tested against. */
    static void adamComposite(Tensor p, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
                              double weightDecay, boolean decoupled, double stepSize, double bc2Sqrt) {
        Tensor g = grad;
        if (weightDecay != 0) {
            if (decoupled) p.mul_(1 - lr * weightDecay);
            else g = g.add(p, weightDecay);
        }
        m.mul_(beta1).add_(g, 1 - beta1);
        v.mul_(beta2).add_(g.square(), 1 - beta2);
        Tensor denom = v.sqrt().div(bc2Sqrt).add(eps);
        p.sub_(m.div(denom), stepSize);
    }

    /**
     * True when b (and c, unless null) can be read element by element alongside a: the same shape and floating dtype,
     * each contiguous, none repeating an element.
     */
    private static boolean dense(Tensor a, Tensor b, Tensor c) {
        if (!a.dtype().isFloatingPoint() || !a.isContiguous()) return false;
        for (Tensor t : new Tensor[]{b, c}) {
            if (t == null) continue;
            if (t.dtype() != a.dtype() || !t.isContiguous() || !Arrays.equals(t.layout().shapeRef(), a.layout().shapeRef()))
                return false;
        }
        return true;
    }
}
