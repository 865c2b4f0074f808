package dev.gatun.tokenizers;

import dev.gatun.tokenizers.models.Model;
import dev.gatun.tokenizers.normalizers.Normalizer;
import dev.gatun.tokenizers.pretokenizers.PreTokenizer;
import dev.gatun.tokenizers.processors.PostProcessor;
import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.Token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encode steps, in the reference's order: split out added tokens, normalize, pre-tokenize, run the
 * model on each word, map offsets back to the input, truncate, post-process, pad.
 */
record EncodePipeline(AddedVocabulary addedVocabulary, Normalizer normalizer, PreTokenizer preTokenizer, Model model,
        PostProcessor postProcessor, TruncationParams truncation, PaddingParams padding, ByteLevelShortcut shortcut) {

    /** The pipeline for these components, with the byte-level shortcut where it applies. */
    EncodePipeline(AddedVocabulary addedVocabulary, Normalizer normalizer, PreTokenizer preTokenizer, Model model,
            PostProcessor postProcessor, TruncationParams truncation, PaddingParams padding) {
        this(addedVocabulary, normalizer, preTokenizer, model, postProcessor, truncation, padding,
                ByteLevelShortcut.of(addedVocabulary, normalizer, preTokenizer, model));
    }

    /** One input or pair, ready for the model: tokens, offsets, truncation, special tokens, padding. */
    Encoding encode(String text, String pair, boolean addSpecialTokens) {
        Encoding first = encodeSequence(text, 0);
        Encoding second = pair == null ? null : encodeSequence(pair, 1);
        return postProcess(first, second, addSpecialTokens);
    }

    /** The tokens of one sequence, before truncation and special tokens. */
    Encoding encodeSequence(String sequence, int typeId) {
        if (shortcut != null && truncation == null) {
            Encoding fast = shortcut.encode(sequence, typeId);
            if (fast != null) {
                return fast;
            }
        }
        return encodeSequenceInFull(sequence, typeId);
    }

    /** {@link #encodeSequence} through every general step; the reference the shortcut is checked against. */
    Encoding encodeSequenceInFull(String sequence, int typeId) {
        PreTokenizedString pre = addedVocabulary.extractAndNormalize(normalizer, sequence);
        if (preTokenizer != null) {
            preTokenizer.preTokenize(pre);
        }
        boolean limit = truncation != null
                && (truncation.strategy() != TruncationParams.Strategy.ONLY_SECOND || typeId != 0);
        if (limit) {
            pre.tokenizeWithLimit(model::tokenize, truncation.maxLength(),
                    truncation.direction() == TruncationParams.Direction.LEFT);
        } else {
            pre.tokenize(model::tokenize);
        }
        return toEncoding(pre, typeId);
    }

    /** Collects the tokens of all splits; each split is one word, offsets go back to the input. */
    private static Encoding toEncoding(PreTokenizedString pre, int typeId) {
        List<PreTokenizedString.Split> splits = pre.splits();
        if (splits.isEmpty()) {
            return Encoding.empty();
        }
        int n = 0;
        for (PreTokenizedString.Split s : splits) {
            n += s.tokens().size();
        }
        CodePointOffsets converter = new CodePointOffsets(pre.original());
        int[] ids = new int[n];
        int[] words = new int[n];
        List<String> tokens = new ArrayList<>(n);
        int[] starts = new int[n];
        int[] ends = new int[n];
        int[] starts16 = new int[n];
        int[] ends16 = new int[n];
        int k = 0;
        for (int word = 0; word < splits.size(); word++) {
            NormalizedString normalized = splits.get(word).normalized();
            for (Token t : splits.get(word).tokens()) {
                int start = normalized.inputStart(t.start(), t.end());
                int end = normalized.inputEnd(t.start(), t.end());
                if (start < 0) {
                    // the reference keeps the model's offsets when they cannot be mapped
                    start = t.start();
                    end = t.end();
                }
                ids[k] = t.id();
                words[k] = word;
                tokens.add(t.value());
                converter.convert(start, end, starts, ends, k);
                starts16[k] = start;
                ends16[k] = end;
                k++;
            }
        }
        int[] types = new int[n];
        Arrays.fill(types, typeId);
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        return new Encoding(ids, tokens, new OffsetList(starts, ends), new OffsetList(starts16, ends16), types,
                new int[n], ones, words, new int[n], List.of());
    }

    /** Truncation, special tokens, then padding of the single result. */
    Encoding postProcess(Encoding encoding, Encoding pair, boolean addSpecialTokens) {
        Encoding[] truncated = {encoding, pair};
        if (truncation != null) {
            int added = postProcessor == null ? 0 : postProcessor.addedTokens(pair != null);
            TruncationParams params = truncation;
            if (addSpecialTokens && added > 0) {
                params = new TruncationParams(Math.max(0, truncation.maxLength() - added), truncation.stride(),
                        truncation.strategy(), truncation.direction());
            }
            truncated = Truncation.truncate(encoding, pair, params);
        }
        Encoding result;
        if (postProcessor != null) {
            result = postProcessor.process(truncated[0], truncated[1], addSpecialTokens);
        } else if (truncated[1] == null) {
            result = truncated[0];
        } else {
            result = truncated[0].withSequenceId(0).mergeWith(truncated[1].withSequenceId(1), false);
        }
        if (padding != null) {
            result = Padding.pad(List.of(result), padding).getFirst();
        }
        return result;
    }
}
