package ember.kernels;

import static jdk.incubator.vector.VectorOperators.F2I;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NormalBlocks}' float32 blocks with the Vector API: the 8 pairs of a block in 8 lanes, as PyTorch's
 * {@code normal_fill_16_AVX2} holds them in a 256-bit vector, through the same IEEE operations in the same order as the
 * scalar reference (a multiply-add there is a {@code fma} here, a branch a blend or a sign flip), so every bit agrees.
 * The vectors are the preferred shape, the one every other kernel uses (Note [One vector shape per JVM] in
 * {@link Gemm}: 256-bit vectors here once made the products' micro-kernels compile badly on AVX-512 hardware): with
 * 16 lanes, two blocks at a time, their radii and angles gathered into one vector each and the results dealt back, an
 * odd last block by the scalar reference. normal_ on a 256×256 float32 tensor (uniforms included) took about 1000 us
 * with the scalar blocks, 78 with 8-lane vectors. Loaded by {@link KernelProvider} only when the module is present; with
 * vectors of other widths (fewer lanes would run these lane by lane) the scalar reference runs. NormalBlocksTest runs
 * under -XX:UseAVX=2 as well, for the 8-lane path.
 */
final class VectorNormalBlocks extends NormalBlocks {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    private static final boolean NATIVE = LANES == 8 || LANES == 16;
    /** With 16 lanes, indices into two vectors (two blocks): the first halves of both, and the second halves. */
    private static final FloatVector FIRST_HALVES = LANES == 16 ? halves(0) : null;
    private static final FloatVector SECOND_HALVES = LANES == 16 ? halves(8) : null;

    /** Lane i: from + i from the first vector (i &lt; 8), else from + i - 8 from the second (index + 16). */
    private static FloatVector halves(int from) {
        float[] index = new float[16];
        for (int i = 0; i < 16; i++) index[i] = i < 8 ? from + i : 16 + from + i - 8;
        return FloatVector.fromArray(F, index, 0);
    }

    @Override
    public void float16(float[] d, int at, int blocks, float mean, float std) {
        if (!NATIVE) {
            super.float16(d, at, blocks, mean, std);
            return;
        }
        // constants as locals, as in VectorMath: a broadcast C2 failed to inline in this loop would box a vector
        FloatVector one = FloatVector.broadcast(F, 1f), sqrtHalf = FloatVector.broadcast(F, SQRT_HALF);
        FloatVector p0 = FloatVector.broadcast(F, LOG_P[0]), p1 = FloatVector.broadcast(F, LOG_P[1]);
        FloatVector p2 = FloatVector.broadcast(F, LOG_P[2]), p3 = FloatVector.broadcast(F, LOG_P[3]);
        FloatVector p4 = FloatVector.broadcast(F, LOG_P[4]), p5 = FloatVector.broadcast(F, LOG_P[5]);
        FloatVector p6 = FloatVector.broadcast(F, LOG_P[6]), p7 = FloatVector.broadcast(F, LOG_P[7]);
        FloatVector p8 = FloatVector.broadcast(F, LOG_P[8]), q1 = FloatVector.broadcast(F, LOG_Q1);
        FloatVector q2 = FloatVector.broadcast(F, LOG_Q2), half = FloatVector.broadcast(F, 0.5f);
        FloatVector cos0 = FloatVector.broadcast(F, COS_P0), cos1 = FloatVector.broadcast(F, COS_P1);
        FloatVector cos2 = FloatVector.broadcast(F, COS_P2), sin0 = FloatVector.broadcast(F, SIN_P0);
        FloatVector sin1 = FloatVector.broadcast(F, SIN_P1), sin2 = FloatVector.broadcast(F, SIN_P2);
        FloatVector dp1 = FloatVector.broadcast(F, MINUS_DP1), dp2 = FloatVector.broadcast(F, MINUS_DP2);
        FloatVector dp3 = FloatVector.broadcast(F, MINUS_DP3);
        FloatVector stdV = FloatVector.broadcast(F, std), meanV = FloatVector.broadcast(F, mean);
        int end = at + 16 * blocks, step = 2 * LANES, b = at; // step: the floats of LANES / 8 blocks
        for (; b + step <= end; b += step) {
            FloatVector u, t; // the blocks' first and second eight uniforms
            if (LANES == 8) {
                u = FloatVector.fromArray(F, d, b);
                t = FloatVector.fromArray(F, d, b + 8);
            } else {
                FloatVector v0 = FloatVector.fromArray(F, d, b), v1 = FloatVector.fromArray(F, d, b + 16);
                u = FIRST_HALVES.selectFrom(v0, v1);
                t = SECOND_HALVES.selectFrom(v0, v1);
            }
            FloatVector u1 = one.sub(u);
            FloatVector theta = t.mul(TWO_PI);

            // radius = sqrt(-2·log u1), the log as NormalBlocks.cephesLog
            IntVector bits = u1.reinterpretAsInts();
            FloatVector e = ((FloatVector) bits.lanewise(LSHR, 23).sub(0x7f).convert(I2F, 0)).add(one);
            FloatVector m = bits.and(~0x7f800000).or(Float.floatToRawIntBits(0.5f)).reinterpretAsFloats();
            VectorMask<Float> small = m.compare(LT, sqrtHalf);
            e = e.sub(one, small);
            m = m.sub(one).add(m, small);
            FloatVector z = m.mul(m);
            FloatVector y = m.fma(p0, p1).fma(m, p2).fma(m, p3).fma(m, p4).fma(m, p5).fma(m, p6).fma(m, p7)
                    .fma(m, p8);
            y = y.mul(m).fma(z, e.mul(q1));
            y = z.neg().fma(half, y);
            FloatVector radius = e.fma(q2, m.add(y)).mul(-2f).sqrt();

            // sin and cos of theta, as NormalBlocks.octant, reduce, sinPoly, cosPoly, cephesSin and cephesCos
            FloatVector ax = theta.abs();
            IntVector j = ((IntVector) ax.mul(FOUR_OVER_PI).convert(F2I, 0)).add(1).and(~1);
            FloatVector jf = (FloatVector) j.convert(I2F, 0);
            FloatVector r = jf.fma(dp1, ax);
            r = jf.fma(dp2, r);
            r = jf.fma(dp3, r);
            FloatVector zr = r.mul(r);
            FloatVector cosPoly = zr.fma(cos0, cos1).fma(zr, cos2);
            cosPoly = cosPoly.mul(zr).fma(zr, zr.mul(half).neg()).add(one);
            FloatVector sinPoly = zr.fma(sin0, sin1).fma(zr, sin2).mul(zr).fma(r, r);
            VectorMask<Float> swap = j.and(2).compare(NE, 0).cast(F); // each takes the other's polynomial
            FloatVector sin = sinPoly.blend(cosPoly, swap), cos = cosPoly.blend(sinPoly, swap);
            // the sign bits to flip: theta's own and (j & 4) for sin, ((j - 2) & 4) == 0 for cos
            IntVector sinSign = theta.reinterpretAsInts().and(0x80000000).lanewise(XOR, j.and(4).lanewise(LSHL, 29));
            IntVector cosSign = j.sub(2).and(4).lanewise(XOR, 4).lanewise(LSHL, 29);
            sin = sin.reinterpretAsInts().lanewise(XOR, sinSign).reinterpretAsFloats();
            cos = cos.reinterpretAsInts().lanewise(XOR, cosSign).reinterpretAsFloats();

            FloatVector first = radius.mul(cos).fma(stdV, meanV), second = radius.mul(sin).fma(stdV, meanV);
            if (LANES == 8) {
                first.intoArray(d, b);
                second.intoArray(d, b + 8);
            } else {
                FIRST_HALVES.selectFrom(first, second).intoArray(d, b);
                SECOND_HALVES.selectFrom(first, second).intoArray(d, b + 16);
            }
        }
        if (b < end) super.float16(d, b, 1, mean, std); // the odd block of two
    }
}
