package ember.kernels;

/** Reductions over a set of dimensions. ARGMAX/ARGMIN write INT64 positions (first occurrence wins, NaN counts as max). */
public enum ReduceOp { SUM, PROD, MAX, MIN, ARGMAX, ARGMIN, ANY, ALL }
