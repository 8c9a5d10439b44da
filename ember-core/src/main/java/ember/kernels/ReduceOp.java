package ember.kernels;

/**
 * Reductions over a set of dimensions. ARGMAX/ARGMIN write INT64 positions (the first occurrence wins, and the first NaN, for either).
 * SUM_OF_SQUARES is Σx² with each square rounded to the element dtype first, as {@code x.mul(x).sum()} computes it (so
 * a float32 square beyond float range is ∞, as in PyTorch's float32 norm).
 */
public enum ReduceOp { SUM, SUM_OF_SQUARES, PROD, MAX, MIN, ARGMAX, ARGMIN, ANY, ALL }
