package dev.gatun.tokenizers.unicode;

import java.text.Normalizer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unicode normalization (NFC, NFD, NFKC, NFKD) that also reports, per output character, how it aligns
 * with the input: the (code point, change) edits of {@link CharEdits}.
 *
 * <p>The output text is what {@link Normalizer} produces. The changes follow the streaming algorithm of
 * the reference implementation: each input character is decomposed (its first output character gets
 * change 0, the others +1), runs of non-starters are stably sorted by combining class, and composition
 * of a starter with a following character adds the two changes minus one. Where text is already
 * normalized the result is the identity and no edits are computed.
 *
 * <p>The JDK does not expose canonical combining classes, so they are compared by asking the normalizer
 * itself: two non-starters {@code a, b} satisfy {@code ccc(a) > ccc(b)} exactly when NFD reorders
 * {@code a b}. Answers are cached; the caches only ever grow and are safe for concurrent use.
 */
public final class UnicodeForms {

    /** The four normalization forms. */
    public enum Form {
        /** Canonical decomposition, then canonical composition. */
        NFC(Normalizer.Form.NFC, true, false),
        /** Canonical decomposition. */
        NFD(Normalizer.Form.NFD, false, false),
        /** Compatibility decomposition, then canonical composition. */
        NFKC(Normalizer.Form.NFKC, true, true),
        /** Compatibility decomposition. */
        NFKD(Normalizer.Form.NFKD, false, true);

        final Normalizer.Form jdk;
        final boolean composed;
        final boolean compatibility;

        Form(Normalizer.Form jdk, boolean composed, boolean compatibility) {
            this.jdk = jdk;
            this.composed = composed;
            this.compatibility = compatibility;
        }
    }

    // Combining classes used as probes: U+0334 has class 1 and U+0345 class 240, the two extremes.
    private static final int LOWEST_CLASS_MARK = 0x334;
    private static final int HIGHEST_CLASS_MARK = 0x345;
    private static final int NO_COMPOSITION = -1;
    private static final int CACHE_LIMIT = 100_000;

    private static final ConcurrentHashMap<Integer, Boolean> STARTERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, Boolean> REORDERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, Integer> COMPOSITIONS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, int[]> CANONICAL = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, int[]> COMPATIBLE = new ConcurrentHashMap<>();

    private UnicodeForms() {
    }

    /** Whether {@code text} is already in {@code form}, so normalizing it changes nothing. */
    public static boolean isNormalized(CharSequence text, Form form) {
        return Normalizer.isNormalized(text, form.jdk);
    }

    /** The edits that turn {@code text} into its {@code form}. */
    public static CharEdits normalize(CharSequence text, Form form) {
        CharEdits decomposed = decompose(text, form.compatibility);
        return form.composed ? recompose(decomposed) : decomposed;
    }

    private static CharEdits decompose(CharSequence text, boolean compatibility) {
        CharEdits out = new CharEdits(text.length() + 8);
        int runStart = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            int[] parts = decomposition(cp, compatibility);
            for (int k = 0; k < parts.length; k++) {
                int d = parts[k];
                if (isStarter(d)) {
                    sortRun(out, runStart, out.size());
                    runStart = -1;
                } else if (runStart < 0) {
                    runStart = out.size();
                }
                out.add(d, k == 0 ? 0 : 1);
            }
        }
        sortRun(out, runStart, out.size());
        return out;
    }

    /** Stable insertion sort of the non-starters in [from, to) by combining class. */
    private static void sortRun(CharEdits edits, int from, int to) {
        if (from < 0 || to - from < 2) {
            return;
        }
        for (int i = from + 1; i < to; i++) {
            int cp = edits.codePoint(i);
            int change = edits.change(i);
            int j = i;
            while (j > from && higherClass(edits.codePoint(j - 1), cp)) {
                edits.setEdit(j, edits.codePoint(j - 1), edits.change(j - 1));
                j--;
            }
            edits.setEdit(j, cp, change);
        }
    }

    /** The canonical composition of a decomposed stream, with the reference implementation's changes. */
    private static CharEdits recompose(CharEdits in) {
        CharEdits out = new CharEdits(in.size());
        CharEdits blocked = new CharEdits(4);
        int composee = -1;
        int composeeChange = 0;
        int last = -1; // the last blocked non-starter, or -1 when none
        for (int i = 0; i < in.size(); i++) {
            int ch = in.codePoint(i);
            int change = in.change(i);
            boolean starter = isStarter(ch);
            if (composee < 0) {
                if (!starter) {
                    out.add(ch, change);
                } else {
                    composee = ch;
                    composeeChange = change;
                }
                continue;
            }
            if (last >= 0 && (starter || !higherClass(ch, last))) {
                // ch is blocked from the composee by an earlier mark of equal or higher class
                if (starter) {
                    out.add(composee, composeeChange);
                    appendAll(out, blocked);
                    composee = ch;
                    composeeChange = change;
                    last = -1;
                } else {
                    blocked.add(ch, change);
                    last = ch;
                }
                continue;
            }
            int composed = compose(composee, ch);
            if (composed != NO_COMPOSITION) {
                composee = composed;
                composeeChange = composeeChange + change - 1;
            } else if (starter) {
                out.add(composee, composeeChange);
                composee = ch;
                composeeChange = change;
            } else {
                blocked.add(ch, change);
                last = ch;
            }
        }
        if (composee >= 0) {
            out.add(composee, composeeChange);
        }
        appendAll(out, blocked);
        return out;
    }

    private static void appendAll(CharEdits out, CharEdits blocked) {
        for (int i = 0; i < blocked.size(); i++) {
            out.add(blocked.codePoint(i), blocked.change(i));
        }
        blocked.clear();
    }

    /** Whether {@code cp} has canonical combining class 0. */
    static boolean isStarter(int cp) {
        if (cp < 0x300) {
            return true;
        }
        Boolean cached = STARTERS.get(cp);
        if (cached == null) {
            // A class strictly between 1 and 240 reorders against one of the probes; 1 and 240 against the other.
            cached = !reorders(cp, LOWEST_CLASS_MARK) && !reorders(HIGHEST_CLASS_MARK, cp);
            remember(STARTERS, cp, cached);
        }
        return cached;
    }

    /** For non-starters: whether ccc(a) > ccc(b), i.e. canonical ordering puts b before a. */
    private static boolean higherClass(int a, int b) {
        return reorders(a, b);
    }

    private static boolean reorders(int a, int b) {
        long key = ((long) a << 32) | b;
        Boolean cached = REORDERS.get(key);
        if (cached == null) {
            String pair = new StringBuilder().appendCodePoint(a).appendCodePoint(b).toString();
            String nfd = Normalizer.normalize(pair, Normalizer.Form.NFD);
            // Equal classes never swap; equal characters would look swapped without the a != b test.
            cached = a != b && nfd.codePointCount(0, nfd.length()) == 2 && nfd.codePointAt(0) == b;
            remember(REORDERS, key, cached);
        }
        return cached;
    }

    /** The primary composite of {@code a b}, or {@link #NO_COMPOSITION}. */
    private static int compose(int a, int b) {
        long key = ((long) a << 32) | b;
        Integer cached = COMPOSITIONS.get(key);
        if (cached == null) {
            String pair = new StringBuilder().appendCodePoint(a).appendCodePoint(b).toString();
            String nfc = Normalizer.normalize(pair, Normalizer.Form.NFC);
            int composite = NO_COMPOSITION;
            if (nfc.codePointCount(0, nfc.length()) == 1) {
                composite = nfc.codePointAt(0);
            }
            cached = composite;
            remember(COMPOSITIONS, key, cached);
        }
        return cached;
    }

    /** The full canonical or compatibility decomposition of one code point. */
    private static int[] decomposition(int cp, boolean compatibility) {
        if (cp < 0xA0) {
            return new int[] {cp};
        }
        ConcurrentHashMap<Integer, int[]> cache = compatibility ? COMPATIBLE : CANONICAL;
        int[] cached = cache.get(cp);
        if (cached == null) {
            String s = new String(Character.toChars(cp));
            cached = Normalizer.normalize(s, compatibility ? Normalizer.Form.NFKD : Normalizer.Form.NFD)
                    .codePoints().toArray();
            remember(cache, cp, cached);
        }
        return cached;
    }

    private static <K, V> void remember(ConcurrentHashMap<K, V> cache, K key, V value) {
        if (cache.size() < CACHE_LIMIT) {
            cache.putIfAbsent(key, value);
        }
    }
}
