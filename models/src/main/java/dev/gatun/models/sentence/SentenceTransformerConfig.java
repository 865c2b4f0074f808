package dev.gatun.models.sentence;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentence-transformers pipeline around a transformer in a model folder: which pooling follows it,
 * whether vectors are L2-normalised, and the longest input.
 *
 * <p>Read from {@code modules.json} (the module list: {@code Transformer}, {@code Pooling}, optionally
 * {@code Normalize}), the pooling module's {@code config.json}, and {@code sentence_bert_config.json}.
 * A folder without {@code modules.json} is a plain transformer, pooled by mean as sentence-transformers
 * does for one, without normalisation.
 *
 * @param pooling how token states become one vector
 * @param normalize whether vectors are divided by their L2 norm
 * @param maxSeqLength the longest input in tokens, or 0 when the folder does not say
 */
public record SentenceTransformerConfig(Pooling pooling, boolean normalize, int maxSeqLength) {
    static final String TRANSFORMER = "sentence_transformers.models.Transformer";
    static final String POOLING = "sentence_transformers.models.Pooling";
    static final String NORMALIZE = "sentence_transformers.models.Normalize";

    public SentenceTransformerConfig {
        if (pooling == null || maxSeqLength < 0) {
            throw new GatunException("sentence-transformers config needs a pooling and max_seq_length >= 0");
        }
    }

    /**
     * Reads the pipeline of the model folder {@code dir}; {@code hiddenSize} is the transformer's width,
     * used when the folder has no pooling config.
     *
     * @throws GatunException for a module type Gatun does not run (a Dense layer, say) or a bad config
     */
    public static SentenceTransformerConfig read(Path dir, int hiddenSize) {
        int maxSeqLength = 0;
        Path sbert = dir.resolve("sentence_bert_config.json");
        if (Files.isRegularFile(sbert)) {
            maxSeqLength = Json.getInt(Json.parseObject(sbert), "max_seq_length", 0);
        }
        Path modulesFile = dir.resolve("modules.json");
        if (!Files.isRegularFile(modulesFile)) {
            return new SentenceTransformerConfig(new Pooling(PoolingMode.MEAN, hiddenSize), false, maxSeqLength);
        }
        Object parsed = Json.parse(modulesFile);
        if (!(parsed instanceof List<?> modules)) {
            throw new GatunException(modulesFile + ": expected a JSON array of modules, found " + Json.describe(parsed));
        }
        Pooling pooling = null;
        boolean normalize = false;
        for (Object o : modules) {
            if (!(o instanceof Map<?, ?> raw)) {
                throw new GatunException(modulesFile + ": expected module objects, found " + Json.describe(o));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> module = (Map<String, Object>) raw;
            String type = Json.getString(module, "type");
            switch (type) {
                case TRANSFORMER -> {
                }
                case POOLING -> {
                    Path config = dir.resolve(Json.getString(module, "path", "")).resolve("config.json");
                    pooling = Pooling.fromJson(Json.parseObject(config), config.toString());
                }
                case NORMALIZE -> normalize = true;
                default -> throw new GatunException(modulesFile + ": module type '" + type
                        + "' is not supported; Gatun runs Transformer, Pooling and Normalize");
            }
        }
        if (pooling == null) {
            pooling = new Pooling(PoolingMode.MEAN, hiddenSize);
        }
        if (pooling.dimension() != hiddenSize) {
            throw new GatunException(dir + ": the pooling config's word_embedding_dimension " + pooling.dimension()
                    + " differs from the model's hidden_size " + hiddenSize);
        }
        return new SentenceTransformerConfig(pooling, normalize, maxSeqLength);
    }

    /**
     * Writes {@code modules.json}, {@code 1_Pooling/config.json} and, with normalisation,
     * {@code 2_Normalize/} into {@code dir}, plus {@code sentence_bert_config.json} when
     * {@link #maxSeqLength()} is set.
     */
    public void write(Path dir) {
        try {
            Map<String, Object> transformer = module(0, "", TRANSFORMER);
            Map<String, Object> pool = module(1, "1_Pooling", POOLING);
            List<Map<String, Object>> modules = normalize
                    ? List.of(transformer, pool, module(2, "2_Normalize", NORMALIZE)) : List.of(transformer, pool);
            Files.writeString(dir.resolve("modules.json"), Json.writePretty(modules) + "\n");
            Files.createDirectories(dir.resolve("1_Pooling"));
            Files.writeString(dir.resolve("1_Pooling").resolve("config.json"), Json.writePretty(pooling.toJson()) + "\n");
            if (normalize) {
                Files.createDirectories(dir.resolve("2_Normalize"));
            }
            if (maxSeqLength > 0) {
                Map<String, Object> sbert = new LinkedHashMap<>();
                sbert.put("max_seq_length", maxSeqLength);
                sbert.put("do_lower_case", false);
                Files.writeString(dir.resolve("sentence_bert_config.json"), Json.writePretty(sbert) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> module(int idx, String path, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idx", idx);
        m.put("name", Integer.toString(idx));
        m.put("path", path);
        m.put("type", type);
        return m;
    }
}
