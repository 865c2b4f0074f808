package dev.gatun.tensor;

import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.kernels.FastExp;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.LaneSums;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bidirectional softmax attention for inference, {@code out = softmax(q kᵀ · scale + bias) v}, reading q,
 * k and v in place as strided views (of one fused query/key/value projection, say) and writing each
 * head's output straight into its place, so no permuted copy is made. Equals
 * {@code q.matmul(k.mT()).mul(scale).add(bias).softmax(-1).matmul(v)}; {@code FusedAttentionTest} holds it
 * to that.
 *
 * <p>Without a bias the installed native backend's flash attention runs when it takes the spec. Otherwise
 * all heads' scores come from one batched matrix product (each head a batch entry, shared out on the
 * kernel threads), one pass per row scales, adds the bias and takes the softmax in place, and a second
 * batched product writes the heads' outputs. That is done once per batch entry, or, when batch and heads
 * merge into one dimension in every operand (contiguous (B, H, T, D) tensors: many small windows), once
 * for all entries.
 *
 * <p>The bias is what a windowed model adds to the scores: a relative-position table, and for shifted
 * windows a mask of large negative numbers. It is (W, H, Tq, Tk), and batch entry b reads its slice
 * {@code b mod W}, so windows laid out batch-major share one table per window position; W = 1 broadcasts
 * one table to every entry. Inference only: nothing is recorded for autograd.
 */
public final class FusedAttention {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private FusedAttention() {
    }

    /**
     * Attends and writes {@code out}.
     *
     * @param q queries (B, H, Tq, D), F32, any strides
     * @param k keys (B, H, Tk, D), F32, any strides
     * @param v values (B, H, Tk, Dv), F32, any strides
     * @param out (B, H, Tq, Dv), F32, its last dimension contiguous, not overlapping the inputs
     * @param scale the factor of the scores, usually {@code 1/sqrt(D)}
     * @param bias added to the scaled scores: (W, H, Tq, Tk) contiguous F32 with B a multiple of W, or null
     * @param scratch a contiguous F32 buffer for the scores, or null: {@code H·Tq·Tk} elements are enough
     *     for operands whose batch and head dimensions do not merge, {@code B·H·Tq·Tk} for those that do;
     *     a smaller or null one is replaced by one allocated in the current scope
     */
    public static void attention(Tensor q, Tensor k, Tensor v, Tensor out, double scale, Tensor bias, Tensor scratch) {
        check(q, k, v, out, bias, scratch);
        int b = q.size(0);
        int heads = q.size(1);
        int tq = q.size(2);
        int tk = k.size(2);
        if (q.numel() == 0 || out.numel() == 0) {
            return;
        }
        if (bias == null && FusedRows.runNative(new AttentionSpec(q, k, v, out, scale, AttentionMask.NONE))) {
            return;
        }
        // When batch and heads merge in every operand (stride(0) = H·stride(1), as in a contiguous
        // (B, H, T, D)), all B·H products are one batched product each; else one per batch entry.
        boolean merged = merges(q) && merges(k) && merges(v) && merges(out);
        int entries = merged ? b : 1;
        long need = (long) entries * heads * tq * tk;
        Tensor scores = scratch != null && scratch.numel() >= need ? scratch : Tensor.zeros(DType.F32, Math.toIntExact(need));
        for (int i = 0; i < b; i += entries) {
            products(q, k, v, out, scores, i, entries, (float) scale, bias);
        }
    }

    private static boolean merges(Tensor x) {
        return x.size(1) == 1 || x.strides()[0] == x.size(1) * x.strides()[1];
    }

    /** The stride from one (entry, head) product to the next: across heads, or across entries for one head. */
    private static long batchStride(Tensor x) {
        return x.size(1) == 1 ? x.strides()[0] : x.strides()[1];
    }

    /**
     * Batch entries {@code [first, first + entries)}: scores (entries·H, Tq, Tk) = q kᵀ, the softmax in
     * place, out = scores v. With more than one entry the operands' batch and head dimensions merge.
     */
    private static void products(Tensor q, Tensor k, Tensor v, Tensor out, Tensor scores, int first, int entries,
                                 float scale, Tensor bias) {
        int heads = q.size(1);
        int tq = q.size(2);
        int tk = k.size(2);
        int d = q.size(3);
        int dv = v.size(3);
        int batch = entries * heads;
        long[] qs = q.strides();
        long[] ks = k.strides();
        long[] vs = v.strides();
        long[] os = out.strides();
        long sc = scores.offset();
        gemm(new GemmSpec(batch, tq, tk, d,
                DType.F32, q.segment(), q.offset() + first * qs[0], batchStride(q), qs[2], qs[3],
                DType.F32, k.segment(), k.offset() + first * ks[0], batchStride(k), ks[3], ks[2],
                DType.F32, scores.segment(), sc, (long) tq * tk, tk, false));
        softmaxRows(scores, first, entries, heads * tq, tk, scale, bias);
        gemm(new GemmSpec(batch, tq, dv, tk,
                DType.F32, scores.segment(), sc, (long) tq * tk, tk, 1,
                DType.F32, v.segment(), v.offset() + first * vs[0], batchStride(v), vs[2], vs[3],
                DType.F32, out.segment(), out.offset() + first * os[0], batchStride(out), os[2], false));
    }

    private static void gemm(GemmSpec spec) {
        Backends.forGemm(spec).gemm(spec);
    }

    /**
     * {@code s = softmax(s · scale + bias[e mod W])} along every row of length t of batch entries
     * {@code [first, first + entries)}, each {@code rowsPerEntry} rows (H·Tq) from the start of scores.
     */
    private static void softmaxRows(Tensor scores, int first, int entries, int rowsPerEntry, int t, float scale,
                                    Tensor bias) {
        MemorySegment ss = scores.segment();
        long sBase = scores.offset() * 4;
        MemorySegment bs = bias == null ? null : bias.segment();
        long bBase = bias == null ? 0 : bias.offset() * 4;
        int windows = bias == null ? 1 : bias.size(0);
        Parallel.forRange((long) entries * rowsPerEntry, FusedRows.grainRows(t), (start, end) -> {
            for (long r = start; r < end; r++) {
                long entry = first + r / rowsPerEntry;
                long biasRow = bBase + ((entry % windows) * rowsPerEntry + r % rowsPerEntry) * t * 4L;
                softmaxRow(ss, sBase + r * t * 4L, bs, biasRow, scale, t);
            }
        });
    }

    private static void softmaxRow(MemorySegment ss, long row, MemorySegment bs, long biasRow, float scale, int t) {
        FloatVector maxV = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (int bound = F.loopBound(t); j < bound; j += F.length()) {
            FloatVector x = FloatVector.fromMemorySegment(F, ss, row + j * 4L, LE).mul(scale);
            if (bs != null) {
                x = x.add(FloatVector.fromMemorySegment(F, bs, biasRow + j * 4L, LE));
            }
            x.intoMemorySegment(ss, row + j * 4L, LE);
            maxV = maxV.max(x);
        }
        float max = maxV.reduceLanes(VectorOperators.MAX);
        for (; j < t; j++) {
            float x = ss.get(FLOAT, row + j * 4L) * scale + (bs == null ? 0f : bs.get(FLOAT, biasRow + j * 4L));
            ss.set(FLOAT, row + j * 4L, x);
            max = Math.max(max, x);
        }
        FloatVector acc = FloatVector.zero(F);
        j = 0;
        for (int bound = F.loopBound(t); j < bound; j += F.length()) {
            FloatVector e = FastExp.exp(FloatVector.fromMemorySegment(F, ss, row + j * 4L, LE).sub(max));
            e.intoMemorySegment(ss, row + j * 4L, LE);
            acc = acc.add(e);
        }
        float sum = LaneSums.sum(acc);
        for (; j < t; j++) {
            float e = (float) Math.exp(ss.get(FLOAT, row + j * 4L) - max);
            ss.set(FLOAT, row + j * 4L, e);
            sum += e;
        }
        float inv = 1f / sum;
        j = 0;
        for (int bound = F.loopBound(t); j < bound; j += F.length()) {
            FloatVector.fromMemorySegment(F, ss, row + j * 4L, LE).mul(inv).intoMemorySegment(ss, row + j * 4L, LE);
        }
        for (; j < t; j++) {
            ss.set(FLOAT, row + j * 4L, ss.get(FLOAT, row + j * 4L) * inv);
        }
    }

    private static void check(Tensor q, Tensor k, Tensor v, Tensor out, Tensor bias, Tensor scratch) {
        for (Tensor x : new Tensor[] {q, k, v, out}) {
            if (x.rank() != 4 || x.dtype() != DType.F32) {
                throw new GatunException("fused attention: q, k, v and out must be F32 (B, H, T, D), got " + x.dtype()
                        + " " + Shape.toString(x.shape()));
            }
        }
        int b = q.size(0);
        int h = q.size(1);
        int tq = q.size(2);
        int tk = k.size(2);
        if (k.size(0) != b || v.size(0) != b || k.size(1) != h || v.size(1) != h || k.size(3) != q.size(3)
                || v.size(2) != tk || out.size(0) != b || out.size(1) != h || out.size(2) != tq
                || out.size(3) != v.size(3)) {
            throw new GatunException("fused attention: shapes do not agree: q " + Shape.toString(q.shape()) + ", k "
                    + Shape.toString(k.shape()) + ", v " + Shape.toString(v.shape()) + ", out "
                    + Shape.toString(out.shape()));
        }
        if (out.size(3) > 1 && out.strides()[3] != 1) {
            throw new GatunException("fused attention: out's last dimension must be contiguous");
        }
        if (bias != null && (bias.rank() != 4 || bias.dtype() != DType.F32 || !bias.isContiguous()
                || bias.size(0) < 1 || b % bias.size(0) != 0 || bias.size(1) != h || bias.size(2) != tq
                || bias.size(3) != tk)) {
            throw new GatunException("fused attention: bias must be contiguous F32 (W, " + h + ", " + tq + ", " + tk
                    + ") with W dividing the batch " + b + ", got " + bias.dtype() + " " + Shape.toString(bias.shape()));
        }
        if (scratch != null && (scratch.dtype() != DType.F32 || !scratch.isContiguous())) {
            throw new GatunException("fused attention: scratch must be contiguous F32, got " + scratch.dtype() + " "
                    + Shape.toString(scratch.shape()) + (scratch.isContiguous() ? "" : " (not contiguous)"));
        }
    }
}
