package dev.gatun.models.swin;

import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import dev.gatun.tensor.io.TensorSource;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The model folders written by {@code make_swin_fixtures.py} under {@code src/test/resources/swin}. */
final class SwinFixtures {
    private SwinFixtures() {
    }

    static Path folder(String name) {
        URL url = SwinFixtures.class.getResource("/swin/" + name + "/config.json");
        if (url == null) {
            throw new IllegalStateException("missing test fixture swin/" + name);
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** pixel_values, logits, last_hidden_state and pooler_output of a fixture, copied to memory. */
    static Map<String, Tensor> reference(String name) {
        try (TensorSource source = Safetensors.openModel(folder(name).resolve("reference.safetensors"))) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            TensorFiles.tensors(source).forEach((k, v) -> out.put(k, v.clone()));
            return out;
        }
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item();
    }
}
