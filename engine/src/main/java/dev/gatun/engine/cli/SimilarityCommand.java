package dev.gatun.engine.cli;

import dev.gatun.engine.embed.SentenceEmbedder;
import dev.gatun.tensor.GatunException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gatun similarity --query TEXT FILE}: ranks the lines of a file by the cosine similarity of
 * their sentence embeddings to the query's, best first.
 */
final class SimilarityCommand implements Command {
    private final Options options = new Options();
    private final Option<Path> model = options.option("model", ValueType.PATH, EmbedModels.MODEL_HELP);
    private final Option<String> query = options.required("query", ValueType.STRING, "the text to compare the lines with");
    private final Option<Integer> top = options.option("top", ValueType.intAtLeast(1), "how many lines to print", 10);
    private final Option<Boolean> json = options.flag("json",
            "print one JSON object per line ranked: {\"rank\", \"score\", \"line\", \"text\"}");
    private final Option<Integer> batchSize = options.option("batch-size", ValueType.intAtLeast(1),
            "texts per forward pass", SentenceEmbedder.DEFAULT_BATCH_SIZE);
    private final Positional<Path> file = options.positional("FILE", ValueType.PATH,
            "a UTF-8 text file, one candidate per line (blank lines are skipped); - reads standard input");
    private final InputStream stdin;

    SimilarityCommand() {
        this(System.in);
    }

    /** A command reading FILE "-" from {@code stdin}, for tests. */
    SimilarityCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String name() {
        return "similarity";
    }

    @Override
    public String summary() {
        return "Rank the lines of a file by semantic similarity to a query";
    }

    @Override
    public String description() {
        return """
                Every line and the query are embedded with the model (see gatun embed); lines are ranked by \
                cosine similarity to the query, from 1 (same meaning) down. Ties keep file order.

                Example: gatun similarity --query "How do I reset my password?" faq.txt --top 3""";
    }

    @Override
    public Options options() {
        return options;
    }

    private record Candidate(int line, String text) {
    }

    @Override
    public int run(Args args, Io io) throws IOException {
        List<Candidate> candidates = read(args.get(file));
        try (SentenceEmbedder embedder = EmbedModels.open(args.find(model), args.get(batchSize), io)) {
            float[] q = embedder.embed(args.get(query));
            List<float[]> vectors = embedder.embed(candidates.stream().map(Candidate::text).toList());
            Integer[] order = new Integer[candidates.size()];
            float[] scores = new float[candidates.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
                scores[i] = SentenceEmbedder.cosine(q, vectors.get(i));
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
            int shown = Math.min(args.get(top), order.length);
            for (int rank = 1; rank <= shown; rank++) {
                Candidate c = candidates.get(order[rank - 1]);
                float score = scores[order[rank - 1]];
                if (args.get(json)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("rank", rank);
                    row.put("score", score);
                    row.put("line", c.line());
                    row.put("text", c.text());
                    io.printJson(row);
                } else {
                    io.out().printf("%3d  %.4f  %s%n", rank, score, c.text());
                }
            }
        }
        return Main.OK;
    }

    private List<Candidate> read(Path path) throws IOException {
        List<String> lines;
        if (path.toString().equals("-")) {
            lines = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } else {
            if (!Files.isRegularFile(path)) {
                throw new GatunException(path + ": " + (Files.isDirectory(path) ? "is a folder" : "no such file")
                        + "; expected a text file with one candidate per line");
            }
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        }
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(new Candidate(i + 1, lines.get(i)));
            }
        }
        if (out.isEmpty()) {
            throw new GatunException(path + ": has no non-blank lines to rank");
        }
        return out;
    }
}
