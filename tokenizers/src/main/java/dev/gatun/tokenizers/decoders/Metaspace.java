package dev.gatun.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code replacement} ("▁") back into spaces; the one starting the first token is dropped
 * unless the pre-tokenizer never prepends it.
 */
public record Metaspace(int replacement, boolean prependsReplacement) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            StringBuilder b = new StringBuilder(token.length());
            for (int k = 0; k < token.length(); ) {
                int cp = token.codePointAt(k);
                k += Character.charCount(cp);
                if (cp != replacement) {
                    b.appendCodePoint(cp);
                } else if (i != 0 || !prependsReplacement) {
                    b.append(' ');
                }
            }
            out.add(b.toString());
        }
        return out;
    }
}
