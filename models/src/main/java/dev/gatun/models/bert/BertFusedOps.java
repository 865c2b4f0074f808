package dev.gatun.models.bert;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.FusedRows;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.kernels.Erf;
import dev.gatun.tensor.kernels.LaneSums;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise steps of BERT's inference path fused into single passes over rows, in place. Each
 * replaces a chain of composed ops (and their intermediate tensors), which the profile of
 * {@link BertInference} showed costing as much as the matrix products for short inputs; each names the
 * composition it must equal, and {@code BertFusedOpsTest} holds it to that.
 *
 * <p>Inference only: nothing is recorded for autograd, and the tensor written must be a contiguous F32
 * result that the caller owns. Rows are shared out on {@link Parallel}'s threads.
 */
final class BertFusedOps {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float SQRT_TWO_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    /** Rows per task below which splitting across threads costs more than it saves, in elements. */
    private static final long GRAIN_ELEMENTS = 1 << 14;

    private BertFusedOps() {
    }

    /** Activations the feed-forward block may use, by {@link BertConfig#hiddenAct()}. */
    enum Activation {
        GELU, GELU_TANH, RELU;

        static Activation of(String hiddenAct) {
            return switch (hiddenAct) {
                case "gelu" -> GELU;
                case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
                case "relu" -> RELU;
                default -> throw new GatunException("BERT: unsupported hidden_act '" + hiddenAct + "'");
            };
        }
    }

    /**
     * {@code x = act(x + bias)} over rows of x (..., N) with bias (N), or null for none; the composition it
     * replaces is {@code Functional.gelu(x.add(bias))} (or {@code geluTanh}, {@code relu}).
     */
    static void biasActivationInPlace(Tensor x, Tensor bias, Activation act) {
        int n = x.size(-1);
        checkRows(x, n, "x");
        if (bias != null) {
            checkVector(bias, n, "bias");
        }
        MemorySegment xs = x.segment();
        MemorySegment bs = bias == null ? null : bias.segment();
        long xBase = x.offset() * 4;
        long bBase = bias == null ? 0 : bias.offset() * 4;
        long rows = x.numel() / n;
        Parallel.forRange(rows, grainRows(n), (start, end) -> {
            for (long r = start; r < end; r++) {
                long row = xBase + r * n * 4L;
                int j = 0;
                for (int bound = F.loopBound(n); j < bound; j += F.length()) {
                    FloatVector v = FloatVector.fromMemorySegment(F, xs, row + j * 4L, LE);
                    if (bs != null) {
                        v = v.add(FloatVector.fromMemorySegment(F, bs, bBase + j * 4L, LE));
                    }
                    activate(v, act).intoMemorySegment(xs, row + j * 4L, LE);
                }
                for (; j < n; j++) {
                    float v = xs.get(FLOAT, row + j * 4L) + (bs == null ? 0f : bs.get(FLOAT, bBase + j * 4L));
                    xs.set(FLOAT, row + j * 4L, activate(v, act));
                }
            }
        });
    }

    private static FloatVector activate(FloatVector v, Activation act) {
        return switch (act) {
            case GELU -> v.mul(Erf.erf(v.mul(SQRT_HALF)).add(1f)).mul(0.5f);
            case GELU_TANH -> {
                FloatVector inner = v.add(v.mul(v).mul(v).mul(0.044715f)).mul(SQRT_TWO_OVER_PI);
                yield v.mul(inner.lanewise(VectorOperators.TANH).add(1f)).mul(0.5f);
            }
            case RELU -> v.max(0f);
        };
    }

    private static float activate(float v, Activation act) {
        return switch (act) {
            case GELU -> v * ((float) Erf.erf(v * SQRT_HALF) + 1f) * 0.5f;
            case GELU_TANH -> v * ((float) Math.tanh((v + v * v * v * 0.044715f) * SQRT_TWO_OVER_PI) + 1f) * 0.5f;
            case RELU -> Math.max(v, 0f);
        };
    }

    /**
     * {@code x = LayerNorm(x + bias + residual)} over the last dimension C, with the biased variance: the
     * post-norm residual step of every BERT sub-layer. Replaces
     * {@code Functional.layerNorm(x.add(bias).add(residual), 1, weight, layerBias, eps)}. {@code bias} and
     * {@code residual} may be null (the embeddings' norm has neither).
     *
     * @param x (R..., C), written
     * @param residual the same shape as x, or null
     */
    static void addLayerNormInPlace(Tensor x, Tensor bias, Tensor residual, Tensor weight, Tensor layerBias, double eps) {
        int c = x.size(-1);
        checkRows(x, c, "x");
        if (residual != null) {
            checkRows(residual, c, "residual");
            if (!Arrays.equals(residual.shape(), x.shape())) {
                throw new GatunException("residual " + Arrays.toString(residual.shape()) + " does not match "
                        + Arrays.toString(x.shape()));
            }
        }
        if (bias != null) {
            checkVector(bias, c, "bias");
        }
        checkVector(weight, c, "weight");
        checkVector(layerBias, c, "layer-norm bias");
        MemorySegment xs = x.segment();
        long xBase = x.offset() * 4;
        long rows = x.numel() / c;
        float epsilon = (float) eps;
        Parallel.forRange(rows, grainRows(c), (start, end) -> {
            for (long r = start; r < end; r++) {
                long row = xBase + r * c * 4L;
                float sum = sumInputs(xs, row, bias, residual, r, c);
                FusedRows.normalizeRow(xs, row, sum, xs, row, c, epsilon, weight, layerBias);
            }
        });
    }

    /** Writes {@code x + bias + residual} into the row and returns its sum. */
    private static float sumInputs(MemorySegment xs, long row, Tensor bias, Tensor residual, long r, int c) {
        MemorySegment bs = bias == null ? null : bias.segment();
        long bBase = bias == null ? 0 : bias.offset() * 4;
        MemorySegment rs = residual == null ? null : residual.segment();
        long rRow = residual == null ? 0 : (residual.offset() + r * c) * 4;
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int bound = F.loopBound(c); j < bound; j += F.length()) {
            FloatVector v = FloatVector.fromMemorySegment(F, xs, row + j * 4L, LE);
            if (bs != null) {
                v = v.add(FloatVector.fromMemorySegment(F, bs, bBase + j * 4L, LE));
            }
            if (rs != null) {
                v = v.add(FloatVector.fromMemorySegment(F, rs, rRow + j * 4L, LE));
            }
            v.intoMemorySegment(xs, row + j * 4L, LE);
            acc = acc.add(v);
        }
        float sum = LaneSums.sum(acc);
        for (; j < c; j++) {
            float v = xs.get(FLOAT, row + j * 4L);
            if (bs != null) {
                v += bs.get(FLOAT, bBase + j * 4L);
            }
            if (rs != null) {
                v += rs.get(FLOAT, rRow + j * 4L);
            }
            xs.set(FLOAT, row + j * 4L, v);
            sum += v;
        }
        return sum;
    }

    /**
     * {@code scores = softmax(scores / divisor + mask)} along the last dimension, for attention scores
     * (B, H, T, T) and an additive mask (B, T) (0 to attend, a large negative number for padding; null for
     * none). Replaces {@code scores.div(divisor).add(extendedMask).softmax(-1)}.
     */
    static void maskedSoftmaxInPlace(Tensor scores, Tensor mask, float divisor) {
        int t = scores.size(-1);
        checkRows(scores, t, "scores");
        int b = scores.size(0);
        long rowsPerBatch = scores.numel() / t / b;
        if (mask != null && (mask.rank() != 2 || mask.size(0) != b || mask.size(1) != t
                || mask.dtype() != DType.F32 || !mask.isContiguous())) {
            throw new GatunException("attention mask must be contiguous F32 (" + b + ", " + t + "), got "
                    + mask.dtype() + " " + Arrays.toString(mask.shape()));
        }
        MemorySegment ss = scores.segment();
        MemorySegment ms = mask == null ? null : mask.segment();
        long sBase = scores.offset() * 4;
        long mBase = mask == null ? 0 : mask.offset() * 4;
        Parallel.forRange(scores.numel() / t, grainRows(t), (start, end) -> {
            for (long r = start; r < end; r++) {
                long row = sBase + r * t * 4L;
                long maskRow = mBase + (r / rowsPerBatch) * t * 4L;
                softmaxRow(ss, row, ms, maskRow, divisor, t);
            }
        });
    }

    private static void softmaxRow(MemorySegment ss, long row, MemorySegment ms, long maskRow, float divisor, int t) {
        FloatVector maxV = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (int bound = F.loopBound(t); j < bound; j += F.length()) {
            FloatVector v = FloatVector.fromMemorySegment(F, ss, row + j * 4L, LE).div(divisor);
            if (ms != null) {
                v = v.add(FloatVector.fromMemorySegment(F, ms, maskRow + j * 4L, LE));
            }
            v.intoMemorySegment(ss, row + j * 4L, LE);
            maxV = maxV.max(v);
        }
        float max = maxV.reduceLanes(VectorOperators.MAX);
        for (; j < t; j++) {
            float v = ss.get(FLOAT, row + j * 4L) / divisor;
            if (ms != null) {
                v += ms.get(FLOAT, maskRow + j * 4L);
            }
            ss.set(FLOAT, row + j * 4L, v);
            max = Math.max(max, v);
        }
        FloatVector acc = FloatVector.zero(F);
        j = 0;
        for (int bound = F.loopBound(t); j < bound; j += F.length()) {
            FloatVector e = FloatVector.fromMemorySegment(F, ss, row + j * 4L, LE).sub(max).lanewise(VectorOperators.EXP);
            e.intoMemorySegment(ss, row + j * 4L, LE);
            acc = acc.add(e);
        }
        float sum = LaneSums.sum(acc);
        for (; j < t; j++) {
            float e = (float) Math.exp(ss.get(FLOAT, row + j * 4L) - max);
            ss.set(FLOAT, row + j * 4L, e);
            sum += e;
        }
        j = 0;
        for (int bound = F.loopBound(t); j < bound; j += F.length()) {
            FloatVector.fromMemorySegment(F, ss, row + j * 4L, LE).div(sum).intoMemorySegment(ss, row + j * 4L, LE);
        }
        for (; j < t; j++) {
            ss.set(FLOAT, row + j * 4L, ss.get(FLOAT, row + j * 4L) / sum);
        }
    }

    /**
     * The sum of BERT's three embeddings for token rows: row r is
     * {@code word[ids[r]] + type[types[r]] + position[positions[r]]}, summed in that order, as
     * {@code Functional.embedding(ids, word).add(Functional.embedding(types, type)).add(Functional.embedding(positions, position))}:
     * one pass per token instead of three gathers and two adds over the whole tensor.
     *
     * @param ids, types, positions one entry per row, the same length R; every index is checked against its table
     * @param word (V, C), type (tv, C), position (P, C): contiguous F32
     * @return (R, C), a new tensor in the current scope
     */
    static Tensor embeddingSum(long[] ids, long[] types, long[] positions, Tensor word, Tensor type, Tensor position) {
        int c = word.size(-1);
        for (Tensor table : new Tensor[] {word, type, position}) {
            if (table.rank() != 2) {
                throw new GatunException("embedding tables must be 2-d, got " + Arrays.toString(table.shape()));
            }
            checkRows(table, c, "embedding table");
        }
        if (types.length != ids.length || positions.length != ids.length) {
            throw new GatunException("embedding: " + ids.length + " ids but " + types.length + " token types and "
                    + positions.length + " positions");
        }
        Tensor out = Tensor.zeros(DType.F32, ids.length, c);                                   // (R, C)
        MemorySegment os = out.segment();
        for (int r = 0; r < ids.length; r++) {
            long w = rowByte(word, ids[r], c, "token id");
            long ty = rowByte(type, types[r], c, "token type");
            long p = rowByte(position, positions[r], c, "position");
            long o = 4L * r * c;
            int j = 0;
            for (int bound = F.loopBound(c); j < bound; j += F.length()) {
                FloatVector.fromMemorySegment(F, word.segment(), w + 4L * j, LE)
                        .add(FloatVector.fromMemorySegment(F, type.segment(), ty + 4L * j, LE))
                        .add(FloatVector.fromMemorySegment(F, position.segment(), p + 4L * j, LE))
                        .intoMemorySegment(os, o + 4L * j, LE);
            }
            for (; j < c; j++) {
                float v = word.segment().get(FLOAT, w + 4L * j) + type.segment().get(FLOAT, ty + 4L * j);
                os.set(FLOAT, o + 4L * j, v + position.segment().get(FLOAT, p + 4L * j));
            }
        }
        return out;
    }

    /** Byte offset of row {@code index} of a contiguous F32 table with {@code c} columns, checked. */
    private static long rowByte(Tensor table, long index, int c, String what) {
        if (index < 0 || index >= table.size(0)) {
            throw new GatunException("embedding: " + what + " " + index + " out of range [0, " + table.size(0) + ")");
        }
        return 4L * (table.offset() + index * c);
    }

    private static long grainRows(int rowLength) {
        return Math.max(1, GRAIN_ELEMENTS / Math.max(1, rowLength));
    }

    private static void checkRows(Tensor t, int n, String what) {
        if (t.dtype() != DType.F32 || !t.isContiguous() || t.rank() < 1 || t.size(-1) != n) {
            throw new GatunException("fused op: " + what + " must be contiguous F32 (..., " + n + "), got " + t.dtype()
                    + " " + Arrays.toString(t.shape()) + (t.isContiguous() ? "" : " (not contiguous)"));
        }
    }

    private static void checkVector(Tensor t, int n, String what) {
        if (t.dtype() != DType.F32 || !t.isContiguous() || t.numel() != n) {
            throw new GatunException("fused op: " + what + " must be contiguous F32 (" + n + "), got " + t.dtype() + " "
                    + Arrays.toString(t.shape()));
        }
    }
}
