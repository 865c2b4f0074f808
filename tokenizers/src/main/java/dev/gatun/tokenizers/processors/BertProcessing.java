package dev.gatun.tokenizers.processors;

import dev.gatun.tokenizers.Encoding;

import java.util.ArrayList;
import java.util.List;

/** BERT's framing: {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]}, B with type id 1. */
public record BertProcessing(String sep, int sepId, String cls, int clsId) implements PostProcessor {

    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 3 : 2;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        if (!addSpecialTokens) {
            return encodings;
        }
        List<Encoding> out = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            Encoding e = encodings.get(i);
            if (i == 0) {
                out.add(SpecialTokens.wrap(SpecialTokens.of(clsId, cls, 0), e, SpecialTokens.of(sepId, sep, 0)));
            } else {
                out.add(SpecialTokens.wrap(null, e, SpecialTokens.of(sepId, sep, 1)));
            }
        }
        return out;
    }
}
