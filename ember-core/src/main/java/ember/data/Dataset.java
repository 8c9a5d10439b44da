package ember.data;

import ember.Tensor;
import java.util.List;

/**
 * A map-style data set (PyTorch's {@code Dataset} with {@code __len__} and {@code __getitem__}): a fixed number of
 * examples, each a list of tensors (for instance an image and its label).
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /** Example {@code i} (0 ≤ i &lt; size()), e.g. {@code [image, label]}. */
    List<Tensor> get(int i);
}
