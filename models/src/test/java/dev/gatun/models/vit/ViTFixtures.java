package dev.gatun.models.vit;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import dev.gatun.tensor.io.TensorSource;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The fixtures written by {@code models/src/test/python/make_vit_fixtures.py} (torchvision's
 * VisionTransformer, renamed to Hugging Face's names), and small models for the unit tests.
 */
final class ViTFixtures {
    /** image 8, patch 4 (a 2 x 2 grid), C 8, 2 layers, 2 heads, MLP 16, 3 classes; eps 1e-6. */
    static final ViTConfig TINY = new ViTConfig(8, 2, 2, 16, "gelu", 0, 0, 0.02, 1e-6, 8, 4, 3, true, 4, 8, "tanh",
            Map.of(0, "a", 1, "b", 2, "c"), Map.of("a", 0, "b", 1, "c", 2));

    private ViTFixtures() {
    }

    /** A resource folder or file under {@code vit/}. */
    static Path resource(String name) {
        try {
            return Path.of(ViTFixtures.class.getResource("/vit/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every tensor of a safetensors fixture, copied out of the mapped file. */
    static Map<String, Tensor> tensors(String file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (TensorSource source = Safetensors.openModel(resource(file))) {
            TensorFiles.tensors(source).forEach((k, v) -> out.put(k, v.clone()));
        }
        return out;
    }

    /** Copies a fixture folder's files into {@code dir}, so a test can alter them. */
    static void copyFolder(String name, Path dir) throws Exception {
        try (Stream<Path> files = Files.list(resource(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    /** The largest absolute difference between two tensors of the same shape. */
    static double maxAbsDiff(Tensor a, Tensor b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        if (x.length != y.length) {
            throw new AssertionError("sizes differ: " + x.length + " vs " + y.length);
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }

    /** Every parameter of {@code m} set from N(0, std) (layer-norm gains around 1), so every layer matters. */
    static <M extends dev.gatun.nn.Module> M spread(M m, long seed, double std) {
        SplittableRandom rng = new SplittableRandom(seed);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            m.namedParameters().forEach((name, p) -> {
                Tensor r = Tensor.randn(rng, DType.F32, p.shape()).mul(std);
                p.copy_(name.contains("layernorm") && name.endsWith("weight") ? r.add(1.0) : r);
            });
        }
        return m;
    }
}
