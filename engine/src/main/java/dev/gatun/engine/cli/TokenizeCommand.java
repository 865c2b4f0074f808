package dev.gatun.engine.cli;

import dev.gatun.tensor.GatunException;
import dev.gatun.tokenizers.Encoding;
import dev.gatun.tokenizers.Tokenizer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gatun tokenize}: token ids of texts under a Hugging Face {@code tokenizer.json}, exactly as the
 * reference library gives them. {@code --jsonl} turns it into a streaming filter for scripts.
 */
final class TokenizeCommand implements Command {
    private final Options options = new Options();
    private final Option<Path> tokenizer = options.required("tokenizer", ValueType.PATH,
            "a tokenizer.json, or a model folder that holds one");
    private final Option<Boolean> json = options.flag("json", "print one JSON object per text (ids, tokens, offsets)");
    private final Option<Boolean> tokens = options.flag("tokens",
            "also print the tokens (text output; the global --verbose does the same)");
    private final Option<Boolean> noSpecial = options.flag("no-special", "do not add special tokens such as [CLS]");
    private final Option<Boolean> jsonl = options.flag("jsonl",
            "read JSON lines with a \"text\" field on stdin; write one JSON line per input, in order");
    private final Positional<String> texts = options.remaining("TEXT", ValueType.STRING, "texts to tokenize");
    private final InputStream stdin;

    TokenizeCommand() {
        this(System.in);
    }

    /** A command reading {@code --jsonl} input from {@code stdin}, for tests. */
    TokenizeCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String name() {
        return "tokenize";
    }

    @Override
    public String summary() {
        return "Print the token ids of texts under a tokenizer.json";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) throws Exception {
        Tokenizer tok = Tokenizer.fromFile(tokenizerFile(args.get(tokenizer)));
        boolean special = !args.get(noSpecial);
        if (args.get(jsonl)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            String line;
            long lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                io.printJson(toJson(tok.encode(JsonLines.text(line, lineNumber), special)));
            }
            return Main.OK;
        }
        List<String> list = args.getAll(texts);
        if (list.isEmpty()) {
            throw new UsageException("give at least one TEXT, or --jsonl to read from stdin");
        }
        for (String text : list) {
            Encoding e = tok.encode(text, special);
            if (args.get(json)) {
                io.printJson(toJson(e));
            } else {
                io.out().println(Arrays.toString(e.ids()));
                if (args.get(tokens) || args.verbose()) {
                    io.out().println(e.tokens());
                }
            }
        }
        return Main.OK;
    }

    private static Path tokenizerFile(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new GatunException(file + ": no tokenizer.json there");
        }
        return file;
    }

    private static Map<String, Object> toJson(Encoding e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ids", Arrays.stream(e.ids()).boxed().toList());
        out.put("tokens", e.tokens());
        out.put("offsets", e.offsets().stream().map(o -> List.of(o.start(), o.end())).toList());
        return out;
    }
}
