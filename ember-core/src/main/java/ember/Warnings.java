package ember;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/** One-time user warnings, in PyTorch's words (PyTorch's {@code TORCH_WARN_ONCE}). */
final class Warnings {
    private static final Logger LOG = Logger.getLogger("ember");
    private static final AtomicBoolean NON_LEAF_GRAD = new AtomicBoolean();

    private Warnings() {}

    static void nonLeafGrad() {
        if (NON_LEAF_GRAD.compareAndSet(false, true))
            LOG.warning("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute"
                    + " won't be populated during backward(). If you indeed want the gradient for a non-leaf Tensor, use"
                    + " retainGrad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you"
                    + " access the leaf Tensor instead (after x = x.sub(...) the name x points to a new, non-leaf tensor;"
                    + " update the leaf in place under noGrad() instead).");
    }
}
