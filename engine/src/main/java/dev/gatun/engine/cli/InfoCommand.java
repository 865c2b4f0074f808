package dev.gatun.engine.cli;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.SafetensorsEntry;
import dev.gatun.tensor.io.TensorSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gatun info PATH}: what a safetensors file or a model folder holds: each tensor's name, dtype and
 * shape, the parameter count and bytes per dtype, and the architecture its config.json names.
 */
final class InfoCommand implements Command {
    private final Options options = new Options();
    private final Positional<Path> path = options.positional("PATH", ValueType.PATH,
            "a .safetensors file, a model.safetensors.index.json, or a model folder");
    private final Option<Boolean> json = options.flag("json", "print one JSON object instead of text");
    private final Option<Boolean> summary = options.flag("summary", "print the totals only, not every tensor");

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "Show the tensors, parameter count and architecture of a checkpoint or model folder";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        Path target = args.get(path);
        if (!Files.exists(target)) {
            throw new GatunException(target + ": no such file or folder");
        }
        Map<String, Object> config = readConfig(target);
        try (TensorSource source = Safetensors.openModel(target)) {
            Map<String, Object> report = report(source, config);
            if (args.get(json)) {
                io.printJson(report);
            } else {
                printText(io, report, source.entries(), args.get(summary));
            }
        }
        return Main.OK;
    }

    private static Map<String, Object> readConfig(Path target) {
        Path folder = Files.isDirectory(target) ? target : target.toAbsolutePath().getParent();
        Path config = folder == null ? null : folder.resolve("config.json");
        return config != null && Files.isRegularFile(config) ? Json.parseObject(config) : null;
    }

    static Map<String, Object> report(TensorSource source, Map<String, Object> config) {
        long parameters = 0;
        long bytes = 0;
        Map<DType, long[]> byType = new EnumMap<>(DType.class);
        List<Object> tensors = new ArrayList<>();
        for (SafetensorsEntry e : source.entries()) {
            parameters += e.elementCount();
            bytes += e.data().byteSize();
            long[] t = byType.computeIfAbsent(e.dtype(), k -> new long[2]);
            t[0] += e.elementCount();
            t[1] += e.data().byteSize();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", e.name());
            row.put("dtype", e.dtype().safetensorsName());
            row.put("shape", Arrays.stream(e.shape()).boxed().toList());
            tensors.add(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("path", source.path().toString());
        if (config != null) {
            report.put("architectures", config.get("architectures"));
            report.put("model_type", config.get("model_type"));
        }
        report.put("tensors", tensors.size());
        report.put("parameters", parameters);
        report.put("bytes", bytes);
        Map<String, Object> types = new LinkedHashMap<>();
        byType.forEach((k, v) -> types.put(k.safetensorsName(), Map.of("parameters", v[0], "bytes", v[1])));
        report.put("dtypes", types);
        report.put("metadata", source.metadata());
        report.put("tensor_list", tensors);
        return report;
    }

    private static void printText(Io io, Map<String, Object> report, List<SafetensorsEntry> entries, boolean summaryOnly) {
        if (!summaryOnly) {
            int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4);
            for (SafetensorsEntry e : entries) {
                io.out().printf("%-" + width + "s  %-4s  %s%n", e.name(), e.dtype().safetensorsName(),
                        Arrays.toString(e.shape()));
            }
            io.out().println();
        }
        io.out().printf("path          %s%n", report.get("path"));
        if (report.containsKey("architectures")) {
            io.out().printf("architecture  %s (model_type %s)%n", report.get("architectures"), report.get("model_type"));
        }
        io.out().printf("tensors       %d%n", (Integer) report.get("tensors"));
        io.out().printf("parameters    %,d (%s)%n", (Long) report.get("parameters"), human((Long) report.get("parameters"), ""));
        io.out().printf("bytes         %,d (%s)%n", (Long) report.get("bytes"), human((Long) report.get("bytes"), "B"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> types = (Map<String, Map<String, Long>>) report.get("dtypes");
        types.forEach((k, v) -> io.out().printf("  %-4s        %,d parameters, %s%n", k, v.get("parameters"),
                human(v.get("bytes"), "B")));
    }

    private static String human(long n, String unit) {
        String[] prefixes = {"", "K", "M", "G", "T"};
        double v = n;
        int i = 0;
        while (v >= 1000 && i < prefixes.length - 1) {
            v /= 1000;
            i++;
        }
        return i == 0 ? n + (unit.isEmpty() ? "" : " " + unit) : String.format("%.2f %s%s", v, prefixes[i], unit);
    }
}
