package dev.gatun.tokenizers;

import dev.gatun.tokenizers.models.Model;
import dev.gatun.tokenizers.normalizers.Normalizer;
import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.Token;
import dev.gatun.tokenizers.unicode.CharClasses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tokens added on top of the model's vocabulary, and the first pipeline step: finding them in the
 * input. Tokens with {@code normalized == false} are found in the raw text; the remaining text is then
 * normalized and searched for the {@code normalized == true} tokens (in their normalized form).
 *
 * <p>Matching is leftmost-longest over all tokens of a kind, non-overlapping; a match that fails its
 * {@code single_word} condition is skipped without retrying shorter tokens at that place, as in the
 * reference. Immutable.
 */
final class AddedVocabulary {
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, AddedToken> tokens = new LinkedHashMap<>();
    private final Map<Integer, String> normalizedForms = new HashMap<>();
    private final Set<String> specialTokens = new HashSet<>();
    private final boolean encodeSpecialTokens;
    private final Trie rawTrie;
    private final Trie normalizedTrie;

    /**
     * Registers {@code added} in order. A token already in the model keeps the model's id; others get
     * the next id after the model's vocabulary, as the reference assigns them (the ids written in the
     * file are not consulted).
     */
    AddedVocabulary(List<AddedToken> added, Model model, Normalizer normalizer, boolean encodeSpecialTokens) {
        this.encodeSpecialTokens = encodeSpecialTokens;
        int nextId = model.vocabSize();
        for (AddedToken token : added) {
            if (token.content().isEmpty()) {
                continue;
            }
            Integer existing = ids.get(token.content());
            if (existing != null && token.equals(tokens.get(existing))) {
                continue;
            }
            int id;
            if (existing != null) {
                id = existing;
            } else if (model.tokenToId(token.content()) >= 0) {
                id = model.tokenToId(token.content());
            } else {
                id = nextId++;
            }
            if (token.normalized() && normalizer != null) {
                String normalized = normalizer.normalizeString(token.content());
                if (!normalized.equals(token.content())) {
                    normalizedForms.put(id, normalized);
                }
            }
            ids.put(token.content(), id);
            if (token.special()) {
                specialTokens.add(token.content());
            }
            tokens.put(id, token);
        }
        Map<String, Integer> raw = new LinkedHashMap<>();
        Map<String, Integer> normalized = new LinkedHashMap<>();
        for (Map.Entry<Integer, AddedToken> e : tokens.entrySet()) {
            AddedToken t = e.getValue();
            if (t.normalized()) {
                normalized.putIfAbsent(normalizedForms.getOrDefault(e.getKey(), t.content()), e.getKey());
            } else {
                raw.putIfAbsent(t.content(), e.getKey());
            }
        }
        rawTrie = new Trie(raw);
        normalizedTrie = new Trie(normalized);
    }

    /** The number of added tokens. */
    int size() {
        return tokens.size();
    }

    /** The id of an added token's content, or -1. */
    int tokenToId(String content) {
        Integer id = ids.get(content);
        return id == null ? -1 : id;
    }

    /** The string an added token's id decodes to (its normalized form when it has one), or null. */
    String idToToken(int id) {
        AddedToken t = tokens.get(id);
        if (t == null) {
            return null;
        }
        return normalizedForms.getOrDefault(id, t.content());
    }

    /** Whether {@code token} is the content of a special added token. */
    boolean isSpecialToken(String token) {
        return specialTokens.contains(token);
    }

    /** The added tokens by id. */
    Map<Integer, AddedToken> tokens() {
        return Collections.unmodifiableMap(tokens);
    }

    /** The highest id of an added token, or -1. */
    int maxId() {
        int max = -1;
        for (int id : tokens.keySet()) {
            max = Math.max(max, id);
        }
        return max;
    }

    /**
     * Splits out added tokens (already tokenized), normalizes the rest with {@code normalizer}, and splits
     * out the normalized added tokens from it.
     */
    PreTokenizedString extractAndNormalize(Normalizer normalizer, String sequence) {
        PreTokenizedString pre = PreTokenizedString.from(sequence);
        pre.splitWithTokens(s -> splitOut(s, rawTrie));
        pre.splitWithTokens(s -> {
            if (normalizer != null) {
                normalizer.normalize(s);
            }
            return splitOut(s, normalizedTrie);
        });
        return pre;
    }

    private List<PreTokenizedString.Split> splitOut(NormalizedString s, Trie trie) {
        String text = s.get();
        List<PreTokenizedString.Split> out = new ArrayList<>();
        int[] pieces = cut(text, trie);
        for (int i = 0; i < pieces.length; i += 3) {
            NormalizedString piece = s.slice(pieces[i], pieces[i + 1]);
            int id = pieces[i + 2];
            out.add(id < 0 ? PreTokenizedString.Split.of(piece)
                    : new PreTokenizedString.Split(piece, List.of(new Token(id, piece.get(), 0, piece.length()))));
        }
        return out;
    }

    /**
     * Cuts {@code text} into added tokens of one kind ({@code normalized} or raw) and the text between
     * them, as consecutive (start, end, id) triples; id is -1 for plain text. Empty text has no pieces.
     */
    int[] cut(String text, boolean normalizedTokens) {
        return cut(text, normalizedTokens ? normalizedTrie : rawTrie);
    }

    private int[] cut(String text, Trie trie) {
        if (text.isEmpty()) {
            return new int[0];
        }
        if (trie.isEmpty()) {
            return new int[] {0, text.length(), -1};
        }
        int[] out = new int[12];
        int n = 0;
        int startOffset = 0;
        int pos = 0;
        while (pos < text.length()) {
            int[] match = trie.leftmostLongest(text, pos);
            if (match == null) {
                break;
            }
            int start = match[0];
            int stop = match[1];
            int id = match[2];
            pos = stop;
            AddedToken token = tokens.get(id);
            if (encodeSpecialTokens && specialTokens.contains(token.content())) {
                continue;
            }
            if (token.singleWord()) {
                boolean startSpace = start == 0 || !endsWithWordChar(text, start);
                boolean stopSpace = stop == text.length() || !CharClasses.isWordChar(text.codePointAt(stop));
                if (!startSpace || !stopSpace) {
                    continue;
                }
            }
            if (token.lstrip()) {
                int newStart = start;
                while (newStart > 0 && CharClasses.isWhitespace(text.codePointBefore(newStart))) {
                    newStart -= Character.charCount(text.codePointBefore(newStart));
                }
                start = Math.max(newStart, startOffset);
            }
            if (token.rstrip()) {
                while (stop < text.length() && CharClasses.isWhitespace(text.codePointAt(stop))) {
                    stop += Character.charCount(text.codePointAt(stop));
                }
            }
            if (n + 6 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            if (startOffset < start) {
                out[n++] = startOffset;
                out[n++] = start;
                out[n++] = -1;
            }
            out[n++] = start;
            out[n++] = stop;
            out[n++] = id;
            startOffset = stop;
        }
        if (startOffset != text.length()) {
            if (n + 3 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length + 3);
            }
            out[n++] = startOffset;
            out[n++] = text.length();
            out[n++] = -1;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean endsWithWordChar(String text, int end) {
        return end > 0 && CharClasses.isWordChar(text.codePointBefore(end));
    }

    /** A character trie over the token strings of one kind, for leftmost-longest search. */
    private static final class Trie {
        private final Node root = new Node();
        private final boolean empty;
        /** The units a pattern can start with; most text positions are rejected by this alone. */
        private final java.util.BitSet firstUnits = new java.util.BitSet();

        Trie(Map<String, Integer> patterns) {
            for (Map.Entry<String, Integer> e : patterns.entrySet()) {
                if (e.getKey().isEmpty()) {
                    continue;
                }
                firstUnits.set(e.getKey().charAt(0));
                Node node = root;
                for (int i = 0; i < e.getKey().length(); i++) {
                    node = node.children.computeIfAbsent(e.getKey().charAt(i), c -> new Node());
                }
                node.id = e.getValue();
            }
            empty = patterns.isEmpty();
        }

        boolean isEmpty() {
            return empty;
        }

        /** {start, end, id} of the leftmost-longest match at or after {@code from}, or null. */
        int[] leftmostLongest(String text, int from) {
            for (int start = from; start < text.length(); start++) {
                if (!firstUnits.get(text.charAt(start))) {
                    continue;
                }
                Node node = root;
                int bestEnd = -1;
                int bestId = -1;
                for (int i = start; i < text.length(); i++) {
                    node = node.children.get(text.charAt(i));
                    if (node == null) {
                        break;
                    }
                    if (node.id >= 0) {
                        bestEnd = i + 1;
                        bestId = node.id;
                    }
                }
                if (bestEnd >= 0) {
                    return new int[] {start, bestEnd, bestId};
                }
            }
            return null;
        }

        private static final class Node {
            final Map<Character, Node> children = new HashMap<>(4);
            int id = -1;
        }
    }
}
