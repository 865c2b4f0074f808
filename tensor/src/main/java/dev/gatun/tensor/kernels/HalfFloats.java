package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Vector loads that widen 16-bit floats (BF16, F16) to F32 lanes, so kernels can read narrow weights in
 * place instead of converting a whole matrix first.
 *
 * <p>BF16 is the top half of an F32, so widening is a shift. F16 has a 5-bit exponent: the bits are
 * moved into F32 position and multiplied by 2<sup>112</sup> to re-bias the exponent, which also turns
 * F16 subnormals into the right F32 values; infinities and NaNs get their exponent field set directly.
 */
final class HalfFloats {

    /** The F32 species every Gemm kernel uses. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** 16-bit lanes, as many as {@link #F} has. */
    static final VectorSpecies<Short> H = VectorSpecies.of(short.class,
            VectorShape.forBitSize(F.vectorBitSize() / 2));
    /** 32-bit integer lanes in the shape of {@link #F}. */
    static final VectorSpecies<Integer> I = F.withLanes(int.class);

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private HalfFloats() {
    }

    /** {@code F.length()} BF16 values at {@code byteOffset}, widened to F32. */
    static FloatVector loadBf16(MemorySegment seg, long byteOffset) {
        ShortVector h = ShortVector.fromMemorySegment(H, seg, byteOffset, LE);
        IntVector w = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        return w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** {@code F.length()} F16 values at {@code byteOffset}, widened to F32 (exactly, as Float.float16ToFloat). */
    static FloatVector loadF16(MemorySegment seg, long byteOffset) {
        ShortVector h = ShortVector.fromMemorySegment(H, seg, byteOffset, LE);
        IntVector w = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        IntVector sign = w.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector magnitude = w.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> infOrNan = magnitude.compare(VectorOperators.GE, 0x7C00);
        IntVector bits = finite.blend(shifted.or(0x7F800000), infOrNan);
        return bits.or(sign).reinterpretAsFloats();
    }

    /** One BF16 value as F32. */
    static float bf16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
