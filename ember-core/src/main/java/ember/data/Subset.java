package ember.data;

import ember.Tensor;
import java.util.List;
import java.util.Objects;

/** The examples of another data set at the given indices, in that order (PyTorch's {@code Subset}). */
public final class Subset implements Dataset {
    private final Dataset dataset;
    private final int[] indices;

    public Subset(Dataset dataset, int[] indices) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        int n = dataset.size();
        for (int i : indices)
            if (i < 0 || i >= n)
                throw new IndexOutOfBoundsException("Subset: index " + i + " is out of range for a data set of size " + n);
        this.indices = indices.clone();
    }

    @Override
    public int size() { return indices.length; }

    @Override
    public List<Tensor> get(int i) { return dataset.get(indices[Objects.checkIndex(i, indices.length)]); }

    /** The data set this one selects from. */
    public Dataset dataset() { return dataset; }

    /** Which of its examples this one holds (a copy). */
    public int[] indices() { return indices.clone(); }
}
