package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The register-blocked core of the F32 gemm: one {@link #MR} × {@link #NR} tile of C updated with the
 * product of a packed A micro-panel and a packed B micro-panel.
 *
 * <p>Why 4 × 16 (with 256-bit vectors): the tile lives in 8 vector accumulators; each step of the k loop
 * loads 2 vectors of B and broadcasts 4 values of A. C2 schedules all loads of a step ahead of the FMAs,
 * so the loop needs accumulators + B vectors + broadcasts = 8 + 2 + 4 = 14 of the 16 AVX2 registers.
 * Larger tiles (6 × 16, 5 × 16, 4 × 24) need 17 or more and C2 spills an accumulator to the stack,
 * which puts a store-to-load round trip on that accumulator's dependency chain and roughly halves the
 * speed. Eight independent chains are exactly enough to keep two FMA pipes with 4-cycle latency busy;
 * measured alone on packed data this kernel runs at about 93% of the FMA peak.
 *
 * <p>Packed layouts (see {@link GemmPacking}): A micro-panel {@code ap[aOff + p·MR + i]}; B micro-panel
 * in one of two layouts, both zero-padded to full width, so the loop never branches (only the store at
 * the end treats partial tiles): interleaved, as {@link GemmPacking#packB} writes it,
 * {@code bp[bOff + p·NR + j]} ({@link #run}); or split, as {@link PackedB} keeps it, the left vector's
 * columns {@code bp[bOff + p·V + j]} and the right one's {@code V·kc} further on ({@link #runSplit}).
 */
final class MicroKernel {

    static final VectorSpecies<Float> F = HalfFloats.F;
    /** Rows of the C tile. */
    static final int MR = 4;
    /** Columns of the C tile: two vectors. */
    static final int NR = 2 * F.length();

    private static final int V = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private MicroKernel() {
    }

    /**
     * {@code C[0..rows, 0..cols] = (add ? C : 0) + Ap · Bp} for a tile whose top-left element is at
     * {@code cByte} in {@code c}, with rows {@code cRowBytes} apart. A full tile is stored with vector
     * writes; a partial one goes through {@code tile} (length at least {@code MR·NR}) and is copied.
     */
    static void run(int kc, float[] ap, int aOff, float[] bp, int bOff,
                    MemorySegment c, long cByte, long cRowBytes, boolean add, int rows, int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + V);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (rows == MR && cols == NR) {
            store(c, cByte, c00, c01, add);
            store(c, cByte + cRowBytes, c10, c11, add);
            store(c, cByte + 2 * cRowBytes, c20, c21, add);
            store(c, cByte + 3 * cRowBytes, c30, c31, add);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, V);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + V);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + V);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + V);
            storePartial(tile, c, cByte, cRowBytes, add, rows, cols);
        }
    }

    /**
     * {@link #run} for a B micro-panel in {@link PackedB}'s split layout: the left vector's columns at
     * {@code bp[bOff + p·V + j]}, the right one's at {@code bp[bOff + V·kc + p·V + j]}. A kernel of its own
     * rather than a stride parameter of {@link #run}: C2 removes the array bounds checks from the loop only
     * when the index advances by a constant, and with a variable stride both kernels ran about 15% slower.
     * The stores are written out in both kernels, not shared through a method taking the accumulators: C2
     * would not inline that method (too large), and the vectors passed to it were boxed on the heap.
     */
    static void runSplit(int kc, float[] ap, int aOff, float[] bp, int bOff,
                         MemorySegment c, long cByte, long cRowBytes, boolean add, int rows, int cols, float[] tile) {
        int bRight = bOff + V * kc;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bOff + p * V);
            FloatVector b1 = FloatVector.fromArray(F, bp, bRight + p * V);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (rows == MR && cols == NR) {
            store(c, cByte, c00, c01, add);
            store(c, cByte + cRowBytes, c10, c11, add);
            store(c, cByte + 2 * cRowBytes, c20, c21, add);
            store(c, cByte + 3 * cRowBytes, c30, c31, add);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, V);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + V);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + V);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + V);
            storePartial(tile, c, cByte, cRowBytes, add, rows, cols);
        }
    }

    private static void store(MemorySegment c, long at, FloatVector v0, FloatVector v1, boolean add) {
        if (add) {
            v0 = v0.add(FloatVector.fromMemorySegment(F, c, at, LE));
            v1 = v1.add(FloatVector.fromMemorySegment(F, c, at + 4L * V, LE));
        }
        v0.intoMemorySegment(c, at, LE);
        v1.intoMemorySegment(c, at + 4L * V, LE);
    }

    static void storePartial(float[] tile, MemorySegment c, long cByte, long cRowBytes,
                                     boolean add, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            long row = cByte + i * cRowBytes;
            for (int j = 0; j < cols; j++) {
                float v = tile[i * NR + j];
                long at = row + 4L * j;
                c.set(GemmPacking.FLOAT, at, add ? v + c.get(GemmPacking.FLOAT, at) : v);
            }
        }
    }
}
