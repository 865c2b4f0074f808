package dev.gatun.models.vit;

import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import dev.gatun.tensor.io.TensorSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A ViT image classifier with Hugging Face's {@code ViTForImageClassification} structure and names: the
 * backbone under {@code vit.*} (without a pooler) and a linear {@code classifier} (num_labels, C) on
 * the CLS token's final state.
 *
 * {@snippet :
 * ViTForImageClassification model = ViTForImageClassification.load(Path.of("models/vit-base-patch16-224"));
 * try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
 *     Tensor logits = model.forward(pixels).logits();          // (B, 1000)
 *     int best = (int) logits.argmax(-1, false).getLong(0);
 *     String label = model.config().id2label().get(best);
 * }
 * }
 */
public final class ViTForImageClassification extends Module {
    private final ViTModel vit;
    private final Linear classifier;

    /** A randomly initialised classifier, initialised as {@link ViTModel#ViTModel(ViTConfig, boolean, RandomGenerator)}. */
    public ViTForImageClassification(ViTConfig config, RandomGenerator rng) {
        this(config, rng, true);
    }

    private ViTForImageClassification(ViTConfig config, RandomGenerator rng, boolean initialise) {
        if (config.numLabels() < 1) {
            throw new GatunException("ViT image classification needs num_labels >= 1, got " + config.numLabels());
        }
        vit = registerModule("vit", new ViTModel(config, false, rng, false));
        classifier = registerModule("classifier", new Linear(config.hiddenSize(), config.numLabels(), true, rng));
        if (initialise) {
            ViTCheckpoint.initWeights(this, config.initializerRange(), rng);
        }
    }

    /**
     * Loads a {@code ViTForImageClassification} folder: {@code config.json} (its {@code id2label} gives
     * the classes) and safetensors weights named {@code vit.*} and {@code classifier.*}, in evaluation
     * mode. Keys are matched strictly, except that {@code vit.pooler.*} weights, which this model does not
     * use, and {@code position_ids} buffers are ignored.
     *
     * @throws GatunException if the folder lacks a file, the config is invalid, the checkpoint is a bare
     *     {@code ViTModel}, or keys or shapes do not match; the message names the folder and every mismatch
     */
    public static ViTForImageClassification load(Path folder) {
        ViTConfig config = ViTConfig.read(folder);
        try (TensorSource source = Safetensors.openModel(folder)) {
            Map<String, Tensor> all = TensorFiles.tensors(source);
            if (!ViTCheckpoint.prefixed(all)) {
                throw new GatunException(folder + ": the checkpoint has no vit.* weights: it is a bare ViTModel"
                        + " (load it with ViTModel.load), not a ViTForImageClassification");
            }
            Map<String, Tensor> state = new LinkedHashMap<>();
            ViTCheckpoint.withoutBuffers(all).forEach((k, v) -> {
                if (!k.startsWith(ViTCheckpoint.PREFIX + "pooler.")) {
                    state.put(k, v);
                }
            });
            ViTForImageClassification model = new ViTForImageClassification(config, new SplittableRandom(0), false);
            ViTCheckpoint.load(model, state, folder);
            return model;
        }
    }

    /** Classifies images of {@code image_size}: see {@link #forward(Tensor, boolean)}. */
    public ViTModelOutput forward(Tensor pixelValues) {
        return forward(pixelValues, false);
    }

    /**
     * Classifies images.
     *
     * @param pixelValues images (B, channels, height, width), F32, already normalised
     * @param interpolatePosEncoding whether to accept another size than {@code image_size}
     * @return logits (B, num_labels) and the backbone's last hidden state (B, 1 + T, C); no pooler output
     */
    public ViTModelOutput forward(Tensor pixelValues, boolean interpolatePosEncoding) {
        Tensor hidden = vit.forward(pixelValues, interpolatePosEncoding).lastHiddenState(); // (B, 1 + T, C)
        Tensor logits = classifier.forward(hidden.select(1, 0));                            // (B, num_labels)
        return new ViTModelOutput(hidden, null, logits);
    }

    public ViTConfig config() {
        return vit.config();
    }

    /** The backbone. */
    public ViTModel vit() {
        return vit;
    }

    public Linear classifier() {
        return classifier;
    }
}
