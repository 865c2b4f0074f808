package dev.gatun.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointWriterTest {
    @TempDir
    Path dir;

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void failedWriteLeavesTheOldFolderAndNoTemporaryFiles() throws IOException {
        Path model = dir.resolve("model");
        CheckpointWriter.write(model, Map.of("model_type", "vit"), null, Map.of("w", Tensor.zeros(2, 2)));
        assertEquals(List.of("config.json", "model.safetensors"), names(model));
        String before = Files.readString(model.resolve("config.json"));

        Map<String, Tensor> broken = new HashMap<>();
        broken.put("w", null);
        assertThrows(GatunException.class, () -> CheckpointWriter.write(model, Map.of("model_type", "swin"),
                Map.of("image_processor_type", "ViTImageProcessor"), broken));
        assertEquals(List.of("model"), names(dir), "temporary folders left behind");
        assertEquals(before, Files.readString(model.resolve("config.json")));
    }

    @Test
    void successfulWriteReplacesTheWholeFolder() throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("old.bin"), "x");
        CheckpointWriter.write(model, Map.of("model_type", "vit"), Map.of("image_processor_type", "ViTImageProcessor"),
                Map.of("w", Tensor.zeros(3)));
        assertEquals(List.of("config.json", "model.safetensors", "preprocessor_config.json"), names(model));
        assertEquals(List.of("model"), names(dir));
    }

    @Test
    void aFileInTheWayIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("model"), "not a folder");
        GatunException e = assertThrows(GatunException.class,
                () -> CheckpointWriter.write(file, Map.of(), null, Map.of("w", Tensor.zeros(1))));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("found a file"), e.getMessage());
    }
}
