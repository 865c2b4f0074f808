package dev.gatun.tokenizers.decoders;

import dev.gatun.tokenizers.text.Matches;
import dev.gatun.tokenizers.text.TextPattern;

import java.util.ArrayList;
import java.util.List;

/** Replaces every match of a pattern in each token, e.g. "▁" with a space. */
public record Replace(TextPattern pattern, String content) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            Matches m = pattern.findMatches(token);
            StringBuilder b = new StringBuilder(token.length());
            for (int i = 0; i < m.size(); i++) {
                if (m.isMatch(i)) {
                    b.append(content);
                } else {
                    b.append(token, m.start(i), m.end(i));
                }
            }
            out.add(b.toString());
        }
        return out;
    }
}
