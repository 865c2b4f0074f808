package dev.gatun.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes connectionist temporal classification output: repeated tokens collapse, the pad token
 * disappears and the word delimiter becomes a space.
 */
public record CTC(String padToken, String wordDelimiterToken, boolean cleanup) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        String previous = null;
        for (String token : tokens) {
            if (token.equals(previous)) {
                continue;
            }
            previous = token;
            String replaced = token.replace(padToken, "");
            if (cleanup) {
                replaced = WordPiece.cleanup(replaced).replace(wordDelimiterToken, " ");
            }
            if (!replaced.isEmpty()) {
                out.add(replaced);
            }
        }
        return out;
    }
}
