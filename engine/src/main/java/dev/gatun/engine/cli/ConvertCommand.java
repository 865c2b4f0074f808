package dev.gatun.engine.cli;

import dev.gatun.models.bert.BertConfig;
import dev.gatun.models.bert.BertOnnxConverter;
import dev.gatun.models.sentence.PoolingMode;
import dev.gatun.tensor.GatunException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gatun convert onnx FILE.onnx --out DIR}: reads the weights of a BERT encoder out of an ONNX file
 * and writes a Hugging Face model folder (config.json, model.safetensors, tokenizer.json and the
 * sentence-transformers pooling config) that {@code gatun embed} and Hugging Face libraries load.
 */
final class ConvertCommand implements Command {
    private final Options options = new Options();
    private final Positional<String> format = options.positional("FORMAT", ValueType.oneOf("onnx"),
            "the format of the input; onnx is the one supported");
    private final Positional<Path> input = options.positional("FILE", ValueType.PATH, "the model file, e.g. model.onnx");
    private final Option<Path> out = options.required("out", ValueType.PATH, "the model folder to write");
    private final Option<Path> tokenizer = options.option("tokenizer", ValueType.PATH,
            "the tokenizer.json to include (default: tokenizer.json or NAME-tokenizer.json beside FILE)");
    private final Option<String> pooling = options.option("pooling", ValueType.oneOf("mean", "cls", "max"),
            "the sentence-transformers pooling to record", "mean");
    private final Option<Boolean> noNormalize = options.flag("no-normalize", "do not record L2 normalisation after pooling");
    private final Option<Boolean> json = options.flag("json", "print one JSON object describing the result");

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "Convert a BERT encoder from ONNX into a model folder with safetensors weights";
    }

    @Override
    public String description() {
        return """
                Only the weights are taken from the ONNX file: the graph is read to name them (its matrix \
                weights are anonymous and transposed) and to derive config.json, and Gatun runs its own BERT \
                on them. The graph must have the structure of a BERT encoder as exported from PyTorch or \
                Hugging Face Optimum; anything else is refused with the reason.

                The folder gets a sentence-transformers pipeline (modules.json, 1_Pooling/config.json and, \
                unless --no-normalize, 2_Normalize), mean pooling by default, as all-MiniLM-L6-v2 uses.

                Example: gatun convert onnx all-minilm-l6-v2.onnx --out models/minilm""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        Path file = args.get(input);
        if (!Files.isRegularFile(file)) {
            throw new GatunException(file + ": " + (Files.isDirectory(file) ? "is a folder; expected an .onnx file"
                    : "no such file"));
        }
        Path tok = args.find(tokenizer).orElseGet(() -> besideModel(file));
        PoolingMode mode = PoolingMode.valueOf(args.get(pooling).toUpperCase(Locale.ROOT));
        BertOnnxConverter.Result r = BertOnnxConverter.convert(file, tok, args.get(out), mode, !args.get(noNormalize));
        if (tok == null) {
            io.err().println("gatun: no tokenizer.json beside " + file + ", so the folder has none; pass --tokenizer FILE"
                    + " to include one (gatun embed needs it)");
        } else if (!args.has(tokenizer)) {
            io.err().println("gatun: included the tokenizer found beside the model, " + tok);
        }
        BertConfig c = r.config();
        if (args.get(json)) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("input", file.toString());
            report.put("folder", r.folder().toString());
            report.put("config", c.toJson());
            report.put("tensors", r.tensors());
            report.put("parameters", r.parameters());
            report.put("tokenizer", tok == null ? null : tok.toString());
            report.put("pooling", args.get(pooling));
            report.put("normalize", !args.get(noNormalize));
            io.printJson(report);
        } else {
            io.out().printf("converted %s -> %s%n", file, r.folder());
            io.out().printf("  BertModel: %d layers, hidden size %d, %d heads, intermediate size %d, vocabulary %d,"
                    + " %s%n", c.numHiddenLayers(), c.hiddenSize(), c.numAttentionHeads(), c.intermediateSize(),
                    c.vocabSize(), c.hiddenAct());
            io.out().printf("  weights:   %,d parameters in %d tensors (model.safetensors)%n", r.parameters(), r.tensors());
            io.out().printf("  tokenizer: %s%n", tok == null ? "none" : tok + " (tokenizer.json)");
            io.out().printf("  pipeline:  %s pooling%s (modules.json)%n", args.get(pooling),
                    args.get(noNormalize) ? "" : ", L2 normalisation");
        }
        return Main.OK;
    }

    /** {@code tokenizer.json} or {@code NAME-tokenizer.json} in the folder of {@code NAME.onnx}, or null. */
    private static Path besideModel(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        for (Path candidate : new Path[] {dir.resolve(stem + "-tokenizer.json"), dir.resolve("tokenizer.json")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
