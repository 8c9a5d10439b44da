package ember.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The output array of one product: given, or made once by the first thread to {@link #claim} it while the others find
 * it absent and pack operands meanwhile (Note [Making a large output while the other thread packs] in {@code Gemm}).
 */
final class NewOutput<T> {
    private final Supplier<T> make;
    private final AtomicBoolean claimed;
    private volatile T array;
    private volatile Throwable failure;

    /** The given array, or (given null) one that make makes. */
    NewOutput(T given, Supplier<T> make) {
        this.array = given;
        this.make = make;
        this.claimed = new AtomicBoolean(given != null);
    }

    /** Makes the output unless a thread has begun to; returns it, or null while another thread is making it. */
    T claim() {
        if (claimed.compareAndSet(false, true)) {
            try {
                array = make.get();
            } catch (RuntimeException | Error e) { // an OutOfMemoryError among them: the others must not wait for ever
                failure = e;
                throw e;
            }
        }
        return poll();
    }

    /** The output, or null while it is being made. */
    T poll() {
        T a = array;
        if (a == null && failure != null)
            throw new IllegalStateException("the product's output could not be made", failure);
        return a;
    }
}
