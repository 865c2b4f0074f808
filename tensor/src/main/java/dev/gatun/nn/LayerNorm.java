package dev.gatun.nn;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.FusedRows;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation over the trailing {@code normalizedShape} dimensions, as {@code torch.nn.LayerNorm}:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, with the biased variance.
 *
 * <p>Parameters (with {@code elementwiseAffine}): {@code weight} of ones and, unless disabled,
 * {@code bias} of zeros, both shaped {@code normalizedShape}.
 *
 * <p>Under {@link Autograd#noGrad()}, an F32 layer norm over one dimension runs as one fused pass over
 * the rows ({@link FusedRows#layerNorm}); otherwise it is composed of primitive ops, which is the
 * reference the fused pass is tested against.
 */
public final class LayerNorm extends Module implements Layer {
    private final int[] normalizedShape;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    /** Normalises the last dimension of size {@code dim}, with eps 1e-5 and weight and bias, PyTorch's defaults. */
    public LayerNorm(int dim) {
        this(new int[] {dim}, 1e-5, true, true);
    }

    /** Normalises the trailing {@code normalizedShape} dimensions; weight and bias when {@code elementwiseAffine}. */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this(normalizedShape, eps, elementwiseAffine, true);
    }

    /** As above; {@code bias = false} keeps the weight but drops the bias (PyTorch's {@code bias=False}). */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(s -> s < 1)) {
            throw new GatunException("LayerNorm needs a non-empty shape of positive sizes, got "
                    + Arrays.toString(normalizedShape));
        }
        if (!(eps >= 0)) {
            throw new GatunException("LayerNorm eps must be >= 0, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(DType.F32, normalizedShape)) : null;
        this.bias = elementwiseAffine && bias ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] shape = x.shape();
        int k = normalizedShape.length;
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length),
                normalizedShape)) {
            throw new GatunException("LayerNorm over " + Arrays.toString(normalizedShape)
                    + " expects input ending in those sizes, got " + Arrays.toString(shape));
        }
        if (!Autograd.isGradEnabled() && k == 1 && x.dtype() == DType.F32 && (weight == null || weight.dtype() == DType.F32)
                && (bias == null || bias.dtype() == DType.F32)) {
            Tensor out = Tensor.zeros(DType.F32, shape);                         // one pass, no graph to record
            FusedRows.layerNorm(x.contiguous(), weight == null ? null : weight.contiguous(),
                    bias == null ? null : bias.contiguous(), eps, out);
            return out;
        }
        return Functional.layerNorm(x, k, weight, bias, eps);
    }

    /** The weight, or null without elementwise affine. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when there is none. */
    public Tensor bias() {
        return bias;
    }

    public double eps() {
        return eps;
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(normalizedShape) + ", eps=" + eps + ", elementwise_affine=" + (weight != null);
    }
}
