package dev.gatun.engine.embed;

import dev.gatun.models.bert.BertConfig;
import dev.gatun.models.bert.BertModel;
import dev.gatun.models.sentence.Pooling;
import dev.gatun.models.sentence.PoolingMode;
import dev.gatun.models.sentence.SentenceTransformerConfig;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A sentence-embedding model folder small enough for unit tests: a random 2-layer BERT of width 16, a
 * WordPiece tokenizer.json with a few dozen words, mean pooling and normalisation.
 */
public final class TinyEmbeddingModel {
    public static final List<String> WORDS = List.of("the", "a", "cat", "dog", "sat", "on", "mat", "man", "is",
            "eating", "food", "how", "do", "i", "reset", "my", "password", "forgot", "login", "weather", "rain",
            "today", "sun", ".", "?", ",", "##s", "##ing");
    public static final BertConfig CONFIG = new BertConfig(4 + WORDS.size(), 16, 2, 4, 32, "gelu", 0.1, 0.1, 24, 2,
            1e-12, 0);

    private TinyEmbeddingModel() {
    }

    /** Writes the folder into {@code dir} and returns it. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        BertModel model = new BertModel(CONFIG, true, new SplittableRandom(5));
        SplittableRandom rng = new SplittableRandom(6);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Tensor p : model.parameters()) {
                p.copy_(Tensor.randn(rng, DType.F32, p.shape()).mul(0.3));
            }
        }
        Files.writeString(dir.resolve("config.json"), Json.writePretty(CONFIG.toJson()));
        TensorFiles.save(dir.resolve("model.safetensors"), model.stateDict(), Map.of("format", "pt"));
        Files.writeString(dir.resolve("tokenizer.json"), Json.writePretty(tokenizer()));
        new SentenceTransformerConfig(new Pooling(PoolingMode.MEAN, CONFIG.hiddenSize()), true, 0).write(dir);
        return dir;
    }

    private static Map<String, Object> tokenizer() {
        Map<String, Object> vocab = new LinkedHashMap<>();
        List<String> specials = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]");
        for (String s : specials) {
            vocab.put(s, (long) vocab.size());
        }
        for (String w : WORDS) {
            vocab.put(w, (long) vocab.size());
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("version", "1.0");
        // Fixed padding and short truncation, as all-MiniLM-L6-v2's file has: the embedder must replace both.
        t.put("truncation", Map.of("direction", "Right", "max_length", 5, "strategy", "LongestFirst", "stride", 0L));
        t.put("padding", Map.of("strategy", Map.of("Fixed", 20L), "direction", "Right", "pad_to_multiple_of", 0L, "pad_id", 0L, "pad_type_id", 0L, "pad_token", "[PAD]"));
        t.put("added_tokens", specials.stream().map(s -> Map.<String, Object>of("id", vocab.get(s), "content", s,
                "single_word", false, "lstrip", false, "rstrip", false, "normalized", false, "special", true)).toList());
        t.put("normalizer", Map.of("type", "BertNormalizer", "clean_text", true, "handle_chinese_chars", true,
                "lowercase", true));
        t.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
        t.put("post_processor", Map.of("type", "TemplateProcessing",
                "single", List.of(special("[CLS]"), Map.of("Sequence", Map.of("id", "A", "type_id", 0L)), special("[SEP]")),
                "pair", List.of(special("[CLS]"), Map.of("Sequence", Map.of("id", "A", "type_id", 0L)), special("[SEP]"),
                        Map.of("Sequence", Map.of("id", "B", "type_id", 1L)), special("[SEP]")),
                "special_tokens", Map.of(
                        "[CLS]", Map.of("id", "[CLS]", "ids", List.of(2L), "tokens", List.of("[CLS]")),
                        "[SEP]", Map.of("id", "[SEP]", "ids", List.of(3L), "tokens", List.of("[SEP]")))));
        t.put("decoder", Map.of("type", "WordPiece", "prefix", "##", "cleanup", true));
        t.put("model", Map.of("type", "WordPiece", "unk_token", "[UNK]", "continuing_subword_prefix", "##",
                "max_input_chars_per_word", 100L, "vocab", vocab));
        return t;
    }

    private static Map<String, Object> special(String token) {
        return Map.of("SpecialToken", Map.of("id", token, "type_id", 0L));
    }
}
