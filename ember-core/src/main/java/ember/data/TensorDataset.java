package ember.data;

import ember.Tensor;
import ember.storage.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Examples are the rows of some tensors that share their first dimension ({@code TensorDataset(X, y)}): example
 * {@code i} is {@code [X[i], y[i]]}, views of the rows.
 */
public class TensorDataset implements Dataset {
    private final List<Tensor> tensors;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset needs at least one tensor");
        for (int k = 0; k < tensors.length; k++) {
            Objects.requireNonNull(tensors[k], "TensorDataset: tensor " + k + " is null");
            if (tensors[k].dim() == 0)
                throw new IllegalArgumentException("TensorDataset: tensor " + k + " is 0-d, but examples are taken along "
                        + "the first dimension (give it a shape like [n, ...])");
            if (tensors[k].size(0) != tensors[0].size(0))
                throw new IllegalArgumentException("Size mismatch between tensors: tensor 0 has " + tensors[0].size(0)
                        + " rows (shape " + Shapes.format(tensors[0].shape()) + ") but tensor " + k + " has "
                        + tensors[k].size(0) + " (shape " + Shapes.format(tensors[k].shape()) + ")");
        }
        this.tensors = List.of(tensors);
    }

    @Override
    public int size() { return tensors.get(0).size(0); }

    @Override
    public List<Tensor> get(int i) {
        Objects.checkIndex(i, size());
        List<Tensor> example = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) example.add(t.select(0, i));
        return example;
    }

    /** The tensors whose rows are the examples. */
    public List<Tensor> tensors() { return tensors; }

    /**
     * The tensors a {@link DataLoader} copies batches' rows from: {@link #tensors()}, except in a data set that keeps
     * a column as 8-bit pixels ({@link #pixels}).
     */
    List<Tensor> rowSources() { return tensors(); }

    /**
     * Whether {@code source}, column {@code column} of a {@link #rowSources()} list, holds UINT8 pixels that batches
     * give as float32 pixel / 255, torchvision's {@code ToTensor()} ({@link FashionMNIST}'s images).
     */
    boolean pixels(int column, Tensor source) { return false; }
}
