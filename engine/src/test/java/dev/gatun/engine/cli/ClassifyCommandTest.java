package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.engine.train.ShapesDataset;
import dev.gatun.engine.vision.DefaultImageModel;
import dev.gatun.tensor.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {
    @TempDir
    Path dir;

    private List<Path> samples(int n, long seed) throws IOException {
        Path out = dir.resolve("samples-" + seed);
        CommandRunner r = CommandRunner.run("train", "--save-samples", out.toString(), "--samples",
                String.valueOf(n), "--seed", String.valueOf(seed));
        assertEquals(0, r.exitCode(), r.err());
        try (Stream<Path> files = Files.list(out)) {
            return files.sorted().toList();
        }
    }

    @Test
    void shippedModelRecognisesFreshShapes() throws IOException {
        assertTrue(DefaultImageModel.available(), "the default image model is not on the class path");
        List<Path> images = samples(48, 12345);
        List<String> args = new ArrayList<>(List.of("classify", "--top", "1", "--json"));
        images.forEach(p -> args.add(p.toString()));
        CommandRunner r = CommandRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(images.size(), lines.size());
        int right = 0;
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> result = Json.parseObject(lines.get(i));
            String truth = images.get(i).getFileName().toString().replaceAll("^\\d+-|\\.png$", "");
            Map<?, ?> best = (Map<?, ?>) Json.getList(result, "predictions").getFirst();
            if (best.get("label").equals(truth)) {
                right++;
            }
        }
        // Chance is 1 in 8; the shipped model scores above 90% on held-out images.
        assertTrue(right >= 0.8 * images.size(), right + " of " + images.size() + " right");
    }

    @Test
    void textOutputListsTopClassesWithPercentages() throws IOException {
        Path image = samples(1, 3).getFirst();
        CommandRunner r = CommandRunner.run("classify", "--top", "3", image.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertEquals(image + ":", lines.getFirst());
        assertTrue(lines.get(1).matches("\\s+\\d+\\.\\d\\d%\\s+(" + String.join("|", ShapesDataset.labelNames()) + ")"),
                lines.get(1));
    }

    @Test
    void folderWithoutPreprocessorConfigIsNamed() throws IOException {
        Path image = samples(1, 3).getFirst();
        CommandRunner r = CommandRunner.run("classify", "--model", ModelFixtures.path("vit/classifier").toString(),
                image.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("preprocessor_config.json"), r.err());
    }

    @Test
    void modelWithoutAHeadIsAClearError() throws IOException {
        Path model = Files.createDirectories(dir.resolve("backbone"));
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(ModelFixtures.path("vit/backbone").resolve(f), model.resolve(f));
        }
        Files.writeString(model.resolve("preprocessor_config.json"),
                "{\"image_processor_type\": \"ViTImageProcessor\", \"size\": {\"height\": 32, \"width\": 32}}");
        CommandRunner r = CommandRunner.run("classify", "--model", model.toString(), samples(1, 3).getFirst().toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("no classification head"), r.err());
    }

    @Test
    void missingImageIsNamedAndNoImageIsAUsageError() {
        Path missing = dir.resolve("nope.png");
        CommandRunner r = CommandRunner.run("classify", missing.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nope.png"), r.err());
        r = CommandRunner.run("classify");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("IMAGE"), r.err());
    }
}
