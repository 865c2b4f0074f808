package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums the lanes of a vector in one fixed order, so a kernel gives bit-identical results whether it runs
 * interpreted, compiled by C1 or by C2.
 *
 * <p>{@code reduceLanes(ADD)} leaves the order of the additions unspecified, and in practice the
 * interpreter and the compiled intrinsic add in different orders: the same row summed before and after
 * the JIT warms up differs in the last bits (about half of random 8-lane sums do). A run that repeats a
 * computation, a finite-difference check, or two threads evaluating the same input would then disagree.
 * Here the lanes are folded in halves, lane {@code i} with lane {@code i + n/2}, then {@code n/4}, ...,
 * each step one exact IEEE vector addition, so the order is the same on every path.
 *
 * {@snippet :
 * FloatVector acc = ...;                    // partial sums of a dot product
 * float dot = LaneSums.sum(acc);            // same bits on every run
 * }
 */
public final class LaneSums {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] FOLDS = folds(F);

    private LaneSums() {
    }

    /** The sum of all lanes of {@code v}, added pairwise in halves (lane i + lane i+n/2 first). */
    public static float sum(FloatVector v) {
        VectorShuffle<Float>[] folds = v.species() == F ? FOLDS : folds(v.species());
        FloatVector s = v;
        for (VectorShuffle<Float> fold : folds) {
            s = s.add(s.rearrange(fold));
        }
        return s.lane(0);
    }

    /** The rotations by n/2, n/4, ..., 1 lanes: after folding with each in turn, lane 0 holds the sum. */
    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds(VectorSpecies<Float> species) {
        int n = species.length();
        int steps = Integer.numberOfTrailingZeros(n);
        VectorShuffle<Float>[] folds = new VectorShuffle[steps];
        for (int s = 0, half = n / 2; half >= 1; s++, half /= 2) {
            folds[s] = VectorShuffle.iota(species, half, 1, true);
        }
        return folds;
    }
}
