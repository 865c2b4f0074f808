package dev.gatun.models.vit;

import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import dev.gatun.tensor.io.TensorSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A Vision Transformer encoder (Dosovitskiy et al., https://arxiv.org/abs/2010.11929) with Hugging
 * Face's {@code ViTModel} structure and state-dict names: {@code embeddings.*},
 * {@code encoder.layer.N.*}, {@code layernorm.*}, and {@code pooler.dense.*} when it has a pooler.
 *
 * <p>The same code runs inference and training: under {@link Autograd#noGrad()} nothing is recorded;
 * otherwise every parameter receives a gradient. Dropout is active in training mode only.
 *
 * <p><b>Threads.</b> Layers hold only their parameters, so a model in evaluation mode may run
 * {@link #forward} on many threads at once, each in its own {@link dev.gatun.tensor.Scope}.
 *
 * {@snippet :
 * ViTModel vit = ViTModel.load(Path.of("models/vit-base-patch16-224-in21k"));
 * try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
 *     ViTModelOutput out = vit.forward(pixels);          // pixels (B, 3, 224, 224) F32
 *     Tensor h = out.lastHiddenState();                  // (B, 197, C)
 * }
 * }
 */
public final class ViTModel extends Module {
    private final ViTConfig config;
    private final ViTEmbeddings embeddings;
    private final ViTEncoder encoder;
    private final LayerNorm layernorm;
    private final ViTPooler pooler;

    /**
     * A randomly initialised model as Hugging Face initialises one: weights, the CLS token and the
     * position table from N(0, initializer_range), biases 0, layer norms 1 and 0.
     *
     * @param addPoolingLayer whether to include the pooler
     */
    public ViTModel(ViTConfig config, boolean addPoolingLayer, RandomGenerator rng) {
        this(config, addPoolingLayer, rng, true);
    }

    ViTModel(ViTConfig config, boolean addPoolingLayer, RandomGenerator rng, boolean initialise) {
        this.config = config;
        embeddings = registerModule("embeddings", new ViTEmbeddings(config, rng));
        encoder = registerModule("encoder", new ViTEncoder(config, rng));
        layernorm = registerModule("layernorm", new LayerNorm(new int[] {config.hiddenSize()},
                config.layerNormEps(), true));
        pooler = addPoolingLayer ? registerModule("pooler", new ViTPooler(config, rng)) : null;
        if (initialise) {
            ViTCheckpoint.initWeights(this, config.initializerRange(), rng);
        }
    }

    /**
     * Loads a model folder: {@code config.json} and safetensors weights (one file or sharded), in
     * evaluation mode. The pooler is included when the checkpoint has {@code pooler.dense.weight}.
     *
     * <p>Keys are matched strictly. A checkpoint of a model with a head ({@code vit.*} keys, as
     * {@code ViTForImageClassification} saves) loads its {@code vit.*} part; {@code position_ids}
     * buffers are ignored. Weights are converted to F32.
     *
     * @throws GatunException if the folder lacks a file, the config is invalid, or keys or shapes do not
     *     match; the message names the folder and every mismatch
     */
    public static ViTModel load(Path folder) {
        ViTConfig config = ViTConfig.read(folder);
        try (TensorSource source = Safetensors.openModel(folder)) {
            Map<String, Tensor> state = ViTCheckpoint.backboneKeys(TensorFiles.tensors(source));
            ViTModel model = new ViTModel(config, state.containsKey("pooler.dense.weight"), new SplittableRandom(0),
                    false);
            ViTCheckpoint.load(model, state, folder);
            return model;
        }
    }

    /** Runs the model on images of {@code image_size}: see {@link #forward(Tensor, boolean)}. */
    public ViTModelOutput forward(Tensor pixelValues) {
        return forward(pixelValues, false);
    }

    /**
     * Runs the model.
     *
     * @param pixelValues images (B, channels, height, width), F32, already normalised
     * @param interpolatePosEncoding whether to accept another size than {@code image_size}, resampling
     *     the position embeddings to the input's patch grid
     * @return the last hidden state (B, 1 + T, C) and the pooled output when the model has a pooler;
     *     no logits
     * @throws GatunException for input of the wrong rank, dtype, channel count or size
     */
    public ViTModelOutput forward(Tensor pixelValues, boolean interpolatePosEncoding) {
        Tensor hidden = embeddings.forward(pixelValues, interpolatePosEncoding); // (B, 1 + T, C)
        hidden = layernorm.forward(encoder.forward(hidden));                     // (B, 1 + T, C)
        return new ViTModelOutput(hidden, pooler == null ? null : pooler.forward(hidden), null);
    }

    public ViTConfig config() {
        return config;
    }

    public ViTEmbeddings embeddings() {
        return embeddings;
    }

    public ViTEncoder encoder() {
        return encoder;
    }

    /** The pooler, or null. */
    ViTPooler pooler() {
        return pooler;
    }

    /** Whether the model has a pooler, so {@link ViTModelOutput#poolerOutput()} is not null. */
    public boolean hasPooler() {
        return pooler != null;
    }
}
