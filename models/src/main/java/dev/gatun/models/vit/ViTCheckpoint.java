package dev.gatun.models.vit;

import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Init;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** What {@link ViTModel} and {@link ViTForImageClassification} share: key maps, strict loading, initialisation. */
final class ViTCheckpoint {
    /** The prefix under which {@code ViTForImageClassification} keeps its backbone. */
    static final String PREFIX = "vit.";

    private ViTCheckpoint() {
    }

    /** Whether the checkpoint is a model with a head (its backbone under {@code vit.}). */
    static boolean prefixed(Map<String, Tensor> state) {
        return state.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
    }

    /**
     * The backbone's keys: with {@code vit.} prefixes removed (heads dropped) when the checkpoint has
     * them, the names as they are otherwise; non-parameter buffers dropped.
     */
    static Map<String, Tensor> backboneKeys(Map<String, Tensor> state) {
        boolean prefixed = prefixed(state);
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            String key = prefixed ? (k.startsWith(PREFIX) ? k.substring(PREFIX.length()) : null) : k;
            if (key != null && !isBuffer(key)) {
                out.put(key, v);
            }
        });
        return out;
    }

    /** The keys without non-parameter buffers. */
    static Map<String, Tensor> withoutBuffers(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (!isBuffer(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Buffers some checkpoints carry that ViT recomputes or never uses: {@code *.position_ids}. */
    private static boolean isBuffer(String key) {
        return key.endsWith(".position_ids") || key.equals("position_ids");
    }

    /** Strict load into {@code model}; errors name the folder and every missing, unexpected or mis-shaped key. */
    static void load(Module model, Map<String, Tensor> state, Path folder) {
        try {
            model.loadStateDict(state, true);
        } catch (GatunException e) {
            throw new GatunException(folder + ": " + e.getMessage(), e);
        }
        model.eval();
    }

    /**
     * Hugging Face's {@code ViTPreTrainedModel._init_weights}: linear and convolution weights, the CLS
     * token and the position table from N(0, std) (Hugging Face truncates at ±2, which N(0, 0.02) never
     * reaches in practice), biases 0, layer norms 1 and 0.
     */
    static void initWeights(Module root, double std, RandomGenerator rng) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Module m : root.namedModules().values()) {
                switch (m) {
                    case Linear l -> {
                        Init.normal_(l.weight(), 0, std, rng);
                        zero(l.bias());
                    }
                    case Conv2d c -> {
                        Init.normal_(c.weight(), 0, std, rng);
                        zero(c.bias());
                    }
                    case LayerNorm n -> {
                        Init.constant_(n.weight(), 1);
                        zero(n.bias());
                    }
                    case ViTEmbeddings e -> {
                        Init.normal_(e.clsToken(), 0, std, rng);
                        Init.normal_(e.positionEmbeddings(), 0, std, rng);
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private static void zero(Tensor t) {
        if (t != null) {
            Init.constant_(t, 0);
        }
    }
}
