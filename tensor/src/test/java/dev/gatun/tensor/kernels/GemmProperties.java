package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.kernels.GemmCase.CLayout;
import dev.gatun.tensor.kernels.GemmCase.Layout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Random shapes, layouts and dtypes: {@link Gemm} always agrees with {@link GemmReference}. */
class GemmProperties {

    @Property(tries = 300)
    void f32OutputMatchesReference(@ForAll @IntRange(min = 1, max = 3) int batch,
                                   @ForAll @IntRange(max = 40) int m,
                                   @ForAll @IntRange(max = 40) int n,
                                   @ForAll @IntRange(max = 70) int k,
                                   @ForAll Layout aLayout, @ForAll Layout bLayout, @ForAll CLayout cLayout,
                                   @ForAll boolean broadcastA, @ForAll boolean broadcastB,
                                   @ForAll boolean accumulate,
                                   @ForAll("narrowOrF32") DType aType, @ForAll("narrowOrF32") DType bType,
                                   @ForAll @LongRange(max = 1000) long seed) {
        new GemmCase(batch, m, n, k, aType, bType, DType.F32, aLayout, bLayout, cLayout,
                broadcastA, broadcastB, accumulate).check(seed);
    }

    @Property(tries = 60)
    void f64MatchesReference(@ForAll @IntRange(min = 1, max = 3) int batch,
                             @ForAll @IntRange(max = 20) int m,
                             @ForAll @IntRange(max = 20) int n,
                             @ForAll @IntRange(max = 20) int k,
                             @ForAll Layout aLayout, @ForAll Layout bLayout, @ForAll boolean accumulate) {
        new GemmCase(batch, m, n, k, DType.F64, DType.F64, DType.F64, aLayout, bLayout, CLayout.PADDED,
                false, false, accumulate).check(m + n + k);
    }

    @Provide
    Arbitrary<DType> narrowOrF32() {
        return Arbitraries.of(DType.F32, DType.F32, DType.BF16, DType.F16);
    }
}
