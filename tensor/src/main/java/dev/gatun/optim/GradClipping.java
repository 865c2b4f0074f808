package dev.gatun.optim;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import dev.gatun.tensor.kernels.LaneSums;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClipping {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements summed in float lanes before the partial sum moves to a double, bounding the rounding. */
    private static final int BLOCK = 1024;

    private GradClipping() {
    }

    /**
     * Scales the gradients of {@code params} so that their joint L2 norm is at most {@code maxNorm}.
     *
     * <p>The total norm is {@code sqrt(sum of squares of all gradient elements)}; when the coefficient
     * {@code maxNorm / (total + 1e-6)} is below 1, every gradient is multiplied by it, exactly as PyTorch
     * does. Parameters without a gradient are ignored. A non-finite total (an overflow, a NaN) is returned
     * as it is, and the gradients are scaled by the resulting coefficient just as in PyTorch (whose
     * {@code error_if_nonfinite} defaults to off); check the returned value to skip such a step.
     *
     * @return the total norm before clipping
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new GatunException("clipGradNorm needs max_norm >= 0, got " + maxNorm);
        }
        double sumSq = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                sumSq += sumOfSquares(p.grad());
            }
        }
        double total = Math.sqrt(sumSq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) {
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.grad().mul_(coef);
                    }
                }
            }
        }
        return total;
    }

    /** Sum of squared elements, read straight from memory for contiguous F32 and F64. */
    static double sumOfSquares(Tensor g) {
        if (!g.isContiguous() || (g.dtype() != DType.F32 && g.dtype() != DType.F64)) {
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                Tensor d = g.to(DType.F64);
                return d.mul(d).sum().item();
            }
        }
        MemorySegment s = g.segment();
        long base = g.offset() * g.dtype().byteSize();
        long n = g.numel();
        double sum = 0;
        if (g.dtype() == DType.F64) {
            for (long i = 0; i < n; i++) {
                double v = s.get(DOUBLE, base + i * 8);
                sum += v * v;
            }
            return sum;
        }
        long i = 0;
        long vectorEnd = F.loopBound(n);
        while (i < vectorEnd) {
            long blockEnd = Math.min(vectorEnd, i + BLOCK);
            FloatVector acc = FloatVector.zero(F);
            for (; i < blockEnd; i += F.length()) {
                FloatVector v = FloatVector.fromMemorySegment(F, s, base + i * 4, NATIVE);
                acc = v.fma(v, acc);
            }
            sum += LaneSums.sum(acc);
        }
        for (; i < n; i++) {
            double v = s.get(FLOAT, base + i * 4);
            sum += v * v;
        }
        return sum;
    }
}
