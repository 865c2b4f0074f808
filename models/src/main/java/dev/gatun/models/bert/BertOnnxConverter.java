package dev.gatun.models.bert;

import dev.gatun.models.onnx.OnnxFile;
import dev.gatun.models.onnx.OnnxModel;
import dev.gatun.models.sentence.Pooling;
import dev.gatun.models.sentence.PoolingMode;
import dev.gatun.models.sentence.SentenceTransformerConfig;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a BERT encoder exported to ONNX into a Hugging Face model folder that {@link BertModel#load}
 * (and Hugging Face's {@code transformers} and {@code sentence-transformers}) can read:
 * <ul>
 *   <li>{@code config.json}: the {@link BertConfig} implied by the graph;</li>
 *   <li>{@code model.safetensors}: the weights under their Hugging Face names ({@link BertOnnxImport});</li>
 *   <li>{@code tokenizer.json}: a copy of the tokenizer, when one is given;</li>
 *   <li>{@code modules.json}, {@code 1_Pooling/config.json} and {@code 2_Normalize/}: the
 *       sentence-transformers pipeline (by default mean pooling then L2 normalisation).</li>
 * </ul>
 * Only weights come from the ONNX file; its graph is read to name them and is not run.
 *
 * {@snippet :
 * BertOnnxConverter.convert(Path.of("model.onnx"), Path.of("tokenizer.json"), Path.of("out"),
 *         PoolingMode.MEAN, true);
 * BertModel bert = BertModel.load(Path.of("out"));
 * }
 */
public final class BertOnnxConverter {
    private BertOnnxConverter() {
    }

    /**
     * What was written.
     *
     * @param config the model's config
     * @param folder the folder written
     * @param tensors the number of weight tensors
     * @param parameters the number of weight elements
     * @param tokenizer whether a tokenizer.json was written
     */
    public record Result(BertConfig config, Path folder, int tensors, long parameters, boolean tokenizer) {
    }

    /** Converts the ONNX file {@code onnx}; see {@link #convert(OnnxModel, Path, Path, PoolingMode, boolean)}. */
    public static Result convert(Path onnx, Path tokenizer, Path out, PoolingMode pooling, boolean normalize) {
        if (tokenizer != null) {
            checkTokenizer(tokenizer);
        }
        try (OnnxFile file = OnnxFile.open(onnx)) {
            return convert(file.model(), tokenizer, out, pooling, normalize);
        } catch (GatunException e) {
            throw e.getMessage().startsWith(onnx.toString()) ? e : new GatunException(onnx + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the model folder {@code out} (created if needed; files already there are replaced).
     *
     * @param tokenizer a {@code tokenizer.json} to copy, or null for none
     * @param pooling the sentence-transformers pooling to record
     * @param normalize whether to record L2 normalisation after pooling
     * @throws GatunException if the graph is not a BERT encoder, the tokenizer is not a tokenizer.json,
     *     or the folder cannot be written
     */
    public static Result convert(OnnxModel model, Path tokenizer, Path out, PoolingMode pooling, boolean normalize) {
        if (tokenizer != null) {
            checkTokenizer(tokenizer);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new GatunException(out + ": exists and is not a folder");
        }
        try (Scope scope = Scope.open()) {
            BertOnnxImport.Imported imported = BertOnnxImport.fromGraph(model.graph());
            BertConfig config = imported.config();
            Files.createDirectories(out);
            Files.writeString(out.resolve("config.json"), Json.writePretty(config.toJson()) + "\n");
            TensorFiles.save(out.resolve(Safetensors.MODEL_FILE), imported.weights(), Map.of("format", "pt"));
            if (tokenizer != null) {
                Files.copy(tokenizer, out.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            new SentenceTransformerConfig(new Pooling(pooling, config.hiddenSize()), normalize, 0).write(out);
            long parameters = imported.weights().values().stream().mapToLong(t -> t.numel()).sum();
            return new Result(config, out, imported.weights().size(), parameters, tokenizer != null);
        } catch (IOException e) {
            throw new GatunException("cannot write the model folder " + out + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new GatunException("cannot write the model folder " + out + ": " + e.getCause().getMessage(), e);
        }
    }

    /** A tokenizer.json is a JSON object with a {@code model}; anything else is refused before converting. */
    private static void checkTokenizer(Path tokenizer) {
        if (!Files.isRegularFile(tokenizer)) {
            throw new GatunException(tokenizer + ": no such file (expected a tokenizer.json)");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(tokenizer);
        } catch (GatunException e) {
            throw new GatunException(tokenizer + ": not a tokenizer.json (" + e.getMessage() + ")", e);
        }
        if (!(json.get("model") instanceof Map<?, ?>)) {
            throw new GatunException(tokenizer + ": not a tokenizer.json (it has no \"model\" object)");
        }
    }
}
