package ember.autograd;

import ember.Tensor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A backward function in the graph (PyTorch's {@code torch::autograd::Node}): it takes the gradient of its forward
 * op's output and returns one gradient per input, passed along {@link #nextFunctions()}. Names are PyTorch's
 * ({@code MulBackward0}, {@code AccumulateGrad}) so a learner can compare graphs line by line.
 *
 * <p>Note [Tensor hooks live on the node]: a hook registered on a tensor runs on the gradient arriving at the node
 * that consumes it: the tensor's grad_fn for a non-leaf, its {@link AccumulateGrad} for a leaf. The hooks run in
 * registration order, each seeing the previous one's result; the {@code retainGrad()} store runs after all of them,
 * whatever the order of registration, so {@code .grad} holds the gradient the hooks produced (PyTorch 2's order).
 * Gradients returned by {@link Autograd#grad} pass through the same hooks.
 */
public abstract class Node {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final long sequenceNr = SEQUENCE.getAndIncrement();
    // volatile: the engine checks for "no hooks" without taking the lock (the common case); changes take the lock
    private volatile List<UnaryOperator<Tensor>> preHooks;
    private volatile WeakReference<Tensor> retainsGradOf;

    /** PyTorch's name of this node, e.g. {@code PowBackward0}. */
    public abstract String name();

    /** Edges to the nodes that receive this node's input gradients; an input without grad gives {@code (None, 0)}. */
    public abstract List<Edge> nextFunctions();

    /** Computes input gradients from the output gradient. */
    protected abstract Tensor[] apply(Tensor gradOutput);

    /** Frees saved tensors after a backward that does not retain the graph. */
    protected void release() {}

    /** Order of creation: later nodes have larger numbers (the engine runs later nodes first, as PyTorch's). */
    public long sequenceNr() { return sequenceNr; }

    /** Adds a hook run on the gradient of this node's output before the node runs; a non-null result replaces it. */
    public synchronized void registerPreHook(UnaryOperator<Tensor> hook) {
        List<UnaryOperator<Tensor>> hooks = preHooks == null ? new ArrayList<>(1) : new ArrayList<>(preHooks);
        hooks.add(hook);
        preHooks = hooks; // a new list each time: a running backward keeps iterating the one it read
    }

    /** Makes backward store the gradient arriving here into {@code tensor.grad} (what {@code retainGrad()} sets up). */
    public synchronized void retainGradOf(Tensor tensor) { retainsGradOf = new WeakReference<>(tensor); }

    /** Undoes {@link #retainGradOf} (the tensor moved to another node after an in-place op). */
    public synchronized void stopRetainingGrad() { retainsGradOf = null; }

    /** Runs the tensor hooks, then the retain-grad store (see Note [Tensor hooks live on the node]). */
    Tensor runPreHooks(Tensor grad) {
        List<UnaryOperator<Tensor>> hooks = preHooks;
        WeakReference<Tensor> retain = retainsGradOf;
        if (hooks != null) {
            grad.storage().takeFreshGradient(); // a hook may keep what it sees (Note [Adopting a fresh gradient])
            for (UnaryOperator<Tensor> hook : hooks) {
                Tensor replaced = hook.apply(grad);
                if (replaced != null) grad = replaced;
            }
        }
        Tensor target = retain == null ? null : retain.get();
        if (target != null) {
            // PyTorch's retain_grad: the first gradient is cloned (differentiably under createGraph), later ones added
            Tensor old = target.grad();
            target.setGrad(old == null ? grad.clone() : old.add(grad));
        }
        return grad;
    }

    @Override
    public String toString() { return "<" + name() + ">"; }
}
