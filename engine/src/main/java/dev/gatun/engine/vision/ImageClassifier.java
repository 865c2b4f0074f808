package dev.gatun.engine.vision;

import dev.gatun.models.auto.AutoModel;
import dev.gatun.models.auto.ModelFolder;
import dev.gatun.models.vision.ImageDecoder;
import dev.gatun.models.vision.ImageProcessor;
import dev.gatun.models.vision.RgbImage;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Images in, labelled classes out: a model folder's image processor ({@code preprocessor_config.json})
 * turns images into {@code pixel_values}, the model ({@link AutoModel}, any family with a classification
 * head) gives {@code logits}, and a softmax over them gives each class's probability.
 *
 * {@snippet :
 * ImageClassifier classifier = ImageClassifier.load(Path.of("vit-base-patch16-224"));
 * List<Prediction> top = classifier.classifyFiles(List.of(Path.of("cat.jpg")), 5).getFirst();
 * }
 *
 * <p>Holds only read-only state, so one classifier may serve many threads.
 */
public final class ImageClassifier {
    /** Images per forward pass. */
    public static final int BATCH_SIZE = 16;

    private final AutoModel model;
    private final ImageProcessor processor;
    private final List<String> labels;

    /** A classifier over {@code model}, whose inputs {@code processor} prepares. */
    public ImageClassifier(AutoModel model, ImageProcessor processor) {
        if (!model.outputNames().contains("logits")) {
            throw new GatunException(where(model) + ": the " + model.modelType() + " model has no classification head"
                    + " (its outputs are " + model.outputNames() + "); classify needs a model whose architectures"
                    + " name a ...ForImageClassification");
        }
        this.model = model;
        this.processor = processor;
        this.labels = model.labels();
    }

    /** Loads a model folder with its {@code preprocessor_config.json}. */
    public static ImageClassifier load(Path folder) {
        AutoModel model = AutoModel.load(folder);
        if (model.folder().preprocessorConfig().isEmpty()) {
            throw new GatunException(folder + ": expected a " + ModelFolder.PREPROCESSOR_FILE
                    + " in the model folder (it says how to resize and normalise images), found none");
        }
        return new ImageClassifier(model, ImageProcessor.read(folder));
    }

    private static String where(AutoModel model) {
        return model.folder().path() == null ? model.modelType() : model.folder().path().toString();
    }

    /** The model. */
    public AutoModel model() {
        return model;
    }

    /** The image processor. */
    public ImageProcessor processor() {
        return processor;
    }

    /** Decodes and classifies image files: the {@code topK} most probable classes of each, most probable first. */
    public List<List<Prediction>> classifyFiles(List<Path> files, int topK) {
        List<RgbImage> images = new ArrayList<>(files.size());
        for (Path p : files) {
            images.add(ImageDecoder.read(p));
        }
        return classify(images, topK);
    }

    /** The {@code topK} most probable classes of each image, most probable first. */
    public List<List<Prediction>> classify(List<RgbImage> images, int topK) {
        List<List<Prediction>> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += BATCH_SIZE) {
            List<RgbImage> chunk = images.subList(start, Math.min(images.size(), start + BATCH_SIZE));
            try (Scope scope = Scope.open()) {
                Tensor probabilities = logits(processor.process(chunk)).softmax(1);        // (B, classes)
                int classes = probabilities.size(1);
                float[] p = probabilities.toFloatArray();
                for (int b = 0; b < chunk.size(); b++) {
                    out.add(top(Arrays.copyOfRange(p, b * classes, (b + 1) * classes), topK));
                }
            }
        }
        return out;
    }

    /** The model's logits for prepared {@code pixel_values} (B, 3, H, W): (B, classes), in the current scope. */
    public Tensor logits(Tensor pixelValues) {
        return model.forward(Map.of("pixel_values", pixelValues)).get("logits");
    }

    private List<Prediction> top(float[] probabilities, int k) {
        List<Prediction> all = new ArrayList<>(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            all.add(new Prediction(i, i < labels.size() ? labels.get(i) : "LABEL_" + i, probabilities[i]));
        }
        all.sort(Comparator.comparingDouble(Prediction::probability).reversed().thenComparingInt(Prediction::id));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
