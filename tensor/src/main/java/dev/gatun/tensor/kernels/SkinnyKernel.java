package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The micro-kernel for a few rows of A against a large pre-packed B: one {@link #ROWS} × V tile of C (V
 * the vector length) from three packed A micro-panels and one half of a split B micro-panel
 * ({@link PackedB}).
 *
 * <p>Why: with a dozen rows (one short sentence) a product is bound by reading B from memory, which
 * happens once; the time goes to waiting for it. {@link MicroKernel} covers four rows, so twelve rows take
 * three passes over each B micro-panel: the first waits for memory, the other two read the panel from L1
 * while memory sits idle, since nothing asks for the next panel yet. This kernel does all twelve rows in
 * one pass, so it asks for B at an even pace that memory can follow: measured on twelve rows against a
 * 384 × 1536 weight read from DRAM, 10–25% faster than three passes of {@link MicroKernel}; from cache it
 * is about 10% slower (twelve broadcasts per vector of B instead of two per four), so {@link PackedGemm}
 * uses it only for a few rows.
 *
 * <p>Registers: 12 accumulators, one vector of B and one broadcast: 14 of the 16 AVX2 registers.
 *
 * <p>Layouts: A rows {@code 4q + i} ({@code q} in 0..2) at {@code ap[aOff + q·MR·kc + p·MR + i]}, the three
 * consecutive micro-panels {@link GemmPacking#packA} writes, zero-padded; B at {@code bp[bOff + p·V + j]}.
 */
final class SkinnyKernel {

    static final VectorSpecies<Float> F = MicroKernel.F;
    /** Rows of the C tile: three A micro-panels. */
    static final int ROWS = 3 * MicroKernel.MR;

    private static final int MR = MicroKernel.MR;
    private static final int V = F.length();

    private SkinnyKernel() {
    }

    /**
     * {@code C[0..rows, 0..cols] = (add ? C : 0) + Ap · Bp} for a tile whose top-left element is at
     * {@code cByte} in {@code c}, rows {@code cRowBytes} apart; {@code rows <= ROWS}, {@code cols <= V}. A
     * partial tile goes through {@code tile} (length at least {@code ROWS·MicroKernel.NR}).
     */
    static void run(int kc, float[] ap, int aOff, float[] bp, int bOff,
                    MemorySegment c, long cByte, long cRowBytes, boolean add, int rows, int cols, float[] tile) {
        int a1 = aOff + MR * kc;
        int a2 = a1 + MR * kc;
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = FloatVector.zero(F);
        FloatVector c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F);
        FloatVector c4 = FloatVector.zero(F);
        FloatVector c5 = FloatVector.zero(F);
        FloatVector c6 = FloatVector.zero(F);
        FloatVector c7 = FloatVector.zero(F);
        FloatVector c8 = FloatVector.zero(F);
        FloatVector c9 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(F, bp, bOff + p * V);
            int i0 = aOff + p * MR;
            int i1 = a1 + p * MR;
            int i2 = a2 + p * MR;
            c0 = FloatVector.broadcast(F, ap[i0]).fma(b, c0);
            c1 = FloatVector.broadcast(F, ap[i0 + 1]).fma(b, c1);
            c2 = FloatVector.broadcast(F, ap[i0 + 2]).fma(b, c2);
            c3 = FloatVector.broadcast(F, ap[i0 + 3]).fma(b, c3);
            c4 = FloatVector.broadcast(F, ap[i1]).fma(b, c4);
            c5 = FloatVector.broadcast(F, ap[i1 + 1]).fma(b, c5);
            c6 = FloatVector.broadcast(F, ap[i1 + 2]).fma(b, c6);
            c7 = FloatVector.broadcast(F, ap[i1 + 3]).fma(b, c7);
            c8 = FloatVector.broadcast(F, ap[i2]).fma(b, c8);
            c9 = FloatVector.broadcast(F, ap[i2 + 1]).fma(b, c9);
            c10 = FloatVector.broadcast(F, ap[i2 + 2]).fma(b, c10);
            c11 = FloatVector.broadcast(F, ap[i2 + 3]).fma(b, c11);
        }
        // The accumulators leave through the tile array, as a loop over rows: a store method taking a
        // vector was not inlined by C2 and boxed each accumulator.
        int r = MicroKernel.NR;
        c0.intoArray(tile, 0);
        c1.intoArray(tile, r);
        c2.intoArray(tile, 2 * r);
        c3.intoArray(tile, 3 * r);
        c4.intoArray(tile, 4 * r);
        c5.intoArray(tile, 5 * r);
        c6.intoArray(tile, 6 * r);
        c7.intoArray(tile, 7 * r);
        c8.intoArray(tile, 8 * r);
        c9.intoArray(tile, 9 * r);
        c10.intoArray(tile, 10 * r);
        c11.intoArray(tile, 11 * r);
        if (cols < V) {
            MicroKernel.storePartial(tile, c, cByte, cRowBytes, add, rows, cols);
            return;
        }
        for (int i = 0; i < rows; i++) {
            long at = cByte + i * cRowBytes;
            FloatVector v = FloatVector.fromArray(F, tile, i * r);
            if (add) {
                v = v.add(FloatVector.fromMemorySegment(F, c, at, ByteOrder.LITTLE_ENDIAN));
            }
            v.intoMemorySegment(c, at, ByteOrder.LITTLE_ENDIAN);
        }
    }
}
