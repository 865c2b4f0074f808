package dev.gatun.models.vit;

import dev.gatun.nn.Layer;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.FusedAttention;
import dev.gatun.tensor.FusedRows;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.PackedLinear;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast inference path of a {@link ViTModel} or {@link ViTForImageClassification}: the same function
 * as their {@code forward} (last hidden state, pooler output, logits), computed from a snapshot of the
 * weights laid out for the kernels.
 *
 * <p>What differs from the composed modules:
 * <ul>
 *   <li>the patch embedding is one matrix product: for non-overlapping patches the convolution's im2col
 *       is a pure reshape of the pixels, (B·T, channels·P·P), times the kernel as a (C, channels·P·P)
 *       matrix;</li>
 *   <li>every matrix weight is packed once, here ({@link PackedLinear}); query, key and value are one
 *       (C, 3C) product; each product adds its bias as it stores, and the two products that feed the
 *       residual stream add into it in place ({@code h += x·Wᵀ + b}); all run on (B·T, C) rows, so a
 *       weight is read once per layer, not once per image;</li>
 *   <li>attention reads query, key and value as strided views of that product and writes each head's
 *       output straight into its columns of the (B·T, C) rows ({@link FusedAttention}: the native flash
 *       attention when installed, else batched products over the heads with an in-place softmax): no
 *       permuted copies;</li>
 *   <li>layer norm (into a second buffer, as the blocks are pre-norm) and GELU are one pass each
 *       ({@link FusedRows});</li>
 *   <li>the buffers a layer needs are allocated once per call and reused by every layer.</li>
 * </ul>
 * The modules' own inference paths (evaluation mode under no-grad: packed {@code Linear}, fused layer
 * norm, GELU and attention) share most of this, and {@code VisionBench} finds them within a few percent of
 * this path on ViT-B/16, where most of the time is in the matrix products either way; this path is
 * the one with no per-operation allocation, and the fixed snapshot.
 * The modules stay the reference: {@code ViTInferenceTest} checks the two agree.
 *
 * <p>The snapshot is taken when the object is made; later changes to the matrix weights (training) are
 * not seen, so make a new one after changing them. The packed matrices are copies (on the heap); the CLS
 * token, position table, biases and layer-norm parameters are shared with the model. Immutable:
 * {@link #forward} may run on many threads at once, each in its own scope.
 *
 * {@snippet :
 * ViTInference fast = ViTInference.of(ViTForImageClassification.load(folder));
 * try (Scope s = Scope.open()) {
 *     Tensor logits = fast.logits(pixels);              // pixels (B, 3, 224, 224) -> (B, num_labels)
 * }
 * }
 */
public final class ViTInference {
    private final ViTConfig config;
    private final ViTEmbeddings embeddings;
    private final PackedLinear patchProjection;
    private final List<Block> blocks;
    private final Tensor normWeight;
    private final Tensor normBias;
    private final ActivationSpec.Kind gelu;
    private final Layer activation;
    private final ViTPooler pooler;
    private final PackedLinear classifier;

    /** One encoder layer's weights. */
    private record Block(Tensor normBeforeWeight, Tensor normBeforeBias, PackedLinear qkv, PackedLinear attentionOut,
                         Tensor normAfterWeight, Tensor normAfterBias, PackedLinear up, PackedLinear down) {
    }

    /** The buffers of one forward call, reused by every layer; R = B·T rows. */
    private record Buffers(Tensor h, Tensor normed, Tensor qkv, Tensor context, Tensor up, Tensor scores) {
        static Buffers of(ViTConfig config, Tensor h, int b, int t) {
            int c = config.hiddenSize();
            int r = b * t;
            return new Buffers(h,
                    Tensor.zeros(DType.F32, r, c),                                        // (R, C)
                    Tensor.zeros(DType.F32, r, 3 * c),                                    // (R, 3C)
                    Tensor.zeros(DType.F32, r, c),                                        // (R, C)
                    Tensor.zeros(DType.F32, r, config.intermediateSize()),               // (R, I)
                    Tensor.zeros(DType.F32, config.numAttentionHeads(), t, t));          // (H, T, T)
        }
    }

    private ViTInference(ViTModel vit, PackedLinear classifier) {
        this.config = vit.config();
        this.embeddings = vit.embeddings();
        this.pooler = vit.pooler();
        this.classifier = classifier;
        this.gelu = switch (config.hiddenAct()) {
            case "gelu" -> ActivationSpec.Kind.GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> ActivationSpec.Kind.GELU_TANH;
            default -> null;
        };
        this.activation = (Layer) ViTIntermediate.activation(config.hiddenAct());
        Map<String, Tensor> w = vit.stateDict();
        List<Block> list = new ArrayList<>();
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor kernel = w.get("embeddings.patch_embeddings.projection.weight");        // (C, channels, P, P)
            this.patchProjection = PackedLinear.of(kernel.reshape(kernel.size(0), -1),    // (C, channels·P·P)
                    w.get("embeddings.patch_embeddings.projection.bias"));
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                String p = "encoder.layer." + i + ".";
                String self = p + "attention.attention.";
                Tensor qkv = Tensor.cat(List.of(w.get(self + "query.weight"), w.get(self + "key.weight"),
                        w.get(self + "value.weight")), 0);                                 // (3C, C)
                Tensor qkvBias = config.qkvBias() ? Tensor.cat(List.of(w.get(self + "query.bias"),
                        w.get(self + "key.bias"), w.get(self + "value.bias")), 0) : null;  // (3C)
                list.add(new Block(w.get(p + "layernorm_before.weight"), w.get(p + "layernorm_before.bias"),
                        PackedLinear.of(qkv, qkvBias), packed(w, p + "attention.output.dense."),
                        w.get(p + "layernorm_after.weight"), w.get(p + "layernorm_after.bias"),
                        packed(w, p + "intermediate.dense."), packed(w, p + "output.dense.")));
            }
        }
        this.blocks = List.copyOf(list);
        this.normWeight = w.get("layernorm.weight");
        this.normBias = w.get("layernorm.bias");
    }

    private static PackedLinear packed(Map<String, Tensor> w, String prefix) {
        return PackedLinear.of(w.get(prefix + "weight"), w.get(prefix + "bias"));
    }

    /** A snapshot of a backbone's current weights: last hidden state and, if it has one, pooler output. */
    public static ViTInference of(ViTModel vit) {
        return new ViTInference(vit, null);
    }

    /** A snapshot of a classifier's current weights: last hidden state and logits. */
    public static ViTInference of(ViTForImageClassification model) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return new ViTInference(model.vit(), PackedLinear.of(model.classifier().weight(), model.classifier().bias()));
        }
    }

    /** The logits (B, num_labels) of images of {@code image_size}; only for a snapshot of a classifier. */
    public Tensor logits(Tensor pixelValues) {
        if (classifier == null) {
            throw new GatunException("ViT inference: this snapshot of a ViTModel has no classifier");
        }
        return forward(pixelValues, false).logits();
    }

    /**
     * Runs the model without autograd, as the modules' {@code forward(pixelValues, interpolatePosEncoding)}.
     *
     * @param pixelValues images (B, channels, height, width), F32, already normalised
     * @return the last hidden state (B, 1 + T, C), contiguous; the pooler output when the backbone has a
     *     pooler; logits (B, num_labels) for a classifier's snapshot; all in the current scope
     */
    public ViTModelOutput forward(Tensor pixelValues, boolean interpolatePosEncoding) {
        embeddings.checkPixels(pixelValues, interpolatePosEncoding);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor h = embed(pixelValues, interpolatePosEncoding);                           // (B, T, C)
            int b = h.size(0);
            int t = h.size(1);
            int c = config.hiddenSize();
            Buffers buffers = Buffers.of(config, h.reshape(b * t, c), b, t);
            for (Block block : blocks) {
                layer(block, buffers, b, t);
            }
            Tensor out = Tensor.zeros(DType.F32, b, t, c);
            FusedRows.layerNorm(h, normWeight, normBias, config.layerNormEps(), out);        // (B, T, C)
            Tensor logits = classifier == null ? null : classifier.forward(out.select(1, 0)); // (B, num_labels)
            return new ViTModelOutput(out, pooler == null ? null : pooler.forward(out), logits);
        }
    }

    /** Patch features, CLS token in front, positions added: (B, 1 + T, C), contiguous. */
    private Tensor embed(Tensor pixels, boolean interpolatePosEncoding) {
        int b = pixels.size(0);
        int channels = pixels.size(1);
        int p = config.patchSize();
        int gh = pixels.size(2) / p;
        int gw = pixels.size(3) / p;
        int c = config.hiddenSize();
        Tensor patches = pixels.narrow(2, 0, gh * p).narrow(3, 0, gw * p)
                .reshape(b, channels, gh, p, gw, p)
                .permute(0, 2, 4, 1, 3, 5).contiguous()                                     // (B, gh, gw, channels, P, P)
                .reshape(b * gh * gw, channels * p * p);                                    // (B·T, channels·P·P)
        Tensor h = Tensor.zeros(DType.F32, b, 1 + gh * gw, c);                             // (B, 1 + T, C)
        h.narrow(1, 0, 1).copy_(embeddings.clsToken().expand(b, 1, c));
        h.narrow(1, 1, gh * gw).copy_(patchProjection.forward(patches).reshape(b, gh * gw, c));
        Tensor positions = interpolatePosEncoding
                ? embeddings.positionEncoding(pixels.size(2), pixels.size(3))
                : embeddings.positionEmbeddings();                                          // (1, 1 + T, C)
        return h.add_(positions);
    }

    /** One pre-norm layer, in place on the rows buf.h (B·T, C). */
    private void layer(Block l, Buffers buf, int b, int t) {
        Tensor h = buf.h();
        double eps = config.layerNormEps();
        FusedRows.layerNorm(h, l.normBeforeWeight(), l.normBeforeBias(), eps, buf.normed());
        l.qkv().forwardInto(buf.normed(), buf.qkv(), false);                                // (B·T, 3C)
        attention(buf, b, t);                                                                // (B·T, C)
        l.attentionOut().forwardInto(buf.context(), h, true);                               // h += ctx·Wᵀ + b
        FusedRows.layerNorm(h, l.normAfterWeight(), l.normAfterBias(), eps, buf.normed());
        l.up().forwardInto(buf.normed(), buf.up(), false);                                  // (B·T, I)
        activate(buf.up());
        l.down().forwardInto(buf.up(), h, true);                                            // h += up·Wᵀ + b
    }

    /** {@code context = softmax(q kᵀ · D^-0.5) v} per image and head, on strided views of the projection. */
    private void attention(Buffers buf, int b, int t) {
        int heads = config.numAttentionHeads();
        int d = config.headSize();
        Tensor qkv = buf.qkv().view(b, t, 3, heads, d);                                     // (B, T, 3, H, D)
        Tensor q = qkv.select(2, 0).permute(0, 2, 1, 3);                                    // (B, H, T, D)
        Tensor k = qkv.select(2, 1).permute(0, 2, 1, 3);                                    // (B, H, T, D)
        Tensor v = qkv.select(2, 2).permute(0, 2, 1, 3);                                    // (B, H, T, D)
        Tensor out = buf.context().view(b, t, heads, d).permute(0, 2, 1, 3);                // (B, H, T, D)
        FusedAttention.attention(q, k, v, out, 1.0 / Math.sqrt(d), null, buf.scores());
    }

    /** The feed-forward activation in place: one fused pass for GELU, else the module's composition. */
    private void activate(Tensor x) {
        if (gelu != null) {
            FusedRows.activation_(gelu, x);
        } else {
            x.copy_(activation.forward(x));
        }
    }

    public ViTConfig config() {
        return config;
    }
}
