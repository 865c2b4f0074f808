package dev.gatun.tokenizers.processors;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tokenizers.Encoding;
import dev.gatun.tokenizers.Offset;
import dev.gatun.tokenizers.json.ComponentConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Special tokens, type ids and offset trimming added after the model. */
class PostProcessorsTest {

    private static Encoding tokens(String... tokens) {
        int n = tokens.length;
        int[] ids = new int[n];
        int[] words = new int[n];
        List<Offset> offsets = new ArrayList<>();
        int pos = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = 10 + i;
            words[i] = i;
            offsets.add(new Offset(pos, pos + tokens[i].length()));
            pos += tokens[i].length();
        }
        int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        return new Encoding(ids, List.of(tokens), offsets, offsets, new int[n], new int[n], ones, words, new int[n],
                List.of());
    }

    @Test
    void templateFramesSingleAndPair() {
        PostProcessor p = read("""
                {"type": "TemplateProcessing",
                 "single": ["[CLS]", "$A", "[SEP]"],
                 "pair": ["[CLS]", "$A", "[SEP]", "$B:1", "[SEP]:1"],
                 "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                                    "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}}""");
        assertEquals(2, p.addedTokens(false));
        assertEquals(3, p.addedTokens(true));
        Encoding single = p.process(tokens("a", "b"), null, true);
        assertArrayEquals(new int[] {1, 10, 11, 2}, single.ids());
        assertArrayEquals(new int[] {1, 0, 0, 1}, single.specialTokensMask());
        assertArrayEquals(new int[] {-1, 0, 1, -1}, single.wordIds());
        Encoding pair = p.process(tokens("a"), tokens("c", "d"), true);
        assertArrayEquals(new int[] {1, 10, 2, 10, 11, 2}, pair.ids());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, pair.typeIds());
        assertArrayEquals(new int[] {-1, 0, -1, 1, 1, -1}, pair.sequenceIds());
        Encoding plain = p.process(tokens("a"), tokens("c"), false);
        assertArrayEquals(new int[] {10, 10}, plain.ids());
        assertArrayEquals(new int[] {0, 1}, plain.typeIds());
    }

    @Test
    void bertAndRoberta() {
        BertProcessing bert = new BertProcessing("[SEP]", 102, "[CLS]", 101);
        Encoding e = bert.process(tokens("a"), tokens("b"), true);
        assertEquals(List.of("[CLS]", "a", "[SEP]", "b", "[SEP]"), e.tokens());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, e.typeIds());
        RobertaProcessing roberta = new RobertaProcessing("</s>", 2, "<s>", 0, true, false);
        Encoding r = roberta.process(tokens("Ġa"), tokens("Ġb"), true);
        assertEquals(List.of("<s>", "Ġa", "</s>", "</s>", "Ġb", "</s>"), r.tokens());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, r.typeIds());
        assertEquals(new Offset(1, 2), r.offsets().get(1)); // the leading space is trimmed off
    }

    @Test
    void byteLevelTrimsSpacesFromOffsets() {
        ByteLevel trim = new ByteLevel(true, true, true);
        Encoding e = trim.process(tokens("Ġhello", "ĠĠ", "x"), null, true);
        assertEquals(List.of(new Offset(0, 6), new Offset(8, 8), new Offset(8, 9)), e.offsets());
        Encoding untouched = new ByteLevel(true, false, true).process(tokens("Ġhello"), null, true);
        assertEquals(List.of(new Offset(0, 6)), untouched.offsets());
    }

    @Test
    void factoryValidates() {
        GatunException missing = assertThrows(GatunException.class, () -> read("""
                {"type": "TemplateProcessing", "single": ["[X]", "$A"], "pair": ["$A", "$B"], "special_tokens": {}}"""));
        assertTrue(missing.getMessage().contains("[X]"), missing.getMessage());
        GatunException unknown = assertThrows(GatunException.class, () -> read("{\"type\":\"Mystery\"}"));
        assertTrue(unknown.getMessage().contains("Mystery"), unknown.getMessage());
        assertEquals(new BertProcessing("[SEP]", 102, "[CLS]", 101),
                read("{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",102],\"cls\":[\"[CLS]\",101]}"));
    }

    private static PostProcessor read(String json) {
        return PostProcessors.fromJson(ComponentConfig.of(Json.parse(json), "post_processor", "test.json"));
    }
}
