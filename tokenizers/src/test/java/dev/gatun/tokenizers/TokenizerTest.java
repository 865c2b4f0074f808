package dev.gatun.tokenizers;

import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline on a small BERT-style tokenizer: added tokens, truncation, padding, batches, errors. */
class TokenizerTest {

    /** WordPiece over lowercase words, [CLS] A [SEP] framing, three added tokens with different flags. */
    static final String SMALL = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [
               {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 1, "content": "[CLS]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 2, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 9, "content": "[MASK]", "single_word": false, "lstrip": true, "rstrip": true, "normalized": false, "special": true},
               {"id": 12, "content": "cat", "single_word": true, "lstrip": false, "rstrip": false, "normalized": true, "special": false}
             ],
             "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                            "strip_accents": null, "lowercase": true},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "post_processor": {"type": "TemplateProcessing",
               "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                          {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
               "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                        {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                        {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
               "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                                  "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}},
             "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                       "max_input_chars_per_word": 100,
                       "vocab": {"[PAD]": 0, "[CLS]": 1, "[SEP]": 2, "[UNK]": 3, "the": 4, "dog": 5, "runs": 6,
                                 "fast": 7, ".": 8, "[MASK]": 9, "a": 10, "##s": 11}}}
            """;

    private static Tokenizer small() {
        return Tokenizer.fromJson(SMALL);
    }

    @Test
    void encodesWithSpecialTokensOffsetsAndWords() {
        Encoding e = small().encode("The dog runs FAST.", true);
        assertEquals(List.of("[CLS]", "the", "dog", "runs", "fast", ".", "[SEP]"), e.tokens());
        assertArrayEquals(new int[] {1, 4, 5, 6, 7, 8, 2}, e.ids());
        assertEquals(new Offset(13, 17), e.offsets().get(4));
        assertArrayEquals(new int[] {-1, 0, 1, 2, 3, 4, -1}, e.wordIds());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 1}, e.specialTokensMask());
        assertEquals("the dog runs fast.", small().decode(e.ids(), true));
        assertEquals("[CLS] the dog runs fast. [SEP]", small().decode(e.ids(), false));
    }

    @Test
    void addedTokensAreMatchedBeforeNormalization() {
        Tokenizer t = small();
        // [MASK] takes the spaces around it (the token string keeps them, as in the reference);
        // special-token text is matched even when special tokens are not added
        Encoding e = t.encode("the  [MASK]  dog", false);
        assertEquals(List.of("the", "  [MASK]  ", "dog"), e.tokens());
        assertArrayEquals(new int[] {4, 9, 5}, e.ids());
        assertEquals(new Offset(3, 13), e.offsets().get(1));
        // "cat" is a normalized, single-word added token: found in "CAT" but not inside "cats"
        assertEquals(List.of("cat"), t.encode("CAT", false).tokens());
        assertEquals(List.of("[UNK]"), t.encode("cats", false).tokens());
        assertEquals(12, t.tokenToId("cat")); // the next id after the model, as the reference assigns it
        assertEquals("cat", t.idToToken(12));
        assertEquals(13, t.vocabSize());
        assertEquals(12, t.vocabSize(false));
        // with special-token matching off, [MASK] is ordinary text again
        assertEquals(List.of("[UNK]", "[UNK]", "[UNK]"), t.withEncodeSpecialTokens(true).encode("[MASK]", false).tokens());
    }

    @Test
    void pairsGetTypeIds() {
        Encoding e = small().encodePair("the dog", "runs", true);
        assertEquals(List.of("[CLS]", "the", "dog", "[SEP]", "runs", "[SEP]"), e.tokens());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, e.typeIds());
        assertEquals(new Offset(0, 4), e.offsets().get(4)); // offsets of B point into B
    }

    @Test
    void truncationKeepsSpecialTokensAndOverflows() {
        Tokenizer t = small().withTruncation(new TruncationParams(5, 1, TruncationParams.Strategy.LONGEST_FIRST,
                TruncationParams.Direction.RIGHT));
        Encoding e = t.encode("the dog runs fast .", true);
        assertEquals(List.of("[CLS]", "the", "dog", "runs", "[SEP]"), e.tokens());
        assertEquals(1, e.overflowing().size());
        assertEquals(List.of("[CLS]", "runs", "fast", ".", "[SEP]"), e.overflowing().getFirst().tokens());
        Tokenizer left = small().withTruncation(new TruncationParams(4, 0, TruncationParams.Strategy.LONGEST_FIRST,
                TruncationParams.Direction.LEFT));
        assertEquals(List.of("[CLS]", "fast", ".", "[SEP]"), left.encode("the dog runs fast .", true).tokens());
        Tokenizer pairs = small().withTruncation(TruncationParams.of(7));
        Encoding p = pairs.encodePair("the dog runs fast", "a dog", true);
        assertEquals(List.of("[CLS]", "the", "dog", "[SEP]", "a", "dog", "[SEP]"), p.tokens());
        Tokenizer second = small().withTruncation(new TruncationParams(6, 0, TruncationParams.Strategy.ONLY_SECOND,
                TruncationParams.Direction.RIGHT));
        assertEquals(List.of("[CLS]", "the", "[SEP]", "a", "dog", "[SEP]"),
                second.encodePair("the", "a dog runs", true).tokens());
        assertThrows(GatunException.class, () -> second.encode("the dog runs fast .", true));
    }

    @Test
    void paddingFixedBatchLeftAndMultiple() {
        Tokenizer fixed = small().withPadding(new PaddingParams(6, PaddingParams.Direction.RIGHT, 0, 0, 0, "[PAD]"));
        Encoding e = fixed.encode("the dog", true);
        assertArrayEquals(new int[] {1, 4, 5, 2, 0, 0}, e.ids());
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0}, e.attentionMask());
        assertArrayEquals(new int[] {1, 0, 0, 1, 1, 1}, e.specialTokensMask());
        Tokenizer batch = small().withPadding(new PaddingParams(0, PaddingParams.Direction.LEFT, 4, 0, 0, "[PAD]"));
        List<Encoding> b = batch.encodeBatch(List.of("the", "the dog runs fast ."), true);
        assertEquals(8, b.get(0).length());
        assertEquals(8, b.get(1).length());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 4, 2}, b.get(0).ids());
        List<Encoding> pairs = batch.encodePairBatch(List.of("the"), List.of("dog"), true);
        assertEquals(8, pairs.getFirst().length());
    }

    @Test
    void batchesMatchSingleEncodingsAcrossThreads() throws Exception {
        Tokenizer t = Tokenizer.fromFile(GoldenTokenizerTest.resource("gpt2.tokenizer.json"));
        List<String> texts = List.of("Hello world", "naïve café", "😀 emoji", "  spaces  ", "code(x) + 1");
        List<Encoding> expected = texts.stream().map(s -> t.encode(s, true)).toList();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int k = 0; k < 4; k++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int round = 0; round < 200; round++) {
                    if (!t.encodeBatch(texts, true).equals(expected)) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(0, failures.get());
        assertEquals(List.of("Hello world", "naïve café"), t.decodeBatch(List.of(expected.get(0).ids(),
                expected.get(1).ids()), false));
    }

    @Test
    void utf16OffsetsIndexJavaStrings() {
        Tokenizer t = Tokenizer.fromFile(GoldenTokenizerTest.resource("all-minilm-l6-v2.tokenizer.json"))
                .withPadding(null);
        String text = "𠀀 dog";
        Encoding e = t.encode(text, false);
        assertEquals(new Offset(2, 5), e.offsets().get(1));
        Offset o = e.offsetsUtf16().get(1);
        assertEquals("dog", text.substring(o.start(), o.end()));
    }

    @Test
    void unsupportedComponentsFailWithTheFileName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("odd.json");
        Files.writeString(file, SMALL.replace("\"BertPreTokenizer\"", "\"UnicodeScripts\""));
        GatunException e = assertThrows(GatunException.class, () -> Tokenizer.fromFile(file));
        assertTrue(e.getMessage().contains("odd.json") && e.getMessage().contains("UnicodeScripts"), e.getMessage());
        assertThrows(GatunException.class, () -> Tokenizer.fromJson(SMALL.replace("\"1.0\"", "\"2.0\"")));
        assertThrows(GatunException.class, () -> Tokenizer.fromJson("{\"version\": \"1.0\"}"));
        assertThrows(GatunException.class, () -> Tokenizer.fromJson(SMALL.replace("\"WordPiece\", \"unk_token\"",
                "\"SentencePieceBPE\", \"unk_token\"")));
        assertThrows(GatunException.class, () -> Tokenizer.fromJson("{not json"));
    }
}
