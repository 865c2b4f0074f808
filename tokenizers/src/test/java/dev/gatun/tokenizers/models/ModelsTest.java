package dev.gatun.tokenizers.models;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.Token;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BPE, WordPiece, Unigram and WordLevel on small vocabularies, and their configuration errors. */
class ModelsTest {

    @Test
    void bpeAppliesLowestRankFirst() {
        String vocab = "{\"a\":0,\"b\":1,\"c\":2,\"ab\":3,\"bc\":4,\"abc\":5}";
        assertEquals(List.of("abc@0-3"), tokens(bpe(vocab, "[\"a b\", \"b c\", \"ab c\"]", ""), "abc"));
        assertEquals(List.of("a@0-1", "bc@1-3"), tokens(bpe(vocab, "[\"b c\", \"a b\", \"ab c\"]", ""), "abc"));
        // merges may also be written as pairs
        assertEquals(List.of("abc@0-3"), tokens(bpe(vocab, "[[\"a\",\"b\"],[\"ab\",\"c\"]]", ""), "abc"));
    }

    @Test
    void bpeUnknownCharacters() {
        String vocab = "{\"a\":0,\"<unk>\":1}";
        assertEquals(List.of("a@0-1", "<unk>@1-3", "a@3-4"),
                tokens(bpe(vocab, "[]", ",\"unk_token\":\"<unk>\",\"fuse_unk\":true"), "axxa"));
        assertEquals(List.of("a@0-1", "<unk>@1-2", "<unk>@2-3", "a@3-4"),
                tokens(bpe(vocab, "[]", ",\"unk_token\":\"<unk>\""), "axxa"));
        // without an unk token the character vanishes and, as in the reference, later offsets move up
        assertEquals(List.of("a@0-1", "a@1-2"), tokens(bpe(vocab, "[]", ""), "axa"));
    }

    @Test
    void bpeByteFallbackSpellsUtf8Bytes() {
        Model m = bpe("{\"a\":0,\"<0xC3>\":1,\"<0xA9>\":2,\"<unk>\":3}", "[]",
                ",\"unk_token\":\"<unk>\",\"byte_fallback\":true");
        assertEquals(List.of("a@0-1", "<0xC3>@1-2", "<0xA9>@1-2"), tokens(m, "aé"));
        assertEquals(List.of("<unk>@0-1"), tokens(m, "ü")); // a byte without a token: unknown instead
    }

    @Test
    void bpePrefixSuffixAndIgnoreMerges() {
        Model m = bpe("{\"a\":0,\"##b\":1,\"##c</w>\":2,\"a##b\":3,\"ab\":4}", "[\"a ##b\"]",
                ",\"continuing_subword_prefix\":\"##\",\"end_of_word_suffix\":\"</w>\"");
        assertEquals(List.of("ab@0-2", "##c</w>@2-3"), tokens(m, "abc"));
        Model ignore = bpe("{\"x\":0,\"y\":1,\"z\":2,\"xyz\":3}", "[]", ",\"ignore_merges\":true");
        assertEquals(List.of("xyz@0-3"), tokens(ignore, "xyz"));
        assertEquals(List.of("y@0-1", "x@1-2"), tokens(ignore, "yx"));
    }

    @Test
    void bpeConfigurationErrors() {
        GatunException dropout = assertThrows(GatunException.class,
                () -> bpe("{\"a\":0}", "[]", ",\"dropout\":0.1"));
        assertTrue(dropout.getMessage().contains("dropout"), dropout.getMessage());
        assertThrows(GatunException.class, () -> bpe("{\"a\":0}", "[\"a b\"]", ""));
        assertThrows(GatunException.class, () -> bpe("{\"a\":0}", "[\"a a a\"]", ""));
        assertThrows(GatunException.class, () -> read("{\"type\":\"Ngram\",\"vocab\":{}}"));
    }

    @Test
    void wordPieceGreedyLongestMatch() {
        Model m = read("{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\","
                + "\"max_input_chars_per_word\":12,\"vocab\":{\"[UNK]\":0,\"un\":1,\"##aff\":2,\"##able\":3,"
                + "\"u\":4,\"##n\":5,\"##a\":6}}");
        assertEquals(List.of("un@0-2", "##aff@2-5", "##able@5-9"), tokens(m, "unaffable"));
        assertEquals(List.of("[UNK]@0-3"), tokens(m, "unx"));
        assertEquals(List.of("[UNK]@0-13"), tokens(m, "unaffableunaf"));
    }

    @Test
    void unigramViterbiWithTheReferenceTieBreak() {
        Model m = read("{\"type\":\"Unigram\",\"unk_id\":0,\"vocab\":[[\"<unk>\",0.0],[\"a\",-1.0],[\"b\",-1.0],"
                + "[\"ab\",-2.0],[\"c\",-5.0],[\"bc\",-1.0]]}");
        assertEquals(List.of("ab@0-2"), tokens(m, "ab")); // a+b scores the same; the first candidate stays
        assertEquals(List.of("a@0-1", "bc@1-3"), tokens(m, "abc"));
        List<Token> unknown = m.tokenize("xyc");
        assertEquals(List.of("xy@0-2", "c@2-3"), tokens(m, "xyc")); // unknown characters fuse into one piece
        assertEquals(0, unknown.get(0).id());
    }

    @Test
    void unigramByteFallback() {
        Model m = read("{\"type\":\"Unigram\",\"unk_id\":0,\"byte_fallback\":true,\"vocab\":[[\"<unk>\",0.0],"
                + "[\"a\",-1.0],[\"<0xC3>\",-3.0],[\"<0xA9>\",-3.0]]}");
        assertEquals(List.of("a@0-1", "<0xC3>@1-2", "<0xA9>@1-2"), tokens(m, "aé"));
        assertEquals(List.of("ü@0-1"), tokens(m, "ü"));
    }

    @Test
    void wordLevel() {
        Model m = read("{\"type\":\"WordLevel\",\"unk_token\":\"<unk>\",\"vocab\":{\"<unk>\":0,\"hello\":1}}");
        assertEquals(List.of("hello@0-5"), tokens(m, "hello"));
        assertEquals(List.of("<unk>@0-3"), tokens(m, "bye"));
        assertEquals(1, m.tokenToId("hello"));
        assertEquals("hello", m.idToToken(1));
        assertEquals(2, m.vocabSize());
    }

    private static Model bpe(String vocab, String merges, String options) {
        return read("{\"type\":\"BPE\",\"vocab\":" + vocab + ",\"merges\":" + merges + options + "}");
    }

    private static Model read(String json) {
        return Models.fromJson(ComponentConfig.of(Json.parse(json), "model", "test.json"));
    }

    private static List<String> tokens(Model m, String word) {
        List<String> out = new ArrayList<>();
        for (Token t : m.tokenize(word)) {
            out.add(t.value() + "@" + t.start() + "-" + t.end());
        }
        return out;
    }
}
