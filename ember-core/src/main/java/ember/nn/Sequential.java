package ember.nn;

import ember.Tensor;

/** {@code nn.Sequential}: modules applied in order; children are named "0", "1", ... */
public class Sequential extends Module {
    private int count;

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module (PyTorch's {@code append}). */
    public Sequential add(Module m) {
        registerModule(Integer.toString(count++), m);
        return this;
    }

    /** {@code net[i]}; negative i counts from the end. */
    public Module get(int i) {
        int n = size();
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("index " + i + " is out of range for a Sequential of " + n);
        return children().get(i < 0 ? i + n : i);
    }

    public int size() { return children().size(); }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : children()) x = m.forward(x);
        return x;
    }
}
