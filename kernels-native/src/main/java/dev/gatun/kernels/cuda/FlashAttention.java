package dev.gatun.kernels.cuda;

import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;

/**
 * Attention forward on the GPU (flash_attention.cu), flash-style with an online softmax:
 * {@code out = softmax(q kᵀ · scale + mask) v} with q (B, H, Tq, D), k (B, Hkv, Tk, D), v (B, Hkv, Tk, Dv),
 * out (B, H, Tq, Dv), all F32; H a multiple of Hkv (grouped-query attention); D and Dv at most 128. The
 * mask is tensor's {@link AttentionMask} (causal, window, key padding, block-sparse), its BOOL tensors on
 * the host; the reference is {@link dev.gatun.tensor.Attention#scaledDotProduct}.
 *
 * {@snippet :
 * FlashAttention.run(q, k, v, out, 1 / Math.sqrt(64), AttentionMask.NONE.withCausal(true), null);
 * }
 */
public final class FlashAttention {
    private static final String NAME = "attention";
    /** The largest head size, D or Dv, the kernel holds. */
    public static final int MAX_HEAD_SIZE = 128;

    private FlashAttention() {
    }

    public static void run(CudaTensor q, CudaTensor k, CudaTensor v, CudaTensor out, double scale, AttentionMask mask,
                           CudaStream stream) {
        Checks.rank(NAME, "q", q, 4);
        Checks.rank(NAME, "k", k, 4);
        Checks.rank(NAME, "v", v, 4);
        Checks.dtype(NAME, "q", q, DType.F32);
        int batch = q.size(0);
        int heads = q.size(1);
        int tq = q.size(2);
        int d = q.size(3);
        int kvHeads = k.size(1);
        int tk = k.size(2);
        int dv = v.size(3);
        Checks.shape(NAME, "k", k, batch, kvHeads, tk, d);
        Checks.shape(NAME, "v", v, batch, kvHeads, tk, dv);
        if (kvHeads < 1 || heads % kvHeads != 0) {
            throw new GatunException(NAME + ": H = " + heads + " must be a multiple of Hkv = " + kvHeads + " >= 1");
        }
        if (d > MAX_HEAD_SIZE || dv > MAX_HEAD_SIZE) {
            throw new GatunException(NAME + ": head sizes D = " + d + ", Dv = " + dv + " exceed the CUDA kernel's "
                    + MAX_HEAD_SIZE);
        }
        if (heads > 65535) {
            throw new GatunException(NAME + ": " + heads + " heads exceed the CUDA kernel's grid (65535)");
        }
        Checks.f32(NAME, "out", out, false, batch, heads, tq, dv);
        Checks.distinct(NAME, "out", out, q, k, v);
        if (!Double.isFinite(scale)) {
            throw new GatunException(NAME + ": scale must be finite, got " + scale);
        }
        if (mask == null) {
            throw new GatunException(NAME + ": the mask must be given (AttentionMask.NONE for none)");
        }
        mask.check(batch, tq, tk);
        Checks.ready(NAME, q, k, v, out);
        try (Arena arena = Arena.ofConfined();
             DeviceBuffer keyMask = upload(mask.keyMask());
             DeviceBuffer blockMask = upload(mask.blockMask())) {
            CudaKernel.Params p = CudaKernel.ATTENTION.allocate(arena)
                    .set("batch", batch).set("heads", heads).set("kv_heads", kvHeads).set("tq", tq).set("tk", tk)
                    .set("d", d).set("dv", dv).set("causal", mask.causal()).set("window", mask.window())
                    .set("block_size", mask.blockSize()).set("scale", scale)
                    .pointer("q", Checks.address(q)).pointer("k", Checks.address(k)).pointer("v", Checks.address(v))
                    .pointer("out", Checks.address(out))
                    .pointer("key_mask", keyMask == null ? 0 : keyMask.address())
                    .pointer("block_mask", blockMask == null ? 0 : blockMask.address());
            CudaRuntime.launch(p, stream, NAME);
            if (keyMask != null || blockMask != null) {
                CudaStream.synchronize(stream); // the mask buffers are freed next
            }
        }
    }

    /** A BOOL mask's bytes, contiguous, on the device; null for no mask. */
    private static DeviceBuffer upload(Tensor mask) {
        if (mask == null) {
            return null;
        }
        Tensor c = mask.isContiguous() ? mask : mask.contiguous();
        DeviceBuffer b = DeviceBuffer.allocate(c.numel());
        try {
            b.copyFrom(c.segment().asSlice(c.offset(), c.numel()));
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }
}
