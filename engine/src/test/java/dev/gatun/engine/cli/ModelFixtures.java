package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.SafetensorsFile;
import dev.gatun.tensor.io.TensorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model folders and reference outputs the models module's tests use (made by its Python fixture
 * scripts from independent implementations), read in place: Maven runs the engine's tests in
 * {@code engine/}, so they are one folder up.
 */
final class ModelFixtures {
    static final Path ROOT = Path.of("..", "models", "src", "test", "resources");

    private ModelFixtures() {
    }

    /** A fixture path under the models module's test resources, e.g. {@code vit/classifier}. */
    static Path path(String relative) {
        Path p = ROOT.resolve(relative);
        assertTrue(Files.exists(p), "fixture missing: " + p.toAbsolutePath());
        return p;
    }

    /** The named tensors of a reference file, copied out of the mapping. */
    static Map<String, float[]> read(String relative) {
        try (SafetensorsFile file = SafetensorsFile.open(path(relative))) {
            Map<String, Tensor> tensors = TensorFiles.tensors(file);
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            tensors.forEach((k, v) -> out.put(k, v.toFloatArray()));
            return out;
        }
    }

    /** Writes {@code name} of a reference file alone into {@code target}, as the only tensor: a forward input. */
    static Path extract(String relative, String name, String as, Path target) {
        try (SafetensorsFile file = SafetensorsFile.open(path(relative))) {
            TensorFiles.save(target, Map.of(as, TensorFiles.tensors(file).get(name)), Map.of());
        }
        return target;
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance, what + ": largest difference " + worst + " > " + tolerance);
    }
}
