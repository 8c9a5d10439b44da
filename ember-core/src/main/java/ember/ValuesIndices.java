package ember;

/** The two results of {@code max(dim)} / {@code min(dim)}: the values and their INT64 positions. */
public record ValuesIndices(Tensor values, Tensor indices) {}
