package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Element types: BF16 and F16 rounding, conversions between every pair of types, and the promotion table. */
class DTypeTest {

    /** BF16 bits of the float with these bits, rounded to nearest-even, written out from the definition. */
    private static int bf16Reference(int bits) {
        int upper = bits >>> 16;
        int lower = bits & 0xFFFF;
        if (Float.isNaN(Float.intBitsToFloat(bits))) {
            return upper | 0x0040; // quiet NaN, sign kept
        }
        if (lower > 0x8000 || (lower == 0x8000 && (upper & 1) == 1)) {
            upper++; // may carry into the exponent, and past the largest finite value into infinity
        }
        return upper & 0xFFFF;
    }

    private static short[] rawShorts(Tensor t) {
        Tensor c = t.contiguous();
        short[] out = new short[(int) c.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.segment().get(ValueLayout.JAVA_SHORT_UNALIGNED, (c.offset() + i) * 2);
        }
        return out;
    }

    @Test
    void bf16RoundsToNearestEven() {
        int[] cases = {
            0x3F808000, // 1 + 2^-8: a tie, upper half even -> down
            0x3F818000, // a tie, upper half odd -> up
            0xBF808000, 0xBF818000, // the same, negative
            0x3F808001, 0x3F807FFF, // just above and below a tie
            0x7F7F8000, 0x7F7FFFFF, // ties and overflow past the largest BF16 -> infinity
            0x00008000, 0x00018000, // subnormal ties
            0x7F800000, 0xFF800000, // infinities
            0x7FC00000, 0x7F800001, 0xFF800001, 0x7FFFFFFF, // NaNs, including payloads only in the low half
            0x00000000, 0x80000000, 0x3F800000};
        Random rng = new Random(1);
        int[] bits = new int[cases.length + 50_000];
        System.arraycopy(cases, 0, bits, 0, cases.length);
        for (int i = cases.length; i < bits.length; i++) {
            bits[i] = rng.nextInt();
        }
        float[] floats = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            floats[i] = Float.intBitsToFloat(bits[i]);
            int expected = bf16Reference(bits[i]);
            int got = DType.floatToBf16(floats[i]) & 0xFFFF;
            if (Float.isNaN(floats[i])) {
                assertTrue(Float.isNaN(DType.bf16ToFloat((short) got)), "NaN stays NaN: " + Integer.toHexString(bits[i]));
                assertEquals(expected >>> 15, got >>> 15, "NaN keeps its sign");
            } else {
                assertEquals(expected, got, "BF16 of " + Integer.toHexString(bits[i]));
            }
        }
        Tensor raw = Tensor.of(floats);
        short[] converted = rawShorts(raw.to(DType.BF16));
        float[] interleaved = new float[2 * floats.length];
        for (int i = 0; i < floats.length; i++) {
            interleaved[2 * i + 1] = floats[i];
        }
        short[] strided = rawShorts(Tensor.of(interleaved).slice(0, 1, interleaved.length, 2).to(DType.BF16));
        for (int i = 0; i < bits.length; i++) {
            int expected = bf16Reference(bits[i]);
            if (Float.isNaN(floats[i])) {
                assertTrue(Float.isNaN(DType.bf16ToFloat(converted[i])), "tensor cast keeps NaN");
            } else {
                assertEquals(expected, converted[i] & 0xFFFF, "tensor cast of " + Integer.toHexString(bits[i]));
                assertEquals(expected, strided[i] & 0xFFFF, "strided tensor cast of " + Integer.toHexString(bits[i]));
            }
        }
    }

    @Test
    void bf16ValuesRoundTrip() {
        for (int b = 0; b < 0x10000; b++) {
            float f = DType.bf16ToFloat((short) b);
            assertEquals(Float.intBitsToFloat(b << 16), f, 0.0);
            if (!Float.isNaN(f)) {
                assertEquals(b, DType.floatToBf16(f) & 0xFFFF, "round trip of " + Integer.toHexString(b));
            }
        }
        Tensor t = Tensor.of(new double[] {1.0, -2.5, 3.0e38, 1e-40, Double.NaN, Double.POSITIVE_INFINITY}).to(DType.BF16);
        assertEquals(-2.5, t.getDouble(1));
        assertTrue(Double.isNaN(t.getDouble(4)));
        assertEquals(Double.POSITIVE_INFINITY, t.getDouble(5));
        assertEquals(DType.bf16ToFloat(DType.floatToBf16(3.0e38f)), t.getDouble(2), 0.0);
    }

    @Test
    void f16ValuesRoundTripAndRoundToNearestEven() {
        float[] all = new float[0x10000];
        for (int h = 0; h < all.length; h++) {
            all[h] = Float.float16ToFloat((short) h);
        }
        Tensor halves = Tensor.of(all).to(DType.F16);
        short[] bits = rawShorts(halves);
        float[] back = halves.to(DType.F32).toFloatArray();
        for (int h = 0; h < all.length; h++) {
            if (Float.isNaN(all[h])) {
                assertTrue(Float.isNaN(back[h]), "NaN stays NaN");
            } else {
                assertEquals(h, bits[h] & 0xFFFF, "F16 bits survive a round trip through F32: " + Integer.toHexString(h));
                assertEquals(all[h], back[h], 0.0);
            }
        }
        double ulp = Math.scalb(1.0, -10);
        double[] inputs = {1 + ulp / 2, 1 + 3 * ulp / 2, 65519, 65520, 1e6, Math.scalb(1.0, -25), 1.5 * Math.scalb(1.0, -25),
            -(1 + ulp / 2)};
        double[] expected = {1, 1 + 2 * ulp, 65504, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0,
            Math.scalb(1.0, -24), -1};
        Tensor converted = Tensor.of(inputs).to(DType.F16);
        for (int i = 0; i < inputs.length; i++) {
            assertEquals(expected[i], converted.getDouble(i), 0.0, "F16 of " + inputs[i]);
        }
    }

    @Test
    void conversionsBetweenIntegerAndFloatTypes() {
        Tensor f = Tensor.of(new float[] {1.9f, -1.9f, 0.5f, -0.5f, 7f, 0f});
        assertArrayEquals(new long[] {1, -1, 0, 0, 7, 0}, f.to(DType.I64).toLongArray(), "F32 to I64 truncates toward 0");
        assertArrayEquals(new long[] {1, -1, 0, 0, 7, 0}, f.to(DType.I32).toLongArray(), "F32 to I32 truncates toward 0");
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0}, f.to(DType.BOOL).toLongArray(), "non-zero is true");
        long big = (1L << 53) + 1;
        Tensor longs = Tensor.of(new long[] {(1L << 32) + 5, -1, big, 300});
        assertArrayEquals(new long[] {5, -1, 1, 300}, longs.to(DType.I32).toLongArray(), "I64 to I32 wraps");
        assertArrayEquals(new long[] {5, -1, 1, 44}, longs.to(DType.I8).toLongArray(), "I64 to I8 wraps");
        assertEquals((double) big, longs.to(DType.F64).getDouble(2), "I64 to F64 rounds");
        assertEquals(big, longs.to(DType.I64).getLong(2), "I64 stays exact");
        assertEquals(-(1L << 53), Tensor.of(new long[] {-big}).to(DType.F32).to(DType.I64).getLong(0),
                "I64 through F32 rounds to the nearest float");
        Tensor flags = Tensor.of(new long[] {0, 2, -1}).to(DType.BOOL);
        assertArrayEquals(new double[] {0, 1, 1}, flags.to(DType.F32).toDoubleArray());
        assertArrayEquals(new long[] {0, 1, 1}, flags.to(DType.I64).toLongArray());
        Tensor d = Tensor.of(new double[] {0.1, 1e-50, 1e300});
        assertArrayEquals(new float[] {0.1f, 0f, Float.POSITIVE_INFINITY}, d.to(DType.F32).toFloatArray());
        assertEquals(0.1f, d.to(DType.F32).to(DType.F64).getDouble(0), 0.0, "F32 to F64 is exact");
    }

    @Test
    void promotionTable() {
        DType[] order = {DType.F32, DType.F64, DType.F16, DType.BF16, DType.I64, DType.I32, DType.I8, DType.BOOL};
        String[] table = {
            //        F32   F64   F16   BF16  I64   I32   I8    BOOL
            /* F32 */ "F32  F64  F32  F32  F32  F32  F32  F32",
            /* F64 */ "F64  F64  F64  F64  F64  F64  F64  F64",
            /* F16 */ "F32  F64  F16  F32  F16  F16  F16  F16",
            /* BF16*/ "F32  F64  F32  BF16 BF16 BF16 BF16 BF16",
            /* I64 */ "F32  F64  F16  BF16 I64  I64  I64  I64",
            /* I32 */ "F32  F64  F16  BF16 I64  I32  I32  I32",
            /* I8  */ "F32  F64  F16  BF16 I64  I32  I8   I8",
            /* BOOL*/ "F32  F64  F16  BF16 I64  I32  I8   BOOL"};
        for (int i = 0; i < order.length; i++) {
            String[] row = table[i].trim().split("\\s+");
            for (int j = 0; j < order.length; j++) {
                assertEquals(DType.valueOf(row[j]), DType.promote(order[i], order[j]), order[i] + " with " + order[j]);
            }
        }
    }

    @Test
    void sizesAndNames() {
        for (DType t : DType.values()) {
            assertEquals(t, DType.fromSafetensorsName(t.safetensorsName()));
            assertEquals(1, t.elementsPerBlock());
            assertEquals(t.byteSize() * 10L, t.byteSize(10));
        }
        assertNull(DType.fromSafetensorsName("Q4_K"));
        assertEquals(2, DType.BF16.byteSize());
        assertEquals(8, DType.I64.byteSize());
        assertEquals(1, DType.BOOL.byteSize());
        assertEquals("bf16", DType.BF16.toString());
    }
}
