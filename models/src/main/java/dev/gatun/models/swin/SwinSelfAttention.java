package dev.gatun.models.swin;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.FusedAttention;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Multi-head self-attention inside windows with a relative position bias, as Hugging Face's
 * {@code SwinSelfAttention} (v1) and {@code Swinv2SelfAttention} (v2). All windows of all images and
 * all heads go through one batched matmul.
 *
 * <p>v1: {@code softmax(Q K^T / sqrt(D) + B + M) V}, with B gathered from the learned table
 * {@code relative_position_bias_table} ((2w-1)^2, H).
 *
 * <p>v2 (cosine attention): {@code softmax(cos(Q, K) * exp(min(logit_scale, ln 100)) + 16 sigmoid(B) + 2M) V},
 * where the table behind B is the output of a small MLP ({@code continuous_position_bias_mlp}: Linear(2, 512),
 * ReLU, Linear(512, H) without bias) over log-spaced relative coordinates, and the key projection has no
 * bias. Hugging Face adds the shift mask M twice in v2; so does this class.
 *
 * <p>State-dict keys: {@code query}, {@code key}, {@code value} (C, C); v1 {@code relative_position_bias_table};
 * v2 {@code logit_scale} (H, 1, 1) and {@code continuous_position_bias_mlp.{0,2}.*}.
 */
public final class SwinSelfAttention extends Module {
    private static final double MAX_LOGIT_SCALE = Math.log(100.0);
    private static final double COSINE_EPS_SQUARED = 1e-24;     // F.normalize's eps 1e-12, squared

    private final boolean v2;
    private final int heads;
    private final int headSize;
    private final int window;
    private final int pretrainedWindow;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Tensor relativePositionBiasTable;
    private final Tensor logitScale;
    private final Sequential positionBiasMlp;
    private final Dropout dropout;

    /**
     * @param dim the stage width C
     * @param heads attention heads H
     * @param window the window side w the position bias is built for
     * @param pretrainedWindow v2: the window the position bias MLP was trained with, 0 for {@code window}
     */
    public SwinSelfAttention(SwinConfig config, int dim, int heads, int window, int pretrainedWindow,
                             RandomGenerator rng) {
        this.v2 = config.isV2();
        this.heads = heads;
        this.headSize = dim / heads;
        this.window = window;
        this.pretrainedWindow = pretrainedWindow;
        int side = 2 * window - 1;
        if (v2) {
            relativePositionBiasTable = null;
            logitScale = registerParameter("logit_scale", Tensor.full(DType.F32, Math.log(10), heads, 1, 1));
            positionBiasMlp = registerModule("continuous_position_bias_mlp",
                    new Sequential(new Linear(2, 512, true, rng), new ReLU(), new Linear(512, heads, false, rng)));
        } else {
            relativePositionBiasTable = registerParameter("relative_position_bias_table", Tensor.zeros(side * side, heads));
            logitScale = null;
            positionBiasMlp = null;
        }
        query = registerModule("query", new Linear(dim, dim, config.qkvBias(), rng));
        key = registerModule("key", new Linear(dim, dim, config.qkvBias() && !v2, rng));
        value = registerModule("value", new Linear(dim, dim, config.qkvBias(), rng));
        dropout = registerModule("dropout", new Dropout(config.attentionProbsDropoutProb(), rng));
    }

    /**
     * Attends within each window.
     *
     * @param windows (B*nW, N, C) with N = w*w, as {@link SwinWindows#partition} makes them
     * @param mask the shifted-window mask (nW, 1, N, N) or null
     * @return the heads' outputs concatenated, (B*nW, N, C)
     */
    public Tensor forward(Tensor windows, Tensor mask) {
        int bw = windows.size(0);
        int n = windows.size(1);
        if (SwinFused.applies(this) && !v2 && windows.dtype() == DType.F32) {
            return fusedForward(windows, mask, bw, n);
        }
        Tensor q = splitHeads(query.forward(windows), bw, n);                  // (B*nW, H, N, D)
        Tensor k = splitHeads(key.forward(windows), bw, n);                    // (B*nW, H, N, D)
        Tensor v = splitHeads(value.forward(windows), bw, n);                  // (B*nW, H, N, D)
        Tensor scores;
        if (v2) {
            Tensor scale = logitScale.minimum(Tensor.scalar(logitScale.dtype(), MAX_LOGIT_SCALE)).exp();  // (H, 1, 1)
            scores = normalize(q).matmul(normalize(k).mT()).mul(scale);        // (B*nW, H, N, N)
        } else {
            scores = q.matmul(k.mT()).div(Math.sqrt(headSize));                // (B*nW, H, N, N)
        }
        scores = scores.add(relativePositionBias(windows.dtype()));           // + (H, N, N)
        if (mask != null) {
            int nw = mask.size(0);
            Tensor perImage = scores.reshape(bw / nw, nw, heads, n, n);         // (B, nW, H, N, N)
            perImage = perImage.add(mask);                                     // + (nW, 1, N, N)
            if (v2) {
                perImage = perImage.add(mask);
            }
            scores = perImage.reshape(bw, heads, n, n);
        }
        Tensor probs = dropout.forward(scores.softmax(-1));                    // (B*nW, H, N, N)
        return probs.matmul(v).permute(0, 2, 1, 3).reshape(bw, n, heads * headSize);   // (B*nW, N, C)
    }

    /**
     * The v1 forward for inference, the same function in fewer passes: the heads are made contiguous so
     * that all windows' scores are one batched product, and the position bias and shift mask are added
     * as one (nW, H, N, N) table inside the softmax pass ({@link FusedAttention}).
     */
    private Tensor fusedForward(Tensor windows, Tensor mask, int bw, int n) {
        Tensor q = splitHeads(query.forward(windows), bw, n).contiguous();       // (B*nW, H, N, D)
        Tensor k = splitHeads(key.forward(windows), bw, n).contiguous();         // (B*nW, H, N, D)
        Tensor v = splitHeads(value.forward(windows), bw, n).contiguous();       // (B*nW, H, N, D)
        Tensor bias = relativePositionBias(DType.F32);                          // (H, N, N)
        bias = mask == null ? bias.contiguous().reshape(1, heads, n, n)
                : mask.add(bias).contiguous();                                  // (nW, H, N, N)
        Tensor out = Tensor.zeros(DType.F32, bw, heads, n, headSize);           // (B*nW, H, N, D)
        FusedAttention.attention(q, k, v, out, 1 / Math.sqrt(headSize), bias, null);
        return out.permute(0, 2, 1, 3).reshape(bw, n, heads * headSize);       // (B*nW, N, C)
    }

    /**
     * The bias added to every window's scores, (H, N, N). v2 runs its MLP on coordinates of the given
     * dtype (that of the activations), so an F64 forward pass computes the bias in F64 too.
     */
    public Tensor relativePositionBias(DType dtype) {
        int n = window * window;
        Tensor table = v2
                ? positionBiasMlp.forward(SwinWindows.relativeCoordsTable(window, pretrainedWindow).to(dtype))
                : relativePositionBiasTable;                                   // ((2w-1)^2, H)
        Tensor bias = table.indexSelect(0, SwinWindows.relativePositionIndex(window))  // (N*N, H)
                .reshape(n, n, heads)
                .permute(2, 0, 1);                                             // (H, N, N)
        return v2 ? bias.sigmoid().mul(16.0) : bias;
    }

    /** {@code x / max(|x|, 1e-12)} along the last dimension, as {@code F.normalize}; finite gradients at 0. */
    private static Tensor normalize(Tensor x) {
        return x.mul(x.mul(x).sum(-1, true).maximum(Tensor.scalar(x.dtype(), COSINE_EPS_SQUARED)).rsqrt());
    }

    /** (B*nW, N, C) -> (B*nW, N, H, D) -> (B*nW, H, N, D). */
    private Tensor splitHeads(Tensor x, int bw, int n) {
        return x.view(bw, n, heads, headSize).permute(0, 2, 1, 3);
    }

    /** The window side this attention's position bias is built for. */
    public int window() {
        return window;
    }
}
