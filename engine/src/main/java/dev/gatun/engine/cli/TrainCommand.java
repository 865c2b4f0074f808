package dev.gatun.engine.cli;

import dev.gatun.engine.train.ShapesDataset;
import dev.gatun.engine.train.ShapesTraining;
import dev.gatun.tensor.GatunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * {@code gatun train --out DIR}: trains a small ViT from scratch on generated images of shapes, shows
 * the loss, throughput and held-out accuracy as it goes, and saves a model folder that {@code classify}
 * and {@code forward} load. {@code --save-samples DIR} writes example images as PNG files.
 */
final class TrainCommand implements Command {
    private final Options options = new Options();
    private final Option<Path> out = options.option("out", ValueType.PATH,
            "the model folder to save (config.json, model.safetensors, preprocessor_config.json)");
    private final Option<Integer> steps = options.option("steps", ValueType.intAtLeast(1), "optimizer steps", 2000);
    private final Option<Integer> batch = options.option("batch", ValueType.intAtLeast(1), "images per step", 64);
    private final Option<Double> lr = options.option("lr", ValueType.positiveDouble(), "peak AdamW learning rate", 2e-3);
    private final Option<Integer> warmup = options.option("warmup", ValueType.intAtLeast(0),
            "steps of linear learning-rate warm-up before the cosine decay", 100);
    private final Option<Double> weightDecay = options.option("weight-decay", ValueType.DOUBLE,
            "AdamW's decoupled weight decay", 0.05);
    private final Option<Integer> imageSize = options.option("image-size", ValueType.intAtLeast(8),
            "image side in pixels", 32);
    private final Option<Integer> patchSize = options.option("patch-size", ValueType.intAtLeast(1),
            "patch side in pixels (divides the image size)", 8);
    private final Option<Integer> hidden = options.option("hidden", ValueType.intAtLeast(1), "model width", 64);
    private final Option<Integer> layers = options.option("layers", ValueType.intAtLeast(1), "transformer layers", 4);
    private final Option<Integer> heads = options.option("heads", ValueType.intAtLeast(1), "attention heads", 4);
    private final Option<Integer> mlp = options.option("mlp", ValueType.intAtLeast(1),
            "hidden width of each layer's MLP (default: 2 x hidden)");
    private final Option<Integer> evalEvery = options.option("eval-every", ValueType.intAtLeast(1),
            "measure held-out accuracy every N steps (and at the end)", 250);
    private final Option<Integer> evalImages = options.option("eval-images", ValueType.intAtLeast(1),
            "images in the held-out set", 512);
    private final Option<Long> seed = options.option("seed", ValueType.LONG,
            "seed of the weights, the training images and the held-out images", 0L);
    private final Option<Path> samples = options.option("save-samples", ValueType.PATH,
            "write example images as PNG files into this folder (named NN-label.png, classes in turn)");
    private final Option<Integer> sampleCount = options.option("samples", ValueType.intAtLeast(1),
            "how many images --save-samples writes", 16);
    private final Option<Boolean> json = options.flag("json",
            "print one JSON object with the accuracy history and timings instead of text");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Train a small ViT from scratch on generated images of shapes and save it as a model folder";
    }

    @Override
    public String description() {
        return """
                The images are drawn on the fly: eight shapes (circle, ring, square, diamond, triangle, plus, \
                cross, star) of random size, position, slight rotation and colours, with pixel noise, on a \
                plain background; the seed fixes them all. Every step sees a fresh batch; accuracy is measured \
                on a held-out set drawn from another random stream. The optimizer is AdamW with linear \
                warm-up, cosine decay to a twentieth of --lr, and gradient clipping at norm 1.

                The saved folder is in Hugging Face layout (model_type vit, ViTForImageClassification \
                names, id2label, preprocessor_config.json), written to a temporary folder and renamed into \
                place when training ends, so an interrupted run leaves no half-written model. Try it with \
                'gatun classify --model DIR IMAGE...'.""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) throws IOException {
        if (args.find(out).isEmpty() && args.find(samples).isEmpty()) {
            throw new UsageException("give --out DIR to train a model, or --save-samples DIR to write example images");
        }
        if (args.find(samples).isPresent()) {
            saveSamples(args.find(samples).orElseThrow(), args.get(imageSize), args.get(sampleCount), args.get(seed), io);
        }
        if (args.find(out).isEmpty()) {
            return Main.OK;
        }
        ShapesTraining.Config config = new ShapesTraining.Config(args.get(imageSize), args.get(patchSize),
                args.get(hidden), args.get(layers), args.get(heads), args.find(mlp).orElse(2 * args.get(hidden)),
                args.get(steps), args.get(batch), args.get(lr), args.get(warmup), args.get(weightDecay),
                args.get(evalImages), args.get(seed));
        boolean text = !args.get(json);
        Path folder = args.find(out).orElseThrow();
        List<Object> history = new ArrayList<>();
        try (ShapesTraining run = ShapesTraining.create(config)) {
            if (text) {
                io.out().printf(Locale.ROOT, "ViT of %,d parameters on %dx%d images of %d shapes; chance is %.1f%%.%n",
                        run.model().module().numParameters(), config.imageSize(), config.imageSize(),
                        ShapesDataset.labelNames().size(), 100.0 / ShapesDataset.labelNames().size());
                io.out().printf("%6s  %8s  %9s%n", "step", "loss", "held-out");
            }
            long start = System.nanoTime();
            double loss = Double.NaN;
            double accuracy = Double.NaN;
            try (ProgressBar bar = ProgressBar.builder("train", config.steps()).unit("step").forTerminal(io).build()) {
                for (int s = 1; s <= config.steps(); s++) {
                    loss = run.trainStep();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    bar.metric("loss", loss).metric("img/s", s * config.batchSize() / seconds).step();
                    if (s % args.get(evalEvery) == 0 || s == config.steps()) {
                        accuracy = run.evaluate();
                        history.add(Map.of("step", s, "loss", loss, "accuracy", accuracy));
                        if (text) {
                            io.out().printf(Locale.ROOT, "%6d  %8.4f  %8.1f%%%n", s, loss, 100 * accuracy);
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            run.save(folder);
            if (text) {
                io.out().printf(Locale.ROOT, "Held-out accuracy %.1f%% after %d steps (%.0f s, %.0f images/s); saved %s%n",
                        100 * accuracy, config.steps(), seconds, config.steps() * (double) config.batchSize() / seconds,
                        folder);
            } else {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("steps", config.steps());
                report.put("parameters", run.model().module().numParameters());
                report.put("final_loss", loss);
                report.put("accuracy", accuracy);
                report.put("seconds", seconds);
                report.put("images_per_second", config.steps() * (double) config.batchSize() / seconds);
                report.put("out", folder.toString());
                report.put("history", history);
                io.printJson(report);
            }
        }
        return Main.OK;
    }

    /** Writes {@code n} images, classes in turn, as {@code NN-label.png}. */
    private static void saveSamples(Path dir, int size, int n, long seed, Io io) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new GatunException(dir + ": expected a folder for the sample images, found a file");
        }
        Files.createDirectories(dir);
        ShapesDataset data = new ShapesDataset(size);
        List<ShapesDataset.Sample> list = data.balanced(new SplittableRandom(~seed), n);
        String name = "%0" + Math.max(2, String.valueOf(n - 1).length()) + "d-%s.png";   // sorts in order
        for (int i = 0; i < list.size(); i++) {
            ShapesDataset.Sample sample = list.get(i);
            Path file = dir.resolve(String.format(Locale.ROOT, name, i, sample.shape().label()));
            Path temp = dir.resolve("." + file.getFileName() + ".tmp");
            if (!ImageIO.write(sample.toBufferedImage(), "png", temp.toFile())) {
                throw new GatunException("this Java runtime cannot write PNG files");
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        io.err().println("wrote " + list.size() + " images to " + dir);
    }
}
