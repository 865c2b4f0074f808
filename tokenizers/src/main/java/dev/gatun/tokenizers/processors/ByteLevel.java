package dev.gatun.tokenizers.processors;

import dev.gatun.tokenizers.Encoding;
import dev.gatun.tokenizers.Offset;
import dev.gatun.tokenizers.unicode.CharClasses;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's post-processor: adds no tokens; with {@code trimOffsets} it shrinks each token's offsets so
 * they exclude the spaces ({@code Ġ}) the token starts or ends with.
 */
public record ByteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements PostProcessor {
    private static final int SPACE_CHAR = 'Ġ';

    @Override
    public int addedTokens(boolean isPair) {
        return 0;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Encoding> out = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            Encoding e = encodings.get(i);
            out.add((trimOffsets ? trimOffsets(e, addPrefixSpace) : e).withSequenceId(i));
        }
        return out;
    }

    /**
     * Moves offsets past leading and before trailing spaces of each token (and its overflowing windows).
     * A single leading space of the first token is kept when the pre-tokenizer added it.
     */
    static Encoding trimOffsets(Encoding e, boolean addPrefixSpace) {
        List<Encoding> windows = new ArrayList<>(e.overflowing().size());
        for (Encoding w : e.overflowing()) {
            windows.add(trimOffsets(w, addPrefixSpace));
        }
        List<Offset> offsets = new ArrayList<>(e.length());
        List<Offset> offsets16 = new ArrayList<>(e.length());
        for (int i = 0; i < e.length(); i++) {
            String token = e.tokens().get(i);
            int leading = countSpaces(token, true);
            int trailing = countSpaces(token, false);
            offsets.add(trim(e.offsets().get(i), i, leading, trailing, addPrefixSpace));
            offsets16.add(trim(e.offsetsUtf16().get(i), i, leading, trailing, addPrefixSpace));
        }
        return e.withOffsets(offsets, offsets16).withOverflowing(windows);
    }

    private static Offset trim(Offset o, int index, int leading, int trailing, boolean addPrefixSpace) {
        int start = o.start();
        int end = o.end();
        if (leading > 0) {
            boolean first = index == 0 || start == 0;
            if (first && addPrefixSpace && leading == 1) {
                leading = 0;
            }
            start = Math.min(start + leading, end);
        }
        if (trailing > 0 && end >= trailing) {
            end = Math.max(end - trailing, start);
        }
        return start == o.start() && end == o.end() ? o : new Offset(start, end);
    }

    private static int countSpaces(String token, boolean leading) {
        int count = 0;
        if (leading) {
            for (int i = 0; i < token.length(); ) {
                int cp = token.codePointAt(i);
                if (cp != SPACE_CHAR && !CharClasses.isWhitespace(cp)) {
                    break;
                }
                count++;
                i += Character.charCount(cp);
            }
        } else {
            for (int i = token.length(); i > 0; ) {
                int cp = token.codePointBefore(i);
                if (cp != SPACE_CHAR && !CharClasses.isWhitespace(cp)) {
                    break;
                }
                count++;
                i -= Character.charCount(cp);
            }
        }
        return count;
    }
}
