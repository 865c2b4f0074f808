package dev.gatun.tokenizers.text;

import dev.gatun.tokenizers.unicode.CharClasses;
import dev.gatun.tokenizers.unicode.CharEdits;
import dev.gatun.tokenizers.unicode.UnicodeForms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A string being normalized, together with the alignment of every normalized UTF-16 unit to the range
 * of the original text it came from. Offsets of tokens are mapped back to the input through it.
 *
 * <p>This mirrors {@code NormalizedString} of the reference implementation unit for unit (it counts
 * UTF-8 bytes where this class counts UTF-16 units; both units of a surrogate pair always share one
 * alignment, as all bytes of a character do there, so the mapped offsets agree). Its quirks are kept on
 * purpose: an inserted character takes the alignment of the character before it, and an insertion at
 * the very start aligns to the empty range (0, 0).
 *
 * <p>Instances are mutable and confined to one encode call.
 */
public final class NormalizedString {
    /** The text the original ranges refer to; this piece's original is a range of it. */
    private final String root;
    /** Where this piece's original starts in {@link #root}: its position in the pipeline's input. */
    private final int originalShift;
    private final int originalLength;
    private String normalized;
    /**
     * (start, end) into the original for each unit of {@link #normalized}, flattened, read through a
     * window so slices share their parent's array: unit i is at {@code alignBase + i} and values are
     * lowered by {@code alignShift}. Rewrites build a fresh array.
     */
    private int[] align;
    private int alignBase;
    private int alignShift;

    private NormalizedString(String root, int originalShift, int originalLength, String normalized, int[] align,
            int alignBase, int alignShift) {
        this.root = root;
        this.originalShift = originalShift;
        this.originalLength = originalLength;
        this.normalized = normalized;
        this.align = align;
        this.alignBase = alignBase;
        this.alignShift = alignShift;
    }

    /** A string not yet normalized: every unit aligned to its own character. */
    public static NormalizedString from(String s) {
        int[] align = new int[2 * s.length()];
        for (int i = 0; i < s.length(); ) {
            int n = Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
            for (int k = 0; k < n; k++) {
                align[2 * (i + k)] = i;
                align[2 * (i + k) + 1] = i + n;
            }
            i += n;
        }
        return new NormalizedString(s, 0, s.length(), s, align, 0, 0);
    }

    /** The normalized text. */
    public String get() {
        return normalized;
    }

    /** The original text this piece covers. */
    public String original() {
        return root.substring(originalShift, originalShift + originalLength);
    }

    /** The length of the normalized text in UTF-16 units. */
    public int length() {
        return normalized.length();
    }

    /** Whether the normalized text is empty. */
    public boolean isEmpty() {
        return normalized.isEmpty();
    }

    /** The range this piece covers in the pipeline's input, as {start, end}. */
    public int[] offsetsOriginal() {
        return new int[] {originalShift, originalShift + originalLength};
    }

    /** The start of this piece in the pipeline's input. */
    public int originalShift() {
        return originalShift;
    }

    /** The original start aligned with normalized unit {@code i}. */
    private int alignStart(int i) {
        return align[2 * (alignBase + i)] - alignShift;
    }

    /** The original end aligned with normalized unit {@code i}. */
    private int alignEnd(int i) {
        return align[2 * (alignBase + i) + 1] - alignShift;
    }

    // ---- offset conversion ------------------------------------------------------------------------

    /**
     * Maps the normalized range [start, end) to the original range it came from, or returns null when
     * the range is out of bounds. An empty range is returned unchanged, as the reference does.
     */
    public int[] normalizedToOriginal(int start, int end) {
        if (start == end) {
            return new int[] {start, end};
        }
        if (start > end || end > normalized.length()) {
            return null;
        }
        return new int[] {alignStart(start), alignEnd(end - 1)};
    }

    /**
     * The input position where the normalized range [start, end) starts, or -1 when the range cannot
     * be mapped; with {@link #inputEnd} the allocation-free form of {@link #normalizedToOriginal}
     * shifted into the pipeline's input.
     */
    public int inputStart(int start, int end) {
        if (start == end) {
            return originalShift + start;
        }
        return start > end || end > normalized.length() ? -1 : originalShift + alignStart(start);
    }

    /** The input position where the normalized range [start, end) ends; see {@link #inputStart}. */
    public int inputEnd(int start, int end) {
        if (start == end) {
            return originalShift + end;
        }
        return start > end || end > normalized.length() ? -1 : originalShift + alignEnd(end - 1);
    }

    /**
     * Maps the original range [start, end) to the normalized range that covers it, or null. Characters
     * aligned to an empty original range never start the result, as in the reference.
     */
    public int[] originalToNormalized(int start, int end) {
        if (start == end) {
            return new int[] {start, end};
        }
        if (start > end) {
            return null;
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < normalized.length(); i++) {
            int a0 = alignStart(i);
            int a1 = alignEnd(i);
            if (end < a1) {
                break;
            }
            if (first < 0 && start <= a0 && a0 != a1) {
                first = i;
            }
            last = i + 1;
        }
        if (first >= 0 && last >= 0) {
            return new int[] {first, last};
        }
        if (first >= 0) {
            return new int[] {first, first};
        }
        if (last >= 0) {
            return new int[] {last, last};
        }
        return null;
    }

    // ---- slicing and splitting --------------------------------------------------------------------

    /** The piece covering normalized units [start, end), with its own original text and alignments. */
    public NormalizedString slice(int start, int end) {
        int[] originalRange = normalizedToOriginal(start, end);
        int shift = originalRange[0];
        // An empty piece keeps the numbers of its normalized range, as the reference; its text may not exist.
        int length = originalRange[0] <= originalRange[1] && originalRange[1] <= originalLength
                ? originalRange[1] - originalRange[0] : 0;
        return new NormalizedString(root, originalShift + shift, length, normalized.substring(start, end), align,
                alignBase + start, alignShift + shift);
    }

    /** Splits on {@code pattern}, treating the delimiters according to {@code behavior}. */
    public List<NormalizedString> split(TextPattern pattern, SplitDelimiterBehavior behavior) {
        Matches pieces = behavior.pieces(pattern.findMatches(normalized));
        List<NormalizedString> out = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            out.add(slice(pieces.start(i), pieces.end(i)));
        }
        return out;
    }

    // ---- the one primitive every rewrite goes through ---------------------------------------------

    /**
     * Rewrites the normalized units [start, end) with {@code edits}, skipping the first
     * {@code initialOffset} characters of the range (they are removed). See {@link CharEdits} for what
     * each change means for the alignments.
     */
    public void transformRange(int start, int end, CharEdits edits, int initialOffset) {
        if (initialOffset == 0 && replacesCharForChar(start, end, edits)) {
            // Every character replaced by one of the same length: the alignments stay as they are.
            StringBuilder out = new StringBuilder(normalized.length());
            out.append(normalized, 0, start);
            for (int e = 0; e < edits.size(); e++) {
                out.appendCodePoint(edits.codePoint(e));
            }
            out.append(normalized, end, normalized.length());
            normalized = out.toString();
            return;
        }
        int cursor = start;
        for (int k = 0; k < initialOffset && cursor < end; k++) {
            cursor += Character.charCount(normalized.codePointAt(cursor));
        }
        int offset = cursor;
        StringBuilder out = new StringBuilder(edits.size() + 4);
        int[] added = new int[2 * (edits.size() + 4)];
        int n = 0;
        for (int e = 0; e < edits.size(); e++) {
            int cp = edits.codePoint(e);
            int change = edits.change(e);
            int a0;
            int a1;
            if (change > 0) {
                a0 = offset < 1 ? 0 : alignStart(offset - 1);
                a1 = offset < 1 ? 0 : alignEnd(offset - 1);
            } else {
                a0 = alignStart(offset);
                a1 = alignEnd(offset);
            }
            if (change <= 0 && cursor < end) {
                int size = Character.charCount(normalized.codePointAt(cursor));
                cursor += size;
                offset += size;
            }
            for (int k = 0; k < -change && cursor < end; k++) {
                int size = Character.charCount(normalized.codePointAt(cursor));
                cursor += size;
                offset += size;
            }
            int units = Character.charCount(cp);
            if (2 * (n + units) > added.length) {
                added = Arrays.copyOf(added, 2 * added.length + 4);
            }
            for (int k = 0; k < units; k++) {
                added[2 * n] = a0;
                added[2 * n + 1] = a1;
                n++;
            }
            out.appendCodePoint(cp);
        }
        int total = normalized.length() - (end - start) + n;
        int[] merged = new int[2 * total];
        copyAlignments(0, start, merged, 0);
        System.arraycopy(added, 0, merged, 2 * start, 2 * n);
        copyAlignments(end, normalized.length(), merged, start + n);
        setAlignments(merged);
        normalized = normalized.substring(0, start) + out + normalized.substring(end);
    }

    /** Copies the alignments of units [from, to) into {@code dest} at unit {@code at}, unshifted. */
    private void copyAlignments(int from, int to, int[] dest, int at) {
        for (int i = from; i < to; i++) {
            dest[2 * (at + i - from)] = alignStart(i);
            dest[2 * (at + i - from) + 1] = alignEnd(i);
        }
    }

    private void setAlignments(int[] fresh) {
        align = fresh;
        alignBase = 0;
        alignShift = 0;
    }

    /**
     * Replaces every unit of the normalized text with the unit at the same index of {@code replacement},
     * keeping the alignments. For rewrites that map each BMP character to one BMP character. Returns
     * false (and changes nothing) when the reference would rewrite only part of the string because
     * its first characters are aligned to nothing.
     */
    boolean replaceUnits(String replacement) {
        if (replacement.length() != normalized.length()
                || (!normalized.isEmpty() && alignStart(0) == alignEnd(0) && originalLength > 0)) {
            return false;
        }
        normalized = replacement;
        return true;
    }

    /** Whether {@code edits} replace the characters of [start, end) one by one with equally long ones. */
    private boolean replacesCharForChar(int start, int end, CharEdits edits) {
        int cursor = start;
        for (int e = 0; e < edits.size(); e++) {
            if (edits.change(e) != 0 || cursor >= end) {
                return false;
            }
            int units = Character.charCount(normalized.codePointAt(cursor));
            if (units != Character.charCount(edits.codePoint(e))) {
                return false;
            }
            cursor += units;
        }
        return cursor == end;
    }

    /** Rewrites the whole string; the range is found through the original text, as the reference does. */
    public void transform(CharEdits edits, int initialOffset) {
        // originalToNormalized(0, original.length()), computed directly: every unit is inside the
        // original, so the range runs from the first unit with a non-empty alignment to the end.
        if (originalLength == 0) {
            transformRange(0, 0, edits, initialOffset);
            return;
        }
        int n = normalized.length();
        int first = 0;
        while (first < n && alignStart(first) == alignEnd(first)) {
            first++;
        }
        if (n == 0) {
            return;
        }
        transformRange(first, n, edits, initialOffset);
    }

    // ---- rewrites built on transform --------------------------------------------------------------

    /** Keeps only the code points accepted by {@code keep}. */
    public void filter(IntPredicate keep) {
        boolean removesAny = false;
        for (int i = 0; i < normalized.length() && !removesAny; ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            removesAny = !keep.test(cp);
        }
        if (!removesAny) {
            return; // keeping everything is the identity, alignments included
        }
        CharEdits edits = new CharEdits(normalized.length());
        int removed = 0;
        int removedStart = 0;
        int lastCp = -1;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (keep.test(cp)) {
                if (lastCp >= 0) {
                    edits.add(lastCp, -removed);
                } else {
                    removedStart = removed;
                }
                lastCp = cp;
                removed = 0;
            } else {
                removed++;
            }
        }
        if (lastCp >= 0) {
            edits.add(lastCp, -removed);
        }
        transform(edits, removedStart);
    }

    /** Replaces every code point by {@code map(cp)}. */
    public void map(IntUnaryOperator map) {
        boolean changesAny = false;
        for (int i = 0; i < normalized.length() && !changesAny; ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            changesAny = map.applyAsInt(cp) != cp;
        }
        if (!changesAny) {
            return;
        }
        CharEdits edits = new CharEdits(normalized.length());
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            edits.add(map.applyAsInt(cp), 0);
        }
        transform(edits, 0);
    }

    /** Lowercases per code point ({@link CharClasses#toLowercase}). */
    public void lowercase() {
        boolean changes = false;
        for (int i = 0; i < normalized.length() && !changes; ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            changes = cp == 0x130 || Character.toLowerCase(cp) != cp;
        }
        if (!changes) {
            return;
        }
        CharEdits edits = new CharEdits(normalized.length() + 4);
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            int[] lower = CharClasses.toLowercase(cp);
            for (int k = 0; k < lower.length; k++) {
                edits.add(lower[k], k > 0 ? 1 : 0);
            }
        }
        transform(edits, 0);
    }

    /** Applies a Unicode normalization form. */
    public void normalize(UnicodeForms.Form form) {
        if (UnicodeForms.isNormalized(normalized, form)) {
            return;
        }
        transform(UnicodeForms.normalize(normalized, form), 0);
    }

    /** Puts {@code s} in front; it aligns with the first character. Does nothing on an empty string. */
    public void prepend(String s) {
        if (normalized.isEmpty()) {
            return;
        }
        int first = normalized.codePointAt(0);
        CharEdits edits = new CharEdits(s.length() + 1);
        int k = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            edits.add(cp, k++ == 0 ? 0 : 1);
        }
        edits.add(first, 1);
        transformRange(0, Character.charCount(first), edits, 0);
    }

    /** Appends {@code s}; it aligns with the last character. */
    public void append(String s) {
        CharEdits edits = new CharEdits(s.length() + 1);
        int start = 0;
        if (!normalized.isEmpty()) {
            int last = normalized.codePointBefore(normalized.length());
            start = normalized.length() - Character.charCount(last);
            edits.add(last, 0);
        }
        s.codePoints().forEach(cp -> edits.add(cp, 1));
        transformRange(start, normalized.length(), edits, 0);
    }

    /** Replaces every match of {@code pattern} with {@code content}. */
    public void replace(TextPattern pattern, String content) {
        Matches m = pattern.findMatches(normalized);
        boolean any = false;
        for (int i = 0; i < m.size() && !any; i++) {
            any = m.isMatch(i);
        }
        if (!any) {
            return;
        }
        StringBuilder out = new StringBuilder(normalized.length());
        int[] fresh = new int[2 * normalized.length() + 16];
        int n = 0;
        int lastEnd = 0;
        for (int i = 0; i < m.size(); i++) {
            if (!m.isMatch(i)) {
                continue;
            }
            int start = m.start(i);
            int end = m.end(i);
            out.append(normalized, lastEnd, start);
            fresh = ensure(fresh, 2 * (n + (start - lastEnd) + content.length()));
            copyAlignments(lastEnd, start, fresh, n);
            n += start - lastEnd;
            // Every replacement character is an insertion after the whole match.
            int a0 = end < 1 ? 0 : alignStart(end - 1);
            int a1 = end < 1 ? 0 : alignEnd(end - 1);
            for (int k = 0; k < content.length(); k++) {
                fresh[2 * n] = a0;
                fresh[2 * n + 1] = a1;
                n++;
            }
            out.append(content);
            lastEnd = end;
        }
        out.append(normalized, lastEnd, normalized.length());
        fresh = ensure(fresh, 2 * (n + normalized.length() - lastEnd));
        copyAlignments(lastEnd, normalized.length(), fresh, n);
        n += normalized.length() - lastEnd;
        normalized = out.toString();
        setAlignments(Arrays.copyOf(fresh, 2 * n));
    }

    private static int[] ensure(int[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, 2 * a.length));
    }

    /** Removes leading and/or trailing whitespace. */
    public void strip(boolean left, boolean right) {
        int leading = 0;
        int trailing = 0;
        int count = normalized.codePointCount(0, normalized.length());
        if (left) {
            for (int i = 0; i < normalized.length(); ) {
                int cp = normalized.codePointAt(i);
                if (!CharClasses.isWhitespace(cp)) {
                    break;
                }
                leading++;
                i += Character.charCount(cp);
            }
        }
        if (right) {
            for (int i = normalized.length(); i > 0 && trailing < count - leading; ) {
                int cp = normalized.codePointBefore(i);
                if (!CharClasses.isWhitespace(cp)) {
                    break;
                }
                trailing++;
                i -= Character.charCount(cp);
            }
        }
        if (leading == 0 && trailing == 0) {
            return;
        }
        CharEdits edits = new CharEdits(count);
        int index = 0;
        for (int i = 0; i < normalized.length(); index++) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (index < leading || index >= count - trailing) {
                continue;
            }
            edits.add(cp, index == count - trailing - 1 ? -trailing : 0);
        }
        transform(edits, leading);
    }
}
