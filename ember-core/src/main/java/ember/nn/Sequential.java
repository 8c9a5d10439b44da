package ember.nn;

import ember.Tensor;

/** {@code nn.Sequential}: modules applied in order; children are named "0", "1", ... */
public class Sequential extends Module {
    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module named by its position (PyTorch's {@code append}: named {@code str(len(self))}). */
    public Sequential add(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    /** Appends a module under a name of one's choosing (PyTorch's {@code add_module}, e.g. {@code "block 0"}). */
    public Sequential addModule(String name, Module m) {
        registerModule(name, m);
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
