package dev.gatun.engine.cli;

import dev.gatun.engine.embed.DefaultEmbeddingModel;
import dev.gatun.engine.embed.SentenceEmbedder;
import java.nio.file.Path;
import java.util.Optional;

/** How {@code embed} and {@code similarity} find their model: {@code --model DIR}, else the default one. */
final class EmbedModels {
    private EmbedModels() {
    }

    static final String MODEL_HELP = "a model folder (default: all-MiniLM-L6-v2, set up on first use)";

    static SentenceEmbedder open(Optional<Path> model, int batchSize, Io io) {
        Path folder = model.orElseGet(() -> new DefaultEmbeddingModel(io.env()).ensure(io.err()));
        return SentenceEmbedder.load(folder, batchSize);
    }

    /** A vector as JSON-ready text: shortest decimal forms, comma-separated, in brackets. */
    static void appendJsonArray(StringBuilder sb, float[] v) {
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        sb.append(']');
    }
}
