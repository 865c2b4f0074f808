package dev.gatun.engine.cli;

import dev.gatun.models.auto.AutoModel;
import dev.gatun.models.auto.ModelFolder;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.kernels.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code gatun bench model}: forward latency of a vision model, either a model folder or a standard
 * architecture built with random weights, on random {@code pixel_values}. The figure is the median of
 * repeated forwards after a warm-up, per backend.
 */
final class ModelBench {
    /** The standard architectures {@code --model} may name, with their Hugging Face configs. */
    static final Map<String, Map<String, Object>> STANDARD = standardConfigs();

    private ModelBench() {
    }

    private static Map<String, Map<String, Object>> standardConfigs() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        m.put("vit-base", vit(768, 12, 12, 3072));
        m.put("vit-small", vit(384, 12, 6, 1536));
        m.put("swin-tiny", swinTiny());
        return Collections.unmodifiableMap(m);
    }

    /** ViT-?/16 at 224×224 with an ImageNet-1k head, as {@code google/vit-base-patch16-224} configures it. */
    private static Map<String, Object> vit(int hidden, int layers, int heads, int mlp) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model_type", "vit");
        c.put("architectures", List.of("ViTForImageClassification"));
        c.put("hidden_size", (long) hidden);
        c.put("num_hidden_layers", (long) layers);
        c.put("num_attention_heads", (long) heads);
        c.put("intermediate_size", (long) mlp);
        c.put("hidden_act", "gelu");
        c.put("hidden_dropout_prob", 0.0);
        c.put("attention_probs_dropout_prob", 0.0);
        c.put("layer_norm_eps", 1e-12);
        c.put("image_size", 224L);
        c.put("patch_size", 16L);
        c.put("num_channels", 3L);
        c.put("qkv_bias", true);
        c.put("id2label", imagenetLabels());
        return c;
    }

    /** Swin-T: embedding 96, depths 2, 2, 6, 2, heads 3, 6, 12, 24, window 7, at 224×224, ImageNet-1k head. */
    private static Map<String, Object> swinTiny() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model_type", "swin");
        c.put("architectures", List.of("SwinForImageClassification"));
        c.put("embed_dim", 96L);
        c.put("depths", List.of(2L, 2L, 6L, 2L));
        c.put("num_heads", List.of(3L, 6L, 12L, 24L));
        c.put("window_size", 7L);
        c.put("mlp_ratio", 4.0);
        c.put("image_size", 224L);
        c.put("patch_size", 4L);
        c.put("num_channels", 3L);
        c.put("qkv_bias", true);
        c.put("hidden_act", "gelu");
        c.put("hidden_dropout_prob", 0.0);
        c.put("attention_probs_dropout_prob", 0.0);
        c.put("drop_path_rate", 0.0);
        c.put("layer_norm_eps", 1e-5);
        c.put("id2label", imagenetLabels());
        return c;
    }

    private static Map<String, Object> imagenetLabels() {
        Map<String, Object> labels = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            labels.put(String.valueOf(i), "LABEL_" + i);
        }
        return labels;
    }

    /** One measurement, as a line of text or a JSON object. */
    record Result(String model, String modelType, long parameters, int batch, int imageSize, String backend,
                  int threads, double medianMs, int runs) {
        double imagesPerSecond() {
            return batch * 1000 / medianMs;
        }

        String toText() {
            return String.format(Locale.ROOT, "%s (%s, %,d parameters)  batch %d  %dx%d  %s backend, %d threads:"
                            + "  %.2f ms/forward  %.1f images/s  (median of %d)", model, modelType, parameters, batch,
                    imageSize, imageSize, backend, threads, medianMs, imagesPerSecond(), runs);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("model_type", modelType);
            m.put("parameters", parameters);
            m.put("batch", batch);
            m.put("image_size", imageSize);
            m.put("backend", backend);
            m.put("threads", threads);
            m.put("ms_per_forward", medianMs);
            m.put("images_per_second", imagesPerSecond());
            m.put("runs", runs);
            return m;
        }
    }

    /** The model {@code spec} names: a standard architecture's name or a model folder. */
    static AutoModel open(String spec, Integer imageSize) {
        Map<String, Object> standard = STANDARD.get(spec);
        if (standard != null) {
            Map<String, Object> config = new LinkedHashMap<>(standard);
            if (imageSize != null) {
                config.put("image_size", (long) imageSize);
            }
            return AutoModel.random(config, new SplittableRandom(0));
        }
        Path folder = Path.of(spec);
        if (!Files.isDirectory(folder)) {
            throw new GatunException("--model '" + spec + "' is neither a model folder nor a standard architecture;"
                    + " expected a folder or one of " + String.join(", ", STANDARD.keySet()));
        }
        return AutoModel.load(folder);
    }

    /** Times {@code model} on each of {@code backends}, forcing each in turn, and restores the automatic choice. */
    static List<Result> run(String name, AutoModel model, int batch, Integer imageSize, Duration budget,
                            List<Backend> backends) {
        if (model.inputs().stream().noneMatch(in -> in.name().equals("pixel_values"))) {
            throw new GatunException(name + ": bench model times vision models, which read pixel_values; this "
                    + model.modelType() + " model reads " + model.describeInputs());
        }
        int size = imageSize != null ? imageSize : configuredImageSize(model.folder());
        Backend previous = Backends.forced();
        List<Result> results = new ArrayList<>();
        try (Scope scope = Scope.open()) {
            Tensor pixels = Tensor.randn(new SplittableRandom(1), DType.F32, batch, 3, size, size); // (B, 3, H, W)
            for (Backend b : backends) {
                Backends.use(b.name());
                results.add(time(name, model, pixels, b.name(), budget));
            }
        } finally {
            Backends.use(previous == null ? null : previous.name());
        }
        return results;
    }

    private static int configuredImageSize(ModelFolder folder) {
        Object v = folder.config().get("image_size");
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Number n) {
            return n.intValue();
        }
        return 224;
    }

    /** A third of the budget (at least one forward) untimed, then forwards until the budget is spent, at least five. */
    private static Result time(String name, AutoModel model, Tensor pixels, String backend, Duration budget) {
        Map<String, Tensor> inputs = Map.of("pixel_values", pixels);
        long warmEnd = System.nanoTime() + budget.toNanos() / 3;
        do {
            forward(model, inputs);
        } while (System.nanoTime() < warmEnd);
        List<Double> ms = new ArrayList<>();
        long end = System.nanoTime() + budget.toNanos();
        while (ms.size() < 5 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            forward(model, inputs);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        double median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2)
                : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
        return new Result(name, model.modelType(), model.module().numParameters(), pixels.size(0), pixels.size(2),
                backend, Parallel.threads(), median, ms.size());
    }

    private static void forward(AutoModel model, Map<String, Tensor> inputs) {
        try (Scope s = Scope.open()) {
            model.forward(inputs);
        }
    }
}
