package dev.gatun.tokenizers.processors;

import dev.gatun.tokenizers.Encoding;

import java.util.List;

/** Applies several post-processors in order. */
public record Sequence(List<PostProcessor> processors) implements PostProcessor {

    /** Copies the list, so the record stays immutable. */
    public Sequence {
        processors = List.copyOf(processors);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (PostProcessor p : processors) {
            n += p.addedTokens(isPair);
        }
        return n;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Encoding> current = encodings;
        for (PostProcessor p : processors) {
            current = p.processEncodings(current, addSpecialTokens);
        }
        return current;
    }
}
