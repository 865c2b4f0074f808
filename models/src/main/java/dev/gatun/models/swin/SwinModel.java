package dev.gatun.models.swin;

import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Init;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A Swin Transformer backbone, v1 (Liu et al., https://arxiv.org/abs/2103.14030) or v2 (Liu et al.,
 * https://arxiv.org/abs/2111.09883), with Hugging Face's {@code SwinModel} / {@code Swinv2Model}
 * structure and state-dict names: {@code embeddings.*}, {@code encoder.layers.S.blocks.N.*},
 * {@code encoder.layers.S.downsample.*}, {@code layernorm.*}. The pooler is the mean over tokens and has
 * no parameters.
 *
 * <p>The same code runs inference and training: under {@link Autograd#noGrad()} nothing is recorded;
 * otherwise every parameter receives a gradient. Dropout and stochastic depth act in training mode only.
 * A model in evaluation mode may run {@link #forward} on many threads at once.
 *
 * {@snippet :
 * SwinModel swin = SwinModel.load(Path.of("models/swin-tiny-patch4-window7-224"));
 * try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
 *     SwinModelOutput out = swin.forward(pixels);              // pixels (B, 3, 224, 224) F32
 *     Tensor features = out.poolerOutput();                    // (B, 768)
 * }
 * }
 */
public final class SwinModel extends Module {
    /** The standard deviation of the normal initialisation of weights, as {@code initializer_range}. */
    public static final double INITIALIZER_RANGE = 0.02;

    private final SwinConfig config;
    private final SwinEmbeddings embeddings;
    private final SwinEncoder encoder;
    private final LayerNorm layernorm;

    /**
     * A randomly initialised model as Hugging Face initialises one: linear and convolution weights from
     * N(0, 0.02), biases 0, layer norms 1 and 0, position tables 0, v2 logit scales ln 10.
     */
    public SwinModel(SwinConfig config, RandomGenerator rng) {
        this(config, rng, true);
    }

    SwinModel(SwinConfig config, RandomGenerator rng, boolean initialise) {
        this.config = config;
        embeddings = registerModule("embeddings", new SwinEmbeddings(config, rng));
        encoder = registerModule("encoder", new SwinEncoder(config, rng));
        layernorm = registerModule("layernorm", new LayerNorm(new int[] {config.hiddenSize()}, config.layerNormEps(),
                true));
        if (initialise) {
            initWeights(this, rng);
        }
    }

    /** Hugging Face's {@code _init_weights} over every linear, convolution and layer norm of {@code root}. */
    static void initWeights(Module root, RandomGenerator rng) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Module m : root.namedModules().values()) {
                switch (m) {
                    case Linear l -> {
                        Init.normal_(l.weight(), 0, INITIALIZER_RANGE, rng);
                        if (l.bias() != null) {
                            Init.constant_(l.bias(), 0);
                        }
                    }
                    case Conv2d c -> {
                        Init.normal_(c.weight(), 0, INITIALIZER_RANGE, rng);
                        if (c.bias() != null) {
                            Init.constant_(c.bias(), 0);
                        }
                    }
                    case LayerNorm n -> {
                        Init.constant_(n.weight(), 1);
                        Init.constant_(n.bias(), 0);
                    }
                    default -> {
                    }
                }
            }
        }
    }

    /**
     * Loads a model folder ({@code config.json} and safetensors weights) in evaluation mode. A checkpoint
     * of a model with a head ({@code swin.*} / {@code swinv2.*} keys, as {@code SwinForImageClassification}
     * saves) loads its base part; recomputed buffers are ignored. Weights are converted to F32.
     *
     * @throws GatunException if the folder lacks a file, the config is invalid, or keys or shapes do not
     *     match; the message names the folder and every mismatch
     */
    public static SwinModel load(Path folder) {
        SwinConfig config = SwinConfig.read(folder);
        SwinModel model = new SwinModel(config, new SplittableRandom(0), false);
        SwinCheckpoint.load(folder, model, config.prefix(), false);
        return model;
    }

    /**
     * Runs the backbone.
     *
     * @param pixelValues normalised images (B, num_channels, height, width), F32
     * @return the last hidden state (B, T, C) and its mean over tokens (B, C); no logits
     */
    public SwinModelOutput forward(Tensor pixelValues) {
        checkPixels(config, pixelValues);
        SwinEmbeddings.Embedded e = embeddings.forward(pixelValues);          // (B, h*w, C0)
        Tensor hidden = encoder.forward(e.tokens(), e.height(), e.width());   // (B, T, C)
        Tensor last = layernorm.forward(hidden);                              // (B, T, C)
        return new SwinModelOutput(last, last.mean(1, false), null);          // pooled (B, C)
    }

    static void checkPixels(SwinConfig config, Tensor pixels) {
        if (pixels.dtype() != DType.F32 || pixels.rank() != 4 || pixels.size(1) != config.numChannels()
                || pixels.numel() == 0) {
            throw new GatunException("Swin pixel_values must be F32 (B, " + config.numChannels()
                    + ", height, width) with B, height, width >= 1, got " + pixels.dtype() + " "
                    + Arrays.toString(pixels.shape()));
        }
    }

    public SwinConfig config() {
        return config;
    }

    public SwinEmbeddings embeddings() {
        return embeddings;
    }

    public SwinEncoder encoder() {
        return encoder;
    }
}
