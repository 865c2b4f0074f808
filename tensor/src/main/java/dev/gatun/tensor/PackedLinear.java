package dev.gatun.tensor;

import dev.gatun.tensor.kernels.Gemm;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.PackedB;
import java.util.Arrays;

/**
 * A linear layer's weight packed once for inference: {@code y = x Wᵀ + b}, as
 * {@link Functional#linear}, with W's transpose already in the micro-kernel's panel layout
 * ({@link PackedB}) and the bias added as each tile of y is stored.
 *
 * <p>Why: the composed {@code x.matmul(W.mT()).add(b)} re-packs W on every call and makes a second pass
 * (and a second tensor) for the bias. For a short input, re-packing was half of all inference time.
 *
 * <p>A snapshot: the product reads only the packing, a copy of W's values when it was made; the bias is
 * read in place when it is contiguous F32. Whoever keeps one must drop it when W or b change;
 * {@link dev.gatun.nn.Linear} does so when it trains or loads. No gradient is recorded: use it only where
 * none is wanted (under {@link Autograd#noGrad()}). Immutable and safe to share between
 * threads.
 *
 * {@snippet :
 * PackedLinear proj = PackedLinear.of(weight, bias);   // weight (out, in), bias (out) or null
 * try (var ng = Autograd.noGrad()) {
 *     Tensor y = proj.forward(x);                      // (..., in) -> (..., out)
 * }
 * }
 */
public final class PackedLinear {
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor biasF32;
    private final PackedB packed;

    private PackedLinear(Tensor weight, Tensor bias, Tensor biasF32, PackedB packed) {
        this.weight = weight;
        this.bias = bias;
        this.biasF32 = biasF32;
        this.packed = packed;
    }

    /**
     * Packs {@code weight} (out, in), F32, BF16 or F16, any strides, with an optional {@code bias} (out).
     * The bias is used in place when it is contiguous F32, else converted once (in the current scope).
     */
    public static PackedLinear of(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || !isGemmType(weight.dtype())) {
            throw new GatunException("packed linear: weight must be (out, in) of f32, bf16 or f16, got "
                    + weight.dtype() + " " + Shape.toString(weight.shape()));
        }
        int out = weight.size(0);
        int in = weight.size(1);
        if (bias != null && (bias.rank() != 1 || bias.size(0) != out)) {
            throw new GatunException("packed linear: bias must be (" + out + "), got " + Shape.toString(bias.shape()));
        }
        long[] ws = weight.strides();
        PackedB packed = out == 0 || in == 0 ? null
                : PackedB.pack(weight.dtype(), weight.segment(), weight.offset(), ws[1], ws[0], in, out);
        Tensor biasF32 = null;
        if (bias != null) {
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                biasF32 = bias.detach().to(DType.F32).contiguous();
            }
        }
        return new PackedLinear(weight.detach(), bias, biasF32, packed);
    }

    private static boolean isGemmType(DType t) {
        return t == DType.F32 || t == DType.BF16 || t == DType.F16;
    }

    /**
     * Whether this is a packing of exactly these tensors: the same memory, offset, shape, strides and
     * dtype (values are not compared).
     */
    public boolean isOf(Tensor weight, Tensor bias) {
        return sameView(this.weight, weight) && (bias == null ? this.bias == null : sameView(this.bias, bias));
    }

    private static boolean sameView(Tensor a, Tensor b) {
        return a != null && b != null && a.segment() == b.segment() && a.offset() == b.offset()
                && a.dtype() == b.dtype() && Arrays.equals(a.shape(), b.shape()) && Arrays.equals(a.strides(), b.strides());
    }

    /** {@code x Wᵀ + b} for x (..., in): a new contiguous F32 tensor (..., out) in the current scope. */
    public Tensor forward(Tensor x) {
        int in = weight.size(1);
        if (x.rank() < 1 || x.size(-1) != in) {
            throw new GatunException("packed linear expects input (..., " + in + "), got " + Shape.toString(x.shape()));
        }
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = weight.size(0);
        Tensor y = Tensor.zeros(DType.F32, outShape);
        forwardInto(x, y, false);
        return y;
    }

    /**
     * {@code y = x Wᵀ + b}, or with {@code accumulate} {@code y += x Wᵀ + b} (a residual connection for free),
     * written into {@code y}: x (..., in) and y (..., out) with the same leading shape, y contiguous F32 and
     * not overlapping x.
     */
    public void forwardInto(Tensor x, Tensor y, boolean accumulate) {
        int in = weight.size(1);
        int out = weight.size(0);
        int[] xs = x.shape();
        int[] lead = Arrays.copyOf(xs, Math.max(0, xs.length - 1));
        if (x.rank() < 1 || x.size(-1) != in || y.rank() != x.rank() || y.size(-1) != out
                || !Arrays.equals(lead, Arrays.copyOf(y.shape(), lead.length))
                || y.dtype() != DType.F32 || !(y.isContiguous() || y.numel() == 0)) {
            throw new GatunException("packed linear: input (..., " + in + ") and contiguous f32 output (..., " + out
                    + ") of the same leading shape expected, got " + Shape.toString(xs) + " and "
                    + Shape.toString(y.shape()));
        }
        if (y.numel() == 0) {
            return;
        }
        Tensor a = isGemmType(x.dtype()) ? x : x.detach().to(DType.F32);
        a = a.rank() == 2 ? a : a.reshape(-1, in);                                         // (R, in)
        int rows = a.size(0);
        long[] as = a.strides();
        long[] ws = weight.strides();
        GemmSpec spec = new GemmSpec(1, rows, out, in,
                a.dtype(), a.segment(), a.offset(), 0, as[0], as[1],
                weight.dtype(), weight.segment(), weight.offset(), 0, ws[1], ws[0],
                DType.F32, y.segment(), y.offset(), 0, out, accumulate);
        Gemm.run(spec, packed, biasF32 == null ? null : biasF32.segment(),
                biasF32 == null ? 0 : 4 * biasF32.offset());
    }

    /** The weight (out, in) this packs. */
    public Tensor weight() {
        return weight;
    }

    /** Input features. */
    public int inFeatures() {
        return weight.size(1);
    }

    /** Output features. */
    public int outFeatures() {
        return weight.size(0);
    }
}
