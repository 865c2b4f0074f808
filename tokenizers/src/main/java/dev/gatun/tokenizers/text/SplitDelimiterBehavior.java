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
    REMOVED,
    ISOLATED,
    MERGED_WITH_PREVIOUS,
    MERGED_WITH_NEXT,
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
}
