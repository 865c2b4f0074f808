package dev.gatun.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins WordPiece tokens: a continuation ({@code ##ing}) attaches to the previous token, others get a
 * space; with {@code cleanup}, spaces before punctuation and in English contractions are removed.
 */
public record WordPiece(String prefix, boolean cleanup) implements Decoder {

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i != 0) {
                token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
            }
            out.add(cleanup ? cleanup(token) : token);
        }
        return out;
    }

    /** The reference's tokenization-space cleanup, applied per token. */
    static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }
}
