package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;

import java.util.List;

/** Applies several pre-tokenizers in order, each to the splits the previous one left. */
public record Sequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {

    /** Copies the list, so the record stays immutable. */
    public Sequence {
        preTokenizers = List.copyOf(preTokenizers);
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        for (PreTokenizer p : preTokenizers) {
            p.preTokenize(s);
        }
    }
}
