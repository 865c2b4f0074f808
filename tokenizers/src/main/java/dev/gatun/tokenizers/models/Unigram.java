package dev.gatun.tokenizers.models;

import dev.gatun.tensor.GatunException;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.Token;
import dev.gatun.tokenizers.unicode.Utf8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The unigram language model of SentencePiece (Kudo, 2018, https://arxiv.org/abs/1804.10959): the
 * segmentation with the highest total log-probability, found by Viterbi over all vocabulary matches.
 *
 * <p>Ties are broken as the reference does, not as SentencePiece: for each end position the first
 * candidate reaching the best score wins, candidates being visited by start position and then by
 * length. A character no piece covers becomes the unknown piece, scored {@code min_score - 10};
 * consecutive unknowns are fused into one token and, with {@code byte_fallback}, spelled as
 * {@code <0xNN>} byte tokens instead.
 */
public final class Unigram implements Model {
    private static final double UNK_PENALTY = 10.0;
    private static final int CACHE_CAPACITY = 10_000;
    private static final int CACHE_MAX_WORD = 256;

    private final String[] pieces;
    private final double[] scores;
    private final HashMap<String, Integer> ids;
    private final int unkId;
    private final boolean byteFallback;
    private final double unkScore;
    private final CharTrie trie;
    private final int[] byteTokenIds;
    private final ConcurrentHashMap<String, List<String>> cache = new ConcurrentHashMap<>();

    private Unigram(String[] pieces, double[] scores, int unkId, boolean byteFallback) {
        this.pieces = pieces;
        this.scores = scores;
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        this.ids = HashMap.newHashMap(pieces.length);
        double minScore = Double.POSITIVE_INFINITY;
        for (int i = 0; i < pieces.length; i++) {
            ids.put(pieces[i], i);
            minScore = Math.min(minScore, scores[i]);
        }
        this.unkScore = minScore - UNK_PENALTY;
        this.trie = new CharTrie(ids); // a repeated piece resolves to its last id, as the reference's map
        this.byteTokenIds = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.format(Locale.ROOT, "<0x%02X>", b));
            byteTokenIds[b] = id == null ? -1 : id;
        }
    }

    /** Reads a {@code "type": "Unigram"} model: {@code vocab} is a list of [piece, score] pairs. */
    static Unigram fromJson(ComponentConfig config) {
        List<Object> vocab = config.list("vocab");
        String[] pieces = new String[vocab.size()];
        double[] scores = new double[vocab.size()];
        for (int i = 0; i < vocab.size(); i++) {
            if (!(vocab.get(i) instanceof List<?> entry) || entry.size() != 2 || !(entry.get(0) instanceof String piece)
                    || !(entry.get(1) instanceof Number score)) {
                throw config.error("has vocabulary entry " + i + " that is not [piece, score]");
            }
            pieces[i] = piece;
            scores[i] = ReferenceFloats.asReferenceReads(score.doubleValue());
        }
        int unkId = -1;
        if (config.has("unk_id")) {
            unkId = config.integer("unk_id");
            if (unkId >= pieces.length) {
                throw config.error("has unk_id " + unkId + " outside its vocabulary of " + pieces.length);
            }
        }
        return new Unigram(pieces, scores, unkId, config.bool("byte_fallback", false));
    }

    @Override
    public List<Token> tokenize(String sequence) {
        List<String> strings = encode(sequence);
        List<Token> tokens = new ArrayList<>(strings.size());
        int offset = 0;
        for (String s : strings) {
            int end = offset + s.length();
            Integer id = ids.get(s);
            if (id != null) {
                tokens.add(new Token(id, s, offset, end));
            } else if (byteFallback && allBytesKnown(s)) {
                for (byte b : Utf8.bytes(s)) {
                    int byteId = byteTokenIds[b & 0xFF];
                    tokens.add(new Token(byteId, pieces[byteId], offset, end));
                }
            } else {
                tokens.add(new Token(requireUnk(), s, offset, end));
            }
            offset = end;
        }
        return tokens;
    }

    private boolean allBytesKnown(String s) {
        for (byte b : Utf8.bytes(s)) {
            if (byteTokenIds[b & 0xFF] < 0) {
                return false;
            }
        }
        return true;
    }

    private int requireUnk() {
        if (unkId < 0) {
            throw new GatunException("Unigram model: an unknown piece was found but the model has no unk_id");
        }
        return unkId;
    }

    /** The best segmentation of {@code sentence} as strings, unknown runs fused. */
    List<String> encode(String sentence) {
        if (sentence.isEmpty()) {
            return List.of();
        }
        List<String> cached = cache.get(sentence);
        if (cached != null) {
            return cached;
        }
        List<String> result = viterbi(sentence);
        if (sentence.length() < CACHE_MAX_WORD && cache.size() < CACHE_CAPACITY) {
            cache.putIfAbsent(sentence, result);
        }
        return result;
    }

    private List<String> viterbi(String sentence) {
        int n = sentence.length();
        double[] bestScore = new double[n + 1];
        int[] bestStart = new int[n + 1];
        int[] bestId = new int[n + 1];
        Arrays.fill(bestStart, -1);
        int[] matchEnds = new int[n + 1];
        int[] matchIds = new int[n + 1];
        for (int start = 0; start < n; ) {
            double scoreHere = bestScore[start];
            int charLength = Character.charCount(sentence.codePointAt(start));
            boolean hasSingleChar = false;
            int matches = trie.prefixMatches(sentence, start, matchEnds, matchIds);
            for (int k = 0; k < matches; k++) {
                int end = matchEnds[k];
                int id = matchIds[k];
                double candidate = scores[id] + scoreHere;
                if (bestStart[end] < 0 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    bestStart[end] = start;
                    bestId[end] = id;
                }
                hasSingleChar |= end - start == charLength;
            }
            if (!hasSingleChar) {
                int end = start + charLength;
                double candidate = unkScore + scoreHere;
                if (bestStart[end] < 0 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    bestStart[end] = start;
                    bestId[end] = requireUnk();
                }
            }
            start += charLength;
        }
        List<String> results = new ArrayList<>();
        int fusedEnd = -1;
        for (int end = n; end > 0; ) {
            int start = bestStart[end];
            if (bestId[end] == unkId) {
                if (fusedEnd < 0) {
                    fusedEnd = end;
                }
            } else {
                if (fusedEnd >= 0) {
                    results.add(sentence.substring(end, fusedEnd));
                    fusedEnd = -1;
                }
                results.add(sentence.substring(start, end));
            }
            end = start;
        }
        if (fusedEnd >= 0) {
            results.add(sentence.substring(0, fusedEnd));
        }
        Collections.reverse(results);
        return List.copyOf(results);
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : null;
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }
}
