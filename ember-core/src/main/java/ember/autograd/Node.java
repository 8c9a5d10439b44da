package ember.autograd;

import ember.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A backward function in the graph (PyTorch's {@code torch::autograd::Node}): it takes the gradient of its forward
 * op's output and returns one gradient per input, passed along {@link #nextFunctions()}. Names are PyTorch's
 * ({@code MulBackward0}, {@code AccumulateGrad}) so a learner can compare graphs line by line.
 */
public abstract class Node {
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    final long sequenceNr = SEQUENCE.getAndIncrement();
    /** Hooks run on the gradient arriving at this node, before it runs (tensor hooks of non-leaf outputs). */
    List<UnaryOperator<Tensor>> preHooks;

    /** PyTorch's name of this node, e.g. {@code PowBackward0}. */
    public abstract String name();

    /** Edges to the nodes that receive this node's input gradients; an entry is null for an input without grad. */
    public abstract List<Edge> nextFunctions();

    /** Computes input gradients from the output gradient. */
    protected abstract Tensor[] apply(Tensor gradOutput);

    /** Frees saved tensors after a backward that does not retain the graph. */
    protected void release() {}

    /** Order of creation: later nodes have larger numbers. */
    public long sequenceNr() { return sequenceNr; }

    /** Adds a hook run on the gradient of this node's output before the node runs. */
    public void registerPreHook(UnaryOperator<Tensor> hook) {
        if (preHooks == null) preHooks = new ArrayList<>(1);
        preHooks.add(hook);
    }

    List<UnaryOperator<Tensor>> preHooks() { return preHooks == null ? Collections.emptyList() : preHooks; }

    @Override
    public String toString() { return "<" + name() + ">"; }
}
