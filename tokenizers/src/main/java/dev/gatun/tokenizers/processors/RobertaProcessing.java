package dev.gatun.tokenizers.processors;

import dev.gatun.tokenizers.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * RoBERTa's framing: {@code <s> A </s>} and {@code <s> A </s></s> B </s>}, all type ids 0, with
 * ByteLevel's offset trimming when {@code trimOffsets}.
 */
public record RobertaProcessing(String sep, int sepId, String cls, int clsId, boolean trimOffsets,
        boolean addPrefixSpace) implements PostProcessor {

    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 4 : 2;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Encoding> zeroed = new ArrayList<>(encodings.size());
        for (Encoding e : encodings) {
            Encoding t = trimOffsets ? ByteLevel.trimOffsets(e, addPrefixSpace) : e;
            zeroed.add(t.withTypeId(0));
        }
        if (!addSpecialTokens) {
            return zeroed;
        }
        List<Encoding> out = new ArrayList<>(zeroed.size());
        for (int i = 0; i < zeroed.size(); i++) {
            Encoding e = zeroed.get(i);
            Encoding first = i == 0 ? SpecialTokens.of(clsId, cls, 0) : SpecialTokens.of(sepId, sep, 0);
            out.add(SpecialTokens.wrap(first, zeroWindows(e), SpecialTokens.of(sepId, sep, 0)));
        }
        return out;
    }

    private static Encoding zeroWindows(Encoding e) {
        List<Encoding> windows = new ArrayList<>(e.overflowing().size());
        for (Encoding w : e.overflowing()) {
            windows.add(w.withTypeId(0));
        }
        return e.withOverflowing(windows);
    }
}
