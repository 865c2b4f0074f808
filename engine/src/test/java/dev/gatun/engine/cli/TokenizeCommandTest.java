package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCommandTest {
    @TempDir
    Path dir;

    /** A WordPiece tokenizer small enough to write out, with BERT's template. */
    private Path tokenizer() throws Exception {
        String json = """
                {"version":"1.0","truncation":null,"padding":null,
                 "added_tokens":[{"id":0,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":1,"content":"[CLS]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":2,"content":"[SEP]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
                 "normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true},
                 "pre_tokenizer":{"type":"BertPreTokenizer"},
                 "post_processor":{"type":"TemplateProcessing",
                   "single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
                   "pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],
                   "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[1],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[2],"tokens":["[SEP]"]}}},
                 "decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
                 "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,
                   "vocab":{"[UNK]":0,"[CLS]":1,"[SEP]":2,"hello":3,"world":4,"wor":5,"##ld":6,"!":7}}}
                """;
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void printsIdsWithSpecialTokensByDefault() throws Exception {
        CommandRunner r = CommandRunner.run("tokenize", "--tokenizer", tokenizer().toString(), "--tokens", "Hello world!");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals("[1, 3, 4, 7, 2]", lines.get(0));
        assertEquals("[[CLS], hello, world, !, [SEP]]", lines.get(1));
    }

    @Test
    void jsonWithoutSpecialTokensHasOffsets() throws Exception {
        tokenizer();
        CommandRunner r = CommandRunner.run("tokenize", "--tokenizer", dir.toString(), "--json", "--no-special", "Hello");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> out = Json.parseObject(r.out());
        assertEquals(List.of(3L), out.get("ids"));
        assertEquals(List.of(List.of(0L, 5L)), out.get("offsets"));
    }

    @Test
    void verbosePrintsTheTokensToo() throws Exception {
        CommandRunner r = CommandRunner.run("--verbose", "tokenize", "--tokenizer", tokenizer().toString(), "world");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("[1, 4, 2]", "[[CLS], world, [SEP]]"), r.out().strip().lines().toList());
    }

    @Test
    void jsonlWritesOneLinePerInputInOrder() throws Exception {
        String input = "{\"text\":\"Hello world!\"}\n\n{\"id\":7,\"text\":\"world\"}\n{\"text\":\"\"}\n";
        CommandRunner r = runWithStdin(input, "tokenize", "--tokenizer", tokenizer().toString(), "--jsonl");
        assertEquals(0, r.exitCode(), r.err());
        List<Map<String, Object>> lines = r.out().strip().lines().map(Json::parseObject).toList();
        assertEquals(3, lines.size(), r.out());
        assertEquals(List.of(1L, 3L, 4L, 7L, 2L), lines.get(0).get("ids"));
        assertEquals(List.of("[CLS]", "hello", "world", "!", "[SEP]"), lines.get(0).get("tokens"));
        assertEquals(List.of(List.of(0L, 0L), List.of(0L, 5L), List.of(6L, 11L), List.of(11L, 12L), List.of(0L, 0L)),
                lines.get(0).get("offsets"));
        assertEquals(List.of(1L, 4L, 2L), lines.get(1).get("ids"));
        assertEquals(List.of(1L, 2L), lines.get(2).get("ids"));
    }

    @Test
    void jsonlLineWithoutTextNamesTheLine() throws Exception {
        CommandRunner r = runWithStdin("{\"text\":\"world\"}\n{\"txt\":\"x\"}\n", "tokenize", "--tokenizer",
                tokenizer().toString(), "--jsonl");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("line 2") && r.err().contains("\"text\""), r.err());
    }

    private static CommandRunner runWithStdin(String stdin, String... args) {
        return CommandRunner.run(List.of(new TokenizeCommand(CommandRunner.stdin(stdin))), Map.of(), args);
    }

    @Test
    void missingTokenizerIsOneClearError() {
        CommandRunner r = CommandRunner.run("tokenize", "--tokenizer", dir.resolve("none.json").toString(), "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("none.json"), r.err());
    }
}
