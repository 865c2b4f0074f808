package dev.gatun.engine.cli;

import dev.gatun.models.auto.AutoModel;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.SafetensorsFile;
import dev.gatun.tensor.io.TensorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gatun forward --model DIR --input IN.safetensors --output OUT.safetensors}: runs any supported
 * model on named input tensors and writes its named outputs, the scripting and parity interface shared by
 * every model family. The output file appears whole or not at all.
 */
final class ForwardCommand implements Command {
    private final Options options = new Options();
    private final Option<Path> model = options.required("model", ValueType.PATH,
            "a model folder: config.json and model.safetensors");
    private final Option<Path> input = options.required("input", ValueType.PATH,
            "a safetensors file of named inputs (pixel_values; or input_ids, attention_mask, token_type_ids)");
    private final Option<Path> output = options.required("output", ValueType.PATH,
            "the safetensors file to write the named outputs to (replaced if it exists)");
    private final Option<Boolean> json = options.flag("json",
            "print one JSON object: the output names, dtypes and shapes, and the seconds taken");

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String summary() {
        return "Run a model on named input tensors and save its named outputs";
    }

    @Override
    public String description() {
        return """
                The model type comes from config.json (model_type %s). Inputs and outputs carry Hugging Face's \
                names: vision models read pixel_values (B, 3, H, W) and give logits (classifiers), \
                last_hidden_state and pooler_output; BERT reads input_ids (B, T) with optional attention_mask \
                and token_type_ids and gives last_hidden_state and pooler_output. Integer inputs may be any \
                integer dtype and float inputs any float dtype; outputs are F32.

                The output file is written to a temporary file and renamed into place, so it is never \
                half-written."""
                .formatted(String.join(", ", AutoModel.supportedTypes()));
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        Path in = args.get(input);
        Path out = args.get(output);
        if (!Files.isRegularFile(in)) {
            throw new GatunException(in + ": expected a safetensors file of inputs, found "
                    + (Files.exists(in) ? "a folder" : "nothing"));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new GatunException(out + ": cannot write the output, folder " + parent + " does not exist");
        }
        AutoModel m = AutoModel.load(args.get(model));
        List<Map<String, Object>> described = new ArrayList<>();
        double seconds;
        try (SafetensorsFile file = SafetensorsFile.open(in); Scope scope = Scope.open()) {
            Map<String, Tensor> inputs = TensorFiles.tensors(file);
            long start = System.nanoTime();
            Map<String, Tensor> outputs;
            try {
                outputs = m.forward(inputs);
            } catch (GatunException e) {
                throw new GatunException(in + ": " + e.getMessage(), e);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            TensorFiles.save(out, outputs, Map.of("format", "pt"));
            outputs.forEach((name, t) -> described.add(describe(name, t)));
        }
        if (args.get(json)) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model_type", m.modelType());
            report.put("output", out.toString());
            report.put("outputs", described);
            report.put("seconds", seconds);
            io.printJson(report);
        } else {
            for (Map<String, Object> d : described) {
                io.out().printf("%-20s %-4s %s%n", d.get("name"), d.get("dtype"), d.get("shape"));
            }
            io.out().printf("wrote %s (%s forward in %.3f s)%n", out, m.modelType(), seconds);
        }
        return Main.OK;
    }

    private static Map<String, Object> describe(String name, Tensor t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("dtype", t.dtype().safetensorsName());
        d.put("shape", Arrays.stream(t.shape()).boxed().toList());
        return d;
    }
}
