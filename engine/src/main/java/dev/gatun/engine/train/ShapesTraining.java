package dev.gatun.engine.train;

import dev.gatun.models.auto.AutoModel;
import dev.gatun.models.vision.ImageProcessor;
import dev.gatun.models.vision.ImageProcessorConfig;
import dev.gatun.nn.Module;
import dev.gatun.optim.AdamW;
import dev.gatun.optim.CosineWithWarmup;
import dev.gatun.optim.GradClipping;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Vision Transformer (Dosovitskiy et al., https://arxiv.org/abs/2010.11929) trained from scratch to
 * tell apart the shapes of {@link ShapesDataset}: fresh random images every step, AdamW with linear
 * warm-up and cosine decay, gradient clipping at norm 1, and accuracy measured on a held-out set drawn
 * from a different random stream.
 *
 * <p>The model is built from a Hugging Face {@code config.json} ({@code model_type} vit, architecture
 * {@code ViTForImageClassification}) through {@link AutoModel}, and {@link #save} writes it back as a
 * model folder that {@code gatun classify} and {@code gatun forward} load. Images reach the model
 * through the same {@link ImageProcessor} the saved {@code preprocessor_config.json} describes.
 *
 * <p>Weights, optimizer state and the held-out set live in one scope that {@link #close()} frees; each
 * step runs in its own scope, so memory stays flat however long it trains.
 */
public final class ShapesTraining implements AutoCloseable {
    private static final int NO_IGNORE = -100;
    private static final int EVAL_BATCH = 128;

    /**
     * The model and the run.
     *
     * @param imageSize        image side in pixels
     * @param patchSize        patch side in pixels; divides {@code imageSize}
     * @param hiddenSize       the width C
     * @param layers           transformer layers
     * @param heads            attention heads; divides {@code hiddenSize}
     * @param intermediateSize the MLP's hidden width
     * @param steps            optimizer steps
     * @param batchSize        images per step
     * @param lr               the peak learning rate
     * @param warmupSteps      steps of linear warm-up
     * @param weightDecay      AdamW's decoupled weight decay
     * @param evalImages       images in the held-out set
     * @param seed             seed of the weights, the training stream and the held-out set
     */
    public record Config(int imageSize, int patchSize, int hiddenSize, int layers, int heads, int intermediateSize,
                         int steps, int batchSize, double lr, int warmupSteps, double weightDecay, int evalImages,
                         long seed) {
        public Config {
            if (imageSize < 8 || patchSize < 1 || imageSize % patchSize != 0) {
                throw new GatunException("image size " + imageSize + " must be at least 8 and a multiple of the patch"
                        + " size " + patchSize);
            }
            if (hiddenSize < 1 || heads < 1 || hiddenSize % heads != 0) {
                throw new GatunException("hidden size " + hiddenSize + " must be a positive multiple of the heads "
                        + heads);
            }
            if (layers < 1 || intermediateSize < 1 || steps < 1 || batchSize < 1 || evalImages < 1
                    || !(lr > 0) || warmupSteps < 0 || !(weightDecay >= 0)) {
                throw new GatunException("training needs positive layers, sizes, steps, batch, held-out images and"
                        + " learning rate, got " + this);
            }
        }
    }

    private final Config config;
    private final Scope scope;
    private final AutoModel model;
    private final AdamW optimizer;
    private final CosineWithWarmup schedule;
    private final ImageProcessor processor;
    private final ShapesDataset data;
    private final SplittableRandom stream;
    private final Tensor evalPixels;   // (N, 3, S, S)
    private final Tensor evalLabels;   // (N) I64
    private int step;

    private ShapesTraining(Config config, Scope scope, AutoModel model, AdamW optimizer, ImageProcessor processor,
                           ShapesDataset data, SplittableRandom stream, Tensor evalPixels, Tensor evalLabels) {
        this.config = config;
        this.scope = scope;
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = new CosineWithWarmup(config.lr(), Math.min(config.warmupSteps(), config.steps()),
                config.steps(), config.lr() / 20);
        this.processor = processor;
        this.data = data;
        this.stream = stream;
        this.evalPixels = evalPixels;
        this.evalLabels = evalLabels;
    }

    /** Builds the model with random weights, its optimizer and the held-out set. */
    public static ShapesTraining create(Config config) {
        Scope scope = Scope.create();
        try (Scope.Entered ignored = scope.enter()) {
            SplittableRandom root = new SplittableRandom(config.seed());
            SplittableRandom init = root.split();
            SplittableRandom stream = root.split();
            SplittableRandom heldOut = root.split();
            AutoModel model = AutoModel.random(modelConfig(config), init);
            model.module().train();
            AdamW optimizer = new AdamW(model.module().parameters(), config.lr(), 0.9, 0.999, 1e-8,
                    config.weightDecay());
            ImageProcessor processor = new ImageProcessor(ImageProcessorConfig.fromJson(preprocessorConfig(config)));
            ShapesDataset data = new ShapesDataset(config.imageSize());
            List<ShapesDataset.Sample> eval = data.balanced(heldOut, config.evalImages());
            return new ShapesTraining(config, scope, model, optimizer, processor, data, stream,
                    processor.process(ShapesDataset.images(eval)), ShapesDataset.labels(eval));
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    /** The Hugging Face {@code config.json} of the model: a {@code ViTForImageClassification} with the shape names. */
    public static Map<String, Object> modelConfig(Config c) {
        List<String> labels = ShapesDataset.labelNames();
        Map<String, Object> id2label = new LinkedHashMap<>();
        Map<String, Object> label2id = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(String.valueOf(i), labels.get(i));
            label2id.put(labels.get(i), (long) i);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of("ViTForImageClassification"));
        m.put("model_type", "vit");
        m.put("attention_probs_dropout_prob", 0.0);
        m.put("hidden_act", "gelu");
        m.put("hidden_dropout_prob", 0.0);
        m.put("hidden_size", (long) c.hiddenSize());
        m.put("id2label", id2label);
        m.put("label2id", label2id);
        m.put("image_size", (long) c.imageSize());
        m.put("initializer_range", 0.02);
        m.put("intermediate_size", (long) c.intermediateSize());
        m.put("layer_norm_eps", 1e-12);
        m.put("num_attention_heads", (long) c.heads());
        m.put("num_channels", 3L);
        m.put("num_hidden_layers", (long) c.layers());
        m.put("patch_size", (long) c.patchSize());
        m.put("qkv_bias", true);
        m.put("torch_dtype", "float32");
        return m;
    }

    /** The {@code preprocessor_config.json}: resize to the training size, rescale by 1/255, normalise with 0.5, 0.5. */
    public static Map<String, Object> preprocessorConfig(Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_processor_type", "ViTImageProcessor");
        m.put("do_resize", true);
        m.put("size", Map.of("height", (long) c.imageSize(), "width", (long) c.imageSize()));
        m.put("resample", 2L);
        m.put("do_rescale", true);
        m.put("rescale_factor", 1.0 / 255);
        m.put("do_normalize", true);
        m.put("image_mean", List.of(0.5, 0.5, 0.5));
        m.put("image_std", List.of(0.5, 0.5, 0.5));
        return m;
    }

    /** One step on a fresh batch: forward, cross-entropy, backward, clipping, AdamW. Returns the loss before the update. */
    public double trainStep() {
        try (Scope s = Scope.open()) {
            optimizer.setLr(schedule.lr(step));
            optimizer.zeroGrad();
            List<ShapesDataset.Sample> batch = data.batch(stream, config.batchSize());
            Tensor pixels = processor.process(ShapesDataset.images(batch));                     // (B, 3, S, S)
            Tensor logits = model.forwardWithGrad(Map.of("pixel_values", pixels)).get("logits"); // (B, classes)
            Tensor loss = Functional.crossEntropy(logits, ShapesDataset.labels(batch), NO_IGNORE, 0.0, "mean");
            loss.backward();
            GradClipping.clipGradNorm(optimizer.params(), 1.0);
            optimizer.step();
            step++;
            return loss.item();
        }
    }

    /** The fraction of the held-out images the model classifies correctly. */
    public double evaluate() {
        Module module = model.module();
        module.eval();
        try {
            long correct = 0;
            int n = evalLabels.size(0);
            for (int start = 0; start < n; start += EVAL_BATCH) {
                int len = Math.min(EVAL_BATCH, n - start);
                try (Scope s = Scope.open()) {
                    Tensor logits = model.forward(Map.of("pixel_values", evalPixels.narrow(0, start, len)))
                            .get("logits");
                    Tensor right = logits.argmax(1, false).eq(evalLabels.narrow(0, start, len));
                    correct += Math.round(right.to(DType.F32).sum().item());
                }
            }
            return (double) correct / n;
        } finally {
            module.train();
        }
    }

    /**
     * Writes the model folder atomically ({@link CheckpointWriter}): {@code config.json},
     * {@code model.safetensors} with Hugging Face names, {@code preprocessor_config.json}.
     */
    public void save(Path folder) {
        CheckpointWriter.write(folder, modelConfig(config), preprocessorConfig(config), model.module().stateDict());
    }

    /** Steps taken so far. */
    public int step() {
        return step;
    }

    /** The learning rate of the next step. */
    public double lr() {
        return schedule.lr(step);
    }

    /** The model being trained. */
    public AutoModel model() {
        return model;
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** Frees the weights, the optimizer state and the held-out set. */
    @Override
    public void close() {
        optimizer.close();
        scope.close();
    }
}
