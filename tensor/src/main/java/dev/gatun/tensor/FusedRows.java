package dev.gatun.tensor;

import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.KernelSpec;
import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.kernels.Erf;
import dev.gatun.tensor.kernels.LaneSums;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-wise steps of a transformer's inference path, each one pass over rows of contiguous F32 memory
 * instead of a chain of composed ops and their intermediate tensors: layer norm written into another
 * buffer, and an activation in place. Each names the composition it equals, and {@code FusedRowsTest}
 * holds it to that on every installed backend.
 *
 * <p>The installed native backend's kernel runs when it takes the spec ({@link Backends#forKernel});
 * otherwise (and with {@code GATUN_BACKEND=java}) a Vector API loop here runs, not the Java backend's
 * composed reference. Inference only: nothing is recorded for autograd. Rows are shared out on
 * {@link Parallel}'s threads.
 */
public final class FusedRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float SQRT_TWO_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    /** Elements per task below which splitting rows across threads costs more than it saves. */
    private static final long GRAIN_ELEMENTS = 1 << 14;

    private FusedRows() {
    }

    /**
     * {@code out = layerNorm(x) · weight + bias} over the last dimension C with the biased variance, as
     * {@code Functional.layerNorm(x, 1, weight, bias, eps)}.
     *
     * @param x rows (..., C), contiguous F32
     * @param weight (C) F32, or null
     * @param bias (C) F32, or null
     * @param out the same shape as x, contiguous F32; may be x itself
     */
    public static void layerNorm(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out) {
        int c = x.size(-1);
        checkRows(x, c, "x");
        checkRows(out, c, "out");
        if (out.numel() != x.numel()) {
            throw new GatunException("layer norm: out " + Shape.toString(out.shape()) + " does not match x "
                    + Shape.toString(x.shape()));
        }
        checkVector(weight, c, "weight");
        checkVector(bias, c, "bias");
        if (x.numel() == 0 || runNative(new LayerNormSpec(x, weight, bias, eps, out))) {
            return;
        }
        MemorySegment xs = x.segment();
        MemorySegment os = out.segment();
        long xBase = x.offset() * 4;
        long oBase = out.offset() * 4;
        float epsilon = (float) eps;
        Parallel.forRange(x.numel() / c, grainRows(c), (start, end) -> {
            for (long r = start; r < end; r++) {
                long xRow = xBase + r * c * 4L;
                normalizeRow(xs, xRow, sum(xs, xRow, c), os, oBase + r * c * 4L, c, epsilon, weight, bias);
            }
        });
    }

    /**
     * One row of {@link #layerNorm}, for fused kernels that produce the row and its sum in one pass (a
     * residual add, say) and normalise it next: reads C contiguous F32 values at byte {@code xRow} of
     * {@code xs}, whose sum is {@code sum}, and writes the normalised row at byte {@code oRow} of
     * {@code os} (which may be the same place). The caller has validated the shapes.
     */
    public static void normalizeRow(MemorySegment xs, long xRow, float sum, MemorySegment os, long oRow, int c,
                                    float eps, Tensor weight, Tensor bias) {
        float mean = sum / c;
        float var = centeredSquares(xs, xRow, mean, c) / c;
        float rstd = (float) (1.0 / Math.sqrt(var + eps));
        normalize(xs, xRow, os, oRow, mean, rstd, weight, bias, c);
    }

    private static float sum(MemorySegment xs, long row, int c) {
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int bound = F.loopBound(c); j < bound; j += F.length()) {
            acc = acc.add(FloatVector.fromMemorySegment(F, xs, row + j * 4L, LE));
        }
        float s = LaneSums.sum(acc);
        for (; j < c; j++) {
            s += xs.get(FLOAT, row + j * 4L);
        }
        return s;
    }

    private static float centeredSquares(MemorySegment xs, long row, float mean, int c) {
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int bound = F.loopBound(c); j < bound; j += F.length()) {
            FloatVector d = FloatVector.fromMemorySegment(F, xs, row + j * 4L, LE).sub(mean);
            acc = d.fma(d, acc);
        }
        float s = LaneSums.sum(acc);
        for (; j < c; j++) {
            float d = xs.get(FLOAT, row + j * 4L) - mean;
            s += d * d;
        }
        return s;
    }

    private static void normalize(MemorySegment xs, long xRow, MemorySegment os, long oRow, float mean, float rstd,
                                  Tensor weight, Tensor bias, int c) {
        MemorySegment ws = weight == null ? null : weight.segment();
        MemorySegment bs = bias == null ? null : bias.segment();
        long wBase = weight == null ? 0 : weight.offset() * 4;
        long bBase = bias == null ? 0 : bias.offset() * 4;
        int j = 0;
        for (int bound = F.loopBound(c); j < bound; j += F.length()) {
            FloatVector v = FloatVector.fromMemorySegment(F, xs, xRow + j * 4L, LE).sub(mean).mul(rstd);
            if (ws != null) {
                v = v.mul(FloatVector.fromMemorySegment(F, ws, wBase + j * 4L, LE));
            }
            if (bs != null) {
                v = v.add(FloatVector.fromMemorySegment(F, bs, bBase + j * 4L, LE));
            }
            v.intoMemorySegment(os, oRow + j * 4L, LE);
        }
        for (; j < c; j++) {
            float v = (xs.get(FLOAT, xRow + j * 4L) - mean) * rstd;
            if (ws != null) {
                v *= ws.get(FLOAT, wBase + j * 4L);
            }
            if (bs != null) {
                v += bs.get(FLOAT, bBase + j * 4L);
            }
            os.set(FLOAT, oRow + j * 4L, v);
        }
    }

    /**
     * {@code x = f(x)} in place for the GELU forms: {@code Functional.gelu(x)} (exact, erf) or
     * {@code Functional.geluTanh(x)}.
     *
     * @param kind {@link ActivationSpec.Kind#GELU} or {@link ActivationSpec.Kind#GELU_TANH}
     * @param x any shape, contiguous F32
     */
    public static void activation_(ActivationSpec.Kind kind, Tensor x) {
        activation(kind, x, x);
    }

    /**
     * {@code out = f(x)} for the GELU forms, as {@link #activation_}; out is x itself or another contiguous
     * F32 tensor of as many elements.
     */
    public static void activation(ActivationSpec.Kind kind, Tensor x, Tensor out) {
        if (kind != ActivationSpec.Kind.GELU && kind != ActivationSpec.Kind.GELU_TANH) {
            throw new GatunException("fused activation: GELU or GELU_TANH expected, got " + kind);
        }
        checkRows(x, x.rank() == 0 ? 1 : x.size(-1), "x");
        checkRows(out, out.rank() == 0 ? 1 : out.size(-1), "out");
        if (out.numel() != x.numel()) {
            throw new GatunException("fused activation: out " + Shape.toString(out.shape()) + " does not match x "
                    + Shape.toString(x.shape()));
        }
        if (x.numel() == 0 || runNative(new ActivationSpec(kind, x, out))) {
            return;
        }
        MemorySegment xs = x.segment();
        MemorySegment os = out.segment();
        long xBase = x.offset() * 4;
        long oBase = out.offset() * 4;
        long n = x.numel();
        long block = 1024;
        Parallel.forRange((n + block - 1) / block, Math.max(1, GRAIN_ELEMENTS / block), (start, end) -> {
            long from = start * block;
            long to = Math.min(n, end * block);
            long i = from;
            for (long bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector v = FloatVector.fromMemorySegment(F, xs, xBase + i * 4, LE);
                gelu(v, kind).intoMemorySegment(os, oBase + i * 4, LE);
            }
            for (; i < to; i++) {
                os.set(FLOAT, oBase + i * 4, gelu(xs.get(FLOAT, xBase + i * 4), kind));
            }
        });
    }

    private static FloatVector gelu(FloatVector v, ActivationSpec.Kind kind) {
        if (kind == ActivationSpec.Kind.GELU) {
            return v.mul(Erf.erf(v.mul(SQRT_HALF)).add(1f)).mul(0.5f);
        }
        FloatVector inner = v.add(v.mul(v).mul(v).mul(0.044715f)).mul(SQRT_TWO_OVER_PI);
        return v.mul(inner.lanewise(VectorOperators.TANH).add(1f)).mul(0.5f);
    }

    private static float gelu(float v, ActivationSpec.Kind kind) {
        if (kind == ActivationSpec.Kind.GELU) {
            return v * ((float) Erf.erf(v * SQRT_HALF) + 1f) * 0.5f;
        }
        return v * ((float) Math.tanh((v + v * v * v * 0.044715f) * SQRT_TWO_OVER_PI) + 1f) * 0.5f;
    }

    /** Runs {@code spec} on an installed native backend if one takes it; false when only Java would. */
    static boolean runNative(KernelSpec spec) {
        Backend backend = Backends.forKernel(spec);
        if (backend == Backends.java()) {
            return false;
        }
        backend.execute(spec);
        return true;
    }

    static long grainRows(int rowLength) {
        return Math.max(1, GRAIN_ELEMENTS / Math.max(1, rowLength));
    }

    static void checkRows(Tensor t, int n, String what) {
        if (t.dtype() != DType.F32 || !t.isContiguous() || t.rank() < 1 || t.size(-1) != n) {
            throw new GatunException("fused op: " + what + " must be contiguous F32 (..., " + n + "), got " + t.dtype()
                    + " " + Shape.toString(t.shape()) + (t.isContiguous() ? "" : " (not contiguous)"));
        }
    }

    static void checkVector(Tensor t, int n, String what) {
        if (t != null && (t.dtype() != DType.F32 || !t.isContiguous() || t.numel() != n)) {
            throw new GatunException("fused op: " + what + " must be contiguous F32 (" + n + "), got " + t.dtype() + " "
                    + Shape.toString(t.shape()));
        }
    }
}
