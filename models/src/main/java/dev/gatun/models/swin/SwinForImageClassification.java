package dev.gatun.models.swin;

import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A Swin Transformer with a linear classifier on the pooled features, as Hugging Face's
 * {@code SwinForImageClassification} / {@code Swinv2ForImageClassification}: state-dict keys
 * {@code swin.*} (or {@code swinv2.*}) for the {@link SwinModel} and {@code classifier.*}
 * (num_labels, C).
 *
 * {@snippet :
 * SwinForImageClassification model = SwinForImageClassification.load(Path.of("swin-tiny-patch4-window7-224"));
 * try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
 *     Tensor logits = model.forward(pixels).logits();         // (B, 1000)
 *     int best = (int) logits.argmax(-1, false).getLong(0);
 *     String label = model.config().id2label().get(best);
 * }
 * }
 */
public final class SwinForImageClassification extends Module {
    private final SwinConfig config;
    private final SwinModel swin;
    private final Linear classifier;

    /** A randomly initialised model, as Hugging Face initialises one (see {@link SwinModel#SwinModel}). */
    public SwinForImageClassification(SwinConfig config, RandomGenerator rng) {
        this(config, rng, true);
    }

    private SwinForImageClassification(SwinConfig config, RandomGenerator rng, boolean initialise) {
        if (config.numLabels() < 1) {
            throw new GatunException("Swin image classification needs at least one label, got none");
        }
        this.config = config;
        swin = registerModule(config.modelType(), new SwinModel(config, rng, false));
        classifier = registerModule("classifier", new Linear(config.hiddenSize(), config.numLabels(), true, rng));
        if (initialise) {
            SwinModel.initWeights(this, rng);
        }
    }

    /**
     * Loads a model folder ({@code config.json} and safetensors weights with {@code swin.*} or
     * {@code swinv2.*} and {@code classifier.*} keys) in evaluation mode; recomputed buffers are ignored.
     *
     * @throws GatunException if the folder lacks a file, the config is invalid, or keys or shapes do not
     *     match; the message names the folder and every mismatch
     */
    public static SwinForImageClassification load(Path folder) {
        SwinConfig config = SwinConfig.read(folder);
        SwinForImageClassification model = new SwinForImageClassification(config, new SplittableRandom(0), false);
        SwinCheckpoint.load(folder, model, config.prefix(), true);
        return model;
    }

    /**
     * Classifies images.
     *
     * @param pixelValues normalised images (B, num_channels, height, width), F32
     * @return the last hidden state (B, T, C), pooled features (B, C) and logits (B, num_labels)
     */
    public SwinModelOutput forward(Tensor pixelValues) {
        SwinModelOutput base = swin.forward(pixelValues);
        return new SwinModelOutput(base.lastHiddenState(), base.poolerOutput(),
                classifier.forward(base.poolerOutput()));
    }

    public SwinConfig config() {
        return config;
    }

    /** The backbone. */
    public SwinModel swin() {
        return swin;
    }
}
