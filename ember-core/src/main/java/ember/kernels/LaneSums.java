package ember.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes, always added in the same order (Note [Lane sums in a fixed order]), and the shuffles
 * and masks with which the dot-product kernels fold many vectors' lane sums together in that order.
 */
final class LaneSums {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = F.length(), DL = D.length();

    /** Lane i to lane i ^ h (the pairs added at step h); X8 only means something with 16 lanes, X4 with 8 or more. */
    static final VectorShuffle<Float> X8 = floatPairs(8), X4 = floatPairs(4), X2 = floatPairs(2), X1 = floatPairs(1);
    /** The lanes whose bit h is set: where a fold by h puts its second vector's sums. */
    static final VectorMask<Float> M8 = upper(8), M4 = upper(4), M2 = upper(2), M1 = upper(1);
    /** The same for float64 vectors. */
    static final VectorShuffle<Double> DX4 = doublePairs(4), DX2 = doublePairs(2), DX1 = doublePairs(1);
    static final VectorMask<Double> DM4 = doubleUpper(4), DM2 = doubleUpper(2), DM1 = doubleUpper(1);

    private LaneSums() {}

    /*
     * Note [Lane sums in a fixed order]
     * reduceLanes(ADD) leaves the order of its additions to the implementation, and HotSpot's differs by tier: the
     * interpreter and C1 run the Vector API's Java fallback, which adds lane after lane, while C2's intrinsic adds the
     * halves of the vector, then their halves. Floating-point addition is not associative, so a dot product gave
     * results 1-2 ulp apart before and after C2 compiled its kernel, and when that happens depends on the compiler
     * threads: softmax regression, one epoch after manualSeed(0), gave a different loss sum (in its last hex digits)
     * in three of four runs. Here the lanes are added as lane-wise operations, which every tier computes alike: lane i
     * plus lane i ^ h for h = lanes/2, …, 2, 1, then lane 0. Integer sums and max/min are exact in any order and keep
     * reduceLanes.
     *
     * Summed one by one, the twenty accumulators of the 4×5 dot-product kernel took four shuffles and four additions
     * each: 256x784·(10x784)ᵀ went from 21-25 to 37 µs (two threads, alternating JVMs). So that kernel folds them
     * together: a fold by h adds each vector's lanes i and i ^ h and keeps the first vector's sums where bit h of the
     * lane is clear and the second's where it is set (a blend), so sixteen vectors become one holding all sixteen sums
     * in 15 folds; the same pairs are added in the same order, so each sum has the bits sum() gives: 22-24 -> 27-28 µs.
     * The folds are written out in the kernel: from a helper method taking the vectors, inlined, C2 left most of the
     * shuffles as calls into the Vector API's Java code and boxed the accumulators (160-210 µs).
     */

    /** The lanes of v added pairwise, halves first. */
    static float sum(FloatVector v) {
        if (FL > 16) return sumWide(v.toArray());
        if (FL >= 16) v = v.add(v.rearrange(X8));
        if (FL >= 8) v = v.add(v.rearrange(X4));
        if (FL >= 4) v = v.add(v.rearrange(X2));
        if (FL >= 2) v = v.add(v.rearrange(X1));
        return v.lane(0);
    }

    /** The lanes of v added pairwise, halves first. */
    static double sum(DoubleVector v) {
        if (DL > 8) return sumWide(v.toArray());
        if (DL >= 8) v = v.add(v.rearrange(DX4));
        if (DL >= 4) v = v.add(v.rearrange(DX2));
        if (DL >= 2) v = v.add(v.rearrange(DX1));
        return v.lane(0);
    }

    /** The same order for vectors wider than the shuffles above cover (SVE can be wider than 512 bits), one lane at a time. */
    private static float sumWide(float[] lanes) {
        for (int h = lanes.length / 2; h >= 1; h /= 2)
            for (int i = 0; i < h; i++) lanes[i] += lanes[i + h];
        return lanes[0];
    }

    private static double sumWide(double[] lanes) {
        for (int h = lanes.length / 2; h >= 1; h /= 2)
            for (int i = 0; i < h; i++) lanes[i] += lanes[i + h];
        return lanes[0];
    }

    private static VectorShuffle<Float> floatPairs(int h) {
        int[] index = new int[FL];
        for (int i = 0; i < FL; i++) index[i] = (i ^ h) & (FL - 1);
        return VectorShuffle.fromArray(F, index, 0);
    }

    private static VectorShuffle<Double> doublePairs(int h) {
        int[] index = new int[DL];
        for (int i = 0; i < DL; i++) index[i] = (i ^ h) & (DL - 1);
        return VectorShuffle.fromArray(D, index, 0);
    }

    private static VectorMask<Double> doubleUpper(int h) {
        boolean[] bits = new boolean[DL];
        for (int i = 0; i < DL; i++) bits[i] = (i & h) != 0;
        return VectorMask.fromArray(D, bits, 0);
    }

    private static VectorMask<Float> upper(int h) {
        boolean[] bits = new boolean[FL];
        for (int i = 0; i < FL; i++) bits[i] = (i & h) != 0;
        return VectorMask.fromArray(F, bits, 0);
    }
}
