package dev.gatun.models.swin;

import dev.gatun.nn.Module;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import dev.gatun.tensor.io.TensorSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the weights of a Swin model folder into a module: safetensors (one file or sharded), with
 * the buffers Hugging Face recomputes ({@code relative_position_index}, {@code relative_coords_table},
 * {@code attn_mask}) dropped, keys renamed by the caller, then a strict load whose error names every
 * missing, unexpected and mis-shaped tensor.
 */
final class SwinCheckpoint {
    private SwinCheckpoint() {
    }

    /** Whether {@code key} names a buffer that is recomputed rather than loaded. */
    static boolean isRecomputedBuffer(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return last.equals("relative_position_index") || last.equals("relative_coords_table")
                || last.equals("attn_mask");
    }

    /**
     * Loads the folder's weights into {@code model}.
     *
     * @param prefix the base model's prefix in checkpoints with a head ({@code swin.} or {@code swinv2.})
     * @param withHead true for a model with a classifier, which keeps the prefixed names and needs them;
     *     false for the base model, which takes the prefixed part of a checkpoint with a head (dropping
     *     the head) or the whole of a base checkpoint
     */
    static void load(Path folder, Module model, String prefix, boolean withHead) {
        try (TensorSource source = Safetensors.openModel(folder)) {
            Map<String, Tensor> all = TensorFiles.tensors(source);
            boolean prefixed = all.keySet().stream().anyMatch(k -> k.startsWith(prefix));
            if (withHead && !prefixed) {
                throw new GatunException(folder + ": the checkpoint has no '" + prefix + "' keys, so it holds a"
                        + " base model without a classifier; load it with SwinModel.load");
            }
            Map<String, Tensor> state = new LinkedHashMap<>();
            all.forEach((k, v) -> {
                if (isRecomputedBuffer(k)) {
                    return;
                }
                if (withHead || !prefixed) {
                    state.put(k, v);
                } else if (k.startsWith(prefix)) {
                    state.put(k.substring(prefix.length()), v);
                }
            });
            try {
                model.loadStateDict(state, true);
            } catch (GatunException e) {
                throw new GatunException(folder + ": " + e.getMessage(), e);
            }
        }
        model.eval();
    }
}
