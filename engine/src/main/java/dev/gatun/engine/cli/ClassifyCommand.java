package dev.gatun.engine.cli;

import dev.gatun.engine.vision.DefaultImageModel;
import dev.gatun.engine.vision.ImageClassifier;
import dev.gatun.engine.vision.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gatun classify [--model DIR] [--top K] [--json] IMAGE...}: the most probable classes of each
 * image under an image classifier, with their probabilities.
 */
final class ClassifyCommand implements Command {
    private final Options options = new Options();
    private final Option<Path> model = options.option("model", ValueType.PATH,
            "a model folder with config.json, model.safetensors and preprocessor_config.json"
                    + " (default: the shapes classifier shipped with Gatun)");
    private final Option<Integer> top = options.option("top", ValueType.intAtLeast(1), "classes to show per image", 5);
    private final Option<Boolean> json = options.flag("json",
            "print one JSON object per image: {\"image\": ..., \"predictions\": [{\"id\", \"label\", \"probability\"}]}");
    private final Positional<Path> images = options.remaining("IMAGE", ValueType.PATH,
            "image files (PNG, JPEG, BMP, GIF)");

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "Classify images with an image classifier and print the top classes";
    }

    @Override
    public String description() {
        return """
                Each image is resized and normalised as the folder's preprocessor_config.json says, run through \
                the model (a ViT or Swin with a classification head), and the softmax of its logits gives the \
                probability of each class; class names come from id2label in config.json.

                Without --model, Gatun's own small ViT is used: it tells apart eight shapes (circle, ring, \
                square, diamond, triangle, plus, cross, star) drawn on a plain background; \
                'gatun train --save-samples DIR' draws some to try it on.""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        List<Path> files = args.getAll(images);
        if (files.isEmpty()) {
            throw new UsageException("give at least one IMAGE to classify");
        }
        ImageClassifier classifier = args.find(model).map(ImageClassifier::load).orElseGet(DefaultImageModel::load);
        List<List<Prediction>> results = classifier.classifyFiles(files, args.get(top));
        for (int i = 0; i < files.size(); i++) {
            if (args.get(json)) {
                io.printJson(toJson(files.get(i), results.get(i)));
            } else {
                io.out().println(files.get(i) + ":");
                for (Prediction p : results.get(i)) {
                    io.out().printf(Locale.ROOT, "  %6.2f%%  %s%n", 100 * p.probability(), p.label());
                }
            }
        }
        return Main.OK;
    }

    private static Map<String, Object> toJson(Path file, List<Prediction> predictions) {
        List<Object> list = new ArrayList<>();
        for (Prediction p : predictions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("label", p.label());
            m.put("probability", p.probability());
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("image", file.toString());
        out.put("predictions", list);
        return out;
    }
}
