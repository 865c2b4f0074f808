package dev.gatun.engine.cli;

import dev.gatun.nn.SpiralsTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gatun demo}: trains a small network from scratch on a task the project generates (two
 * interleaved spirals), showing the loss fall and the accuracy rise. Everything runs on Gatun's own
 * tensors, autograd and AdamW; nothing is downloaded.
 */
final class DemoCommand implements Command {
    private final Options options = new Options();
    private final Option<Integer> steps = options.option("steps", ValueType.intAtLeast(1), "training steps", 400);
    private final Option<Integer> points = options.option("points", ValueType.intAtLeast(2), "points per spiral", 200);
    private final Option<Integer> hidden = options.option("hidden", ValueType.intAtLeast(1), "width of the hidden layers", 32);
    private final Option<Double> lr = options.option("lr", ValueType.positiveDouble(), "AdamW learning rate", 0.03);
    private final Option<Long> seed = options.option("seed", ValueType.LONG, "seed of the data and the initial weights", 7L);
    private final Option<Boolean> json = options.flag("json", "print one JSON object with the loss history instead of text");

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "Train a small network from scratch on two spirals and show the loss falling";
    }

    @Override
    public String description() {
        return "The network is Linear-Tanh-Linear-Tanh-Linear, trained with AdamW on cross-entropy over all "
                + "points at each step. The data is generated, so the run needs no files.";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        int total = args.get(steps);
        SpiralsTask.Config config = new SpiralsTask.Config(args.get(points), 1.25, 0.02, args.get(hidden),
                args.get(lr), args.get(seed));
        List<Object> history = new ArrayList<>();
        boolean text = !args.get(json);
        try (SpiralsTask task = SpiralsTask.create(config)) {
            double initialLoss = task.loss();
            double initialAccuracy = task.accuracy();
            if (text) {
                io.out().printf("Two spirals, %d points, network of %,d parameters; chance level is 50%%.%n",
                        2 * config.pointsPerClass(), task.model().numParameters());
                io.out().printf("%6s  %8s  %8s%n", "step", "loss", "accuracy");
                io.out().printf("%6d  %8.4f  %7.1f%%%n", 0, initialLoss, 100 * initialAccuracy);
            }
            int every = Math.max(1, total / 10);
            long start = System.nanoTime();
            try (ProgressBar bar = io.progress("training", total)) {
                for (int s = 1; s <= total; s++) {
                    double loss = task.trainStep();
                    bar.metric("loss", loss).step();
                    if (s % every == 0 || s == total) {
                        double accuracy = task.accuracy();
                        history.add(Map.of("step", s, "loss", loss, "accuracy", accuracy));
                        if (text) {
                            io.out().printf("%6d  %8.4f  %7.1f%%%n", s, loss, 100 * accuracy);
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double finalLoss = task.loss();
            double finalAccuracy = task.accuracy();
            if (text) {
                io.out().printf("Loss %.4f -> %.4f, accuracy %.1f%% -> %.1f%% in %d steps (%.1f s).%n",
                        initialLoss, finalLoss, 100 * initialAccuracy, 100 * finalAccuracy, total, seconds);
            } else {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("steps", total);
                report.put("parameters", task.model().numParameters());
                report.put("initial_loss", initialLoss);
                report.put("final_loss", finalLoss);
                report.put("initial_accuracy", initialAccuracy);
                report.put("final_accuracy", finalAccuracy);
                report.put("seconds", seconds);
                report.put("history", history);
                io.printJson(report);
            }
        }
        return Main.OK;
    }
}
