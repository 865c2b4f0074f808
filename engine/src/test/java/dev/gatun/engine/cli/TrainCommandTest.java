package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.engine.train.ShapesDataset;
import dev.gatun.engine.train.ShapesTraining;
import dev.gatun.models.vision.ImageDecoder;
import dev.gatun.models.vision.ImageProcessor;
import dev.gatun.models.vision.RgbImage;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.SafetensorsFile;
import dev.gatun.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    /** A ViT small enough to train in seconds: width 32, 2 layers, 16 patches of 8x8 on 32x32 images. */
    private static ShapesTraining.Config tiny(int steps) {
        return new ShapesTraining.Config(32, 8, 32, 2, 2, 64, steps, 32, 3e-3, 20, 0.0, 256, 1);
    }

    @Test
    void shortRunBeatsChanceAndTheSavedFolderRoundTrips() throws IOException {
        Path model = dir.resolve("model");
        float[] inMemory;
        Path samples = dir.resolve("samples");
        assertEquals(0, CommandRunner.run("train", "--save-samples", samples.toString(), "--samples", "8",
                "--seed", "5").exitCode());
        List<Path> pngs;
        try (Stream<Path> list = Files.list(samples)) {
            pngs = list.sorted().toList();
        }
        try (ShapesTraining run = ShapesTraining.create(tiny(300))) {
            double before = run.evaluate();
            for (int i = 0; i < 300; i++) {
                run.trainStep();
            }
            double after = run.evaluate();
            assertTrue(after >= 0.25 && after > before + 0.08, "held-out accuracy " + before + " -> " + after
                    + " (chance 0.125)");
            run.save(model);
            try (Scope s = Scope.open()) {
                ImageProcessor processor = ImageProcessor.read(model);
                List<RgbImage> images = new ArrayList<>();
                for (Path p : pngs) {
                    images.add(ImageDecoder.read(p));
                }
                Tensor px = processor.process(images);                                    // (8, 3, 32, 32)
                TensorFiles.save(dir.resolve("in.safetensors"), Map.of("pixel_values", px), Map.of());
                run.model().module().eval();
                inMemory = run.model().forward(Map.of("pixel_values", px)).get("logits").toFloatArray();
            }
        }
        assertTrue(Files.isRegularFile(model.resolve("config.json")));
        assertTrue(Files.isRegularFile(model.resolve("preprocessor_config.json")));

        CommandRunner forward = CommandRunner.run("forward", "--model", model.toString(), "--input",
                dir.resolve("in.safetensors").toString(), "--output", dir.resolve("out.safetensors").toString());
        assertEquals(0, forward.exitCode(), forward.err());
        float[] loaded;
        try (SafetensorsFile out = SafetensorsFile.open(dir.resolve("out.safetensors"))) {
            loaded = TensorFiles.tensors(out).get("logits").toFloatArray();
        }
        // Same weights, same inputs; the trained model's parameters still require gradients, which may pick
        // another kernel order than the loaded model's, so the logits agree to float rounding.
        ModelFixtures.assertClose(inMemory, loaded, 1e-5, "logits of the trained model and of its saved folder");

        List<String> args = new ArrayList<>(List.of("classify", "--model", model.toString(), "--top", "8", "--json"));
        pngs.forEach(p -> args.add(p.toString()));
        CommandRunner classify = CommandRunner.run(args.toArray(String[]::new));
        assertEquals(0, classify.exitCode(), classify.err());
        List<String> lines = classify.out().strip().lines().toList();
        assertEquals(8, lines.size());
        for (int b = 0; b < 8; b++) {
            double[] softmax = softmax(loaded, b * 8, 8);
            for (Object o : Json.getList(Json.parseObject(lines.get(b)), "predictions")) {
                Map<?, ?> p = (Map<?, ?>) o;
                int id = ((Number) p.get("id")).intValue();
                assertEquals(softmax[id], ((Number) p.get("probability")).doubleValue(), 1e-6, lines.get(b));
                assertEquals(ShapesDataset.labelNames().get(id), p.get("label"));
            }
        }
    }

    private static double[] softmax(float[] logits, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[from + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void jsonReportAndAReplacedFolderWithNoLeftovers() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("stale.txt"), "from an older run");
        CommandRunner r = CommandRunner.run("train", "--out", model.toString(), "--steps", "2", "--batch", "4",
                "--hidden", "8", "--layers", "1", "--heads", "2", "--eval-every", "1", "--eval-images", "8", "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> report = Json.parseObject(r.out());
        assertEquals(2L, report.get("steps"));
        assertEquals(2, Json.getList(report, "history").size());
        assertTrue(Json.getDouble(report, "images_per_second") > 0);
        try (Stream<Path> files = Files.list(model)) {
            assertEquals(List.of("config.json", "model.safetensors", "preprocessor_config.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("model"), files.map(p -> p.getFileName().toString()).toList(), "leftover files");
        }
        Map<String, Object> config = Json.parseObject(model.resolve("config.json"));
        assertEquals("vit", config.get("model_type"));
        assertEquals("circle", Json.getObject(config, "id2label").get("0"));
        assertTrue(r.err().contains("train 2/2"), r.err());
    }

    @Test
    void samplesArePngImagesNamedByTheirShape() throws IOException {
        CommandRunner r = CommandRunner.run("train", "--save-samples", dir.toString(), "--samples", "9",
                "--image-size", "24");
        assertEquals(0, r.exitCode(), r.err());
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(9, names.size());
        assertEquals("00-circle.png", names.getFirst());
        assertEquals("08-circle.png", names.getLast());
        RgbImage image = ImageDecoder.read(dir.resolve("07-star.png"));
        assertEquals(24, image.width());
        assertEquals(24, image.height());
    }

    @Test
    void nothingToDoIsAUsageError() {
        CommandRunner r = CommandRunner.run("train");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--out") && r.err().contains("--save-samples"), r.err());
    }

    @Test
    void patchSizeThatDoesNotDivideTheImageIsNamed() {
        CommandRunner r = CommandRunner.run("train", "--out", dir.resolve("m").toString(), "--image-size", "30",
                "--patch-size", "8");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("30") && r.err().contains("patch size 8"), r.err());
    }
}
