package dev.gatun.tokenizers.text;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What splits and replacements look for in a string: a regular expression, a character predicate, or
 * the inverse of either. {@link #findMatches} cuts a string into consecutive pieces, each flagged as a
 * match or not, which is all {@code split} and {@code replace} need.
 */
public sealed interface TextPattern permits TextPattern.Regex, TextPattern.Scanned, TextPattern.Chars,
        TextPattern.Inverted {

    /**
     * Cuts {@code s} into consecutive, non-overlapping pieces covering it, each flagged as a match.
     * An empty string gives one empty non-matching piece.
     */
    Matches findMatches(String s);

    /** A regular expression. Empty matches touching the previous match are skipped, as Oniguruma does. */
    record Regex(Pattern pattern) implements TextPattern {
        @Override
        public Matches findMatches(String s) {
            Matches out = new Matches(8);
            if (s.isEmpty()) {
                out.add(0, 0, false);
                return out;
            }
            Matcher m = pattern.matcher(s);
            int prev = 0;
            int searchFrom = 0;
            int lastMatchEnd = -1;
            while (searchFrom <= s.length() && m.find(searchFrom)) {
                int start = m.start();
                int end = m.end();
                if (start == end && end == lastMatchEnd) {
                    searchFrom = end < s.length() ? end + Character.charCount(s.codePointAt(end)) : end + 1;
                    continue;
                }
                searchFrom = end;
                lastMatchEnd = end;
                if (prev != start) {
                    out.add(prev, start, false);
                }
                out.add(start, end, true);
                prev = end;
            }
            if (prev != s.length()) {
                out.add(prev, s.length(), false);
            }
            return out;
        }
    }

    /**
     * A regular expression that matches at every position, implemented by a hand-written
     * {@link WordScanners.Scanner}: the text is cut into consecutive matches.
     */
    record Scanned(WordScanners.Scanner scanner) implements TextPattern {
        @Override
        public Matches findMatches(String s) {
            Matches out = new Matches(Math.max(4, s.length() / 4));
            if (s.isEmpty()) {
                out.add(0, 0, false);
                return out;
            }
            for (int i = 0; i < s.length(); ) {
                int end = scanner.matchEnd(s, i);
                out.add(i, end, true);
                i = end;
            }
            return out;
        }
    }

    /** Every code point accepted by the predicate is a one-character match. */
    record Chars(IntPredicate predicate) implements TextPattern {
        @Override
        public Matches findMatches(String s) {
            Matches out = new Matches(8);
            if (s.isEmpty()) {
                out.add(0, 0, false);
                return out;
            }
            int lastOffset = 0;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (predicate.test(cp)) {
                    if (lastOffset < i) {
                        out.add(lastOffset, i, false);
                    }
                    out.add(i, next, true);
                    lastOffset = next;
                }
                i = next;
            }
            if (s.length() > lastOffset) {
                out.add(lastOffset, s.length(), false);
            }
            return out;
        }
    }

    /** The same pieces with the match flags flipped. */
    record Inverted(TextPattern inner) implements TextPattern {
        @Override
        public Matches findMatches(String s) {
            Matches m = inner.findMatches(s);
            m.invert();
            return m;
        }
    }
}
