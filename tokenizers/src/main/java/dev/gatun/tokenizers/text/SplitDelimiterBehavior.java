package dev.gatun.tokenizers.text;

/**
 * What a split does with the delimiters it finds, as in {@code tokenizer.json}'s {@code behavior}.
 * With delimiter "-" on "the-final--countdown":
 * <ul>
 *   <li>{@link #REMOVED}: "the", "final", "countdown"</li>
 *   <li>{@link #ISOLATED}: "the", "-", "final", "-", "-", "countdown"</li>
 *   <li>{@link #MERGED_WITH_PREVIOUS}: "the-", "final-", "-", "countdown"</li>
 *   <li>{@link #MERGED_WITH_NEXT}: "the", "-final", "-", "-countdown"</li>
 *   <li>{@link #CONTIGUOUS}: "the", "-", "final", "--", "countdown"</li>
 * </ul>
 */
public enum SplitDelimiterBehavior {
    /** Delimiters are dropped. */
    REMOVED,
    /** Each delimiter is a piece of its own. */
    ISOLATED,
    /** A delimiter ends the piece before it. */
    MERGED_WITH_PREVIOUS,
    /** A delimiter starts the piece after it. */
    MERGED_WITH_NEXT,
    /** Runs of delimiters form one piece. */
    CONTIGUOUS;

    /** The behavior named as in {@code tokenizer.json} ("Removed", "MergedWithNext", ...), or null. */
    public static SplitDelimiterBehavior fromJsonName(String name) {
        return switch (name) {
            case "Removed" -> REMOVED;
            case "Isolated" -> ISOLATED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> null;
        };
    }

    /** The pieces a split keeps, given the pieces and match flags a pattern found. */
    Matches pieces(Matches m) {
        return switch (this) {
            case ISOLATED -> m;
            case REMOVED -> withoutMatches(m);
            case CONTIGUOUS -> mergeRuns(m, false);
            case MERGED_WITH_PREVIOUS -> mergeRuns(m, true);
            case MERGED_WITH_NEXT -> mergeWithNext(m);
        };
    }

    private static Matches withoutMatches(Matches m) {
        Matches out = new Matches(m.size());
        for (int i = 0; i < m.size(); i++) {
            if (!m.isMatch(i)) {
                out.add(m.start(i), m.end(i), false);
            }
        }
        return out;
    }

    /** Contiguous (every run of equal flags merged) or merged-with-previous (a match joins what precedes it). */
    private static Matches mergeRuns(Matches m, boolean intoPrevious) {
        Matches out = new Matches(m.size());
        boolean previousMatch = false;
        for (int i = 0; i < m.size(); i++) {
            boolean isMatch = m.isMatch(i);
            boolean merge = intoPrevious ? isMatch && !previousMatch : isMatch == previousMatch;
            if (merge && out.size() > 0) {
                out.setEnd(out.size() - 1, m.end(i));
            } else {
                out.add(m.start(i), m.end(i), false);
            }
            previousMatch = isMatch;
        }
        return out;
    }

    /** A match joins what follows it; computed right to left, as the reference does. */
    private static Matches mergeWithNext(Matches m) {
        Matches reversed = new Matches(m.size());
        boolean previousMatch = false;
        for (int i = m.size() - 1; i >= 0; i--) {
            boolean isMatch = m.isMatch(i);
            if (isMatch && !previousMatch && reversed.size() > 0) {
                reversed.setStart(reversed.size() - 1, m.start(i));
            } else {
                reversed.add(m.start(i), m.end(i), false);
            }
            previousMatch = isMatch;
        }
        Matches out = new Matches(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            out.add(reversed.start(i), reversed.end(i), false);
        }
        return out;
    }
}
