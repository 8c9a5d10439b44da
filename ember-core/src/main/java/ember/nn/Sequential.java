package ember.nn;

import ember.Tensor;
import java.util.Iterator;

/** {@code nn.Sequential}: modules applied in order; {@link #add} names them "0", "1", ... */
public class Sequential extends Module implements Iterable<Module> {
    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module under the name of its position ({@code append}). */
    public Sequential add(Module m) {
        addModule(Integer.toString(size()), m);
        return this;
    }

    /** {@code net[i]}; negative i counts from the end. */
    public Module get(int i) {
        int n = size();
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("index " + i + " is out of range");
        return registeredModules().get(i < 0 ? i + n : i);
    }

    /** {@code len(net)}: the number of registered layers, a layer added twice counting twice. */
    public int size() { return registeredModules().size(); }

    /** {@code for layer in net}: every registered layer in order, repeats included. */
    @Override
    public Iterator<Module> iterator() { return registeredModules().iterator(); }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : registeredModules()) x = m.forward(x);
        return x;
    }
}
