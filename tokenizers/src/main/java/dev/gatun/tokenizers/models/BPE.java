package dev.gatun.tokenizers.models;

import dev.gatun.tensor.GatunException;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.Token;
import dev.gatun.tokenizers.unicode.Utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding (Sennrich et al., 2016, https://arxiv.org/abs/1508.07909): a word starts as its
 * characters and the ranked merges are applied lowest rank first. Covers both byte-level vocabularies
 * (GPT-2, RoBERTa, Llama 3, Qwen) and SentencePiece-style ones with {@code byte_fallback} (Llama 2,
 * Mistral), where a character outside the vocabulary becomes {@code <0xNN>} tokens of its UTF-8 bytes.
 *
 * <p>Immutable; results for short words are cached in a bounded concurrent map.
 */
public final class BPE implements Model {
    private static final int CACHE_CAPACITY = 10_000;
    private static final int CACHE_MAX_WORD = 256;

    private final Vocab vocab;
    private final LongIntMap merges;
    private final int[] mergeResults;
    private final String unkToken;
    private final String continuingSubwordPrefix;
    private final String endOfWordSuffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final int[] byteTokenIds;
    /** Ids of one-character tokens by UTF-16 unit (-1: none), so most characters skip the string map. */
    private final int[] charIds;
    private final ConcurrentHashMap<String, List<Token>> cache = new ConcurrentHashMap<>();

    private BPE(Vocab vocab, List<String[]> mergePairs, String unkToken, String continuingSubwordPrefix,
            String endOfWordSuffix, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges,
            ComponentConfig config) {
        this.vocab = vocab;
        this.unkToken = unkToken;
        this.continuingSubwordPrefix = continuingSubwordPrefix;
        this.endOfWordSuffix = endOfWordSuffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.merges = new LongIntMap(mergePairs.size());
        this.mergeResults = new int[mergePairs.size()];
        int prefixLength = continuingSubwordPrefix == null ? 0 : continuingSubwordPrefix.length();
        for (int rank = 0; rank < mergePairs.size(); rank++) {
            String a = mergePairs.get(rank)[0];
            String b = mergePairs.get(rank)[1];
            int aId = requireToken(a, config);
            int bId = requireToken(b, config);
            // The merged token drops the continuation prefix of the right part.
            String merged = a + b.substring(Math.min(prefixLength, b.length()));
            mergeResults[rank] = requireToken(merged, config);
            merges.put(BpeWord.pair(aId, bId), rank);
        }
        this.byteTokenIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteTokenIds[b] = vocab.id(String.format(Locale.ROOT, "<0x%02X>", b));
        }
        this.charIds = new int[Character.MAX_VALUE + 1];
        java.util.Arrays.fill(charIds, -1);
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (!Character.isSurrogate(c)) {
                charIds[c] = vocab.id(String.valueOf(c));
            }
        }
    }

    private int requireToken(String token, ComponentConfig config) {
        int id = vocab.id(token);
        if (id < 0) {
            throw config.error("has a merge with \"" + token + "\", which is not in the vocabulary");
        }
        return id;
    }

    /** Reads a {@code "type": "BPE"} model. */
    static BPE fromJson(ComponentConfig config) {
        double dropout = config.number("dropout", 0.0);
        if (dropout != 0.0) {
            throw config.error("sets dropout " + dropout + "; Gatun encodes deterministically and supports only"
                    + " null dropout");
        }
        Vocab vocab = Vocab.fromJson(config);
        List<String[]> merges = parseMerges(config);
        BPE bpe = new BPE(vocab, merges, config.string("unk_token", null),
                config.string("continuing_subword_prefix", null), config.string("end_of_word_suffix", null),
                config.bool("fuse_unk", false), config.bool("byte_fallback", false),
                config.bool("ignore_merges", false), config);
        return bpe;
    }

    private static List<String[]> parseMerges(ComponentConfig config) {
        if (!config.has("merges")) {
            return List.of();
        }
        List<Object> raw = config.list("merges");
        List<String[]> merges = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object m = raw.get(i);
            if (m instanceof String s) {
                int space = s.indexOf(' ');
                if (space < 0 || s.indexOf(' ', space + 1) >= 0) {
                    throw config.error("has merge " + (i + 1) + " \"" + s + "\", which is not two tokens separated"
                            + " by one space");
                }
                merges.add(new String[] {s.substring(0, space), s.substring(space + 1)});
            } else if (m instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String a
                    && pair.get(1) instanceof String b) {
                merges.add(new String[] {a, b});
            } else {
                throw config.error("has merge " + (i + 1) + " that is neither \"a b\" nor [\"a\", \"b\"]");
            }
        }
        return merges;
    }

    @Override
    public List<Token> tokenize(String sequence) {
        if (sequence.isEmpty()) {
            return List.of();
        }
        if (ignoreMerges) {
            int id = vocab.id(sequence);
            if (id >= 0) {
                return List.of(new Token(id, sequence, 0, sequence.length()));
            }
        }
        List<Token> cached = cache.get(sequence);
        if (cached != null) {
            return cached;
        }
        List<Token> tokens = mergeWord(sequence);
        if (sequence.length() < CACHE_MAX_WORD && cache.size() < CACHE_CAPACITY) {
            cache.putIfAbsent(sequence, tokens);
        }
        return tokens;
    }

    private List<Token> mergeWord(String w) {
        BpeWord word = new BpeWord(w.length());
        boolean positionsInBytes = false;
        int unkId = -1;
        int unkBytes = 0;
        int unkUnits = 0;
        for (int i = 0; i < w.length(); ) {
            int cp = w.codePointAt(i);
            int end = i + Character.charCount(cp);
            boolean affixed = (i > 0 && continuingSubwordPrefix != null && !continuingSubwordPrefix.isEmpty())
                    || (end == w.length() && endOfWordSuffix != null && !endOfWordSuffix.isEmpty());
            String s = null;
            int id;
            if (!affixed && end - i == 1) {
                id = charIds[w.charAt(i)];
            } else {
                s = affix(w.substring(i, end), i > 0, end == w.length());
                id = vocab.id(s);
            }
            int byteLength = Utf8.length(cp);
            int unitLength = end - i;
            boolean first = i == 0;
            boolean last = end == w.length();
            i = end;
            if (id >= 0) {
                if (unkId >= 0) {
                    word.add(unkId, unkBytes, unkUnits);
                    unkId = -1;
                }
                word.add(id, byteLength, unitLength);
                continue;
            }
            if (byteFallback && addByteTokens(word, s != null ? s : affix(new String(Character.toChars(cp)), !first, last))) {
                positionsInBytes = true; // each byte token is one byte long
                continue;
            }
            if (unkToken == null) {
                positionsInBytes = true; // the character disappears and later offsets shift
                continue;
            }
            if (unkId >= 0 && fuseUnk) {
                unkBytes += byteLength;
                unkUnits += unitLength;
                continue;
            }
            if (unkId >= 0) {
                word.add(unkId, unkBytes, unkUnits);
            }
            unkId = vocab.id(unkToken);
            if (unkId < 0) {
                // Like the reference, a missing unk token only fails once an unknown character is met.
                throw new GatunException("BPE model: unk_token \"" + unkToken + "\" is not in the vocabulary");
            }
            unkBytes = byteLength;
            unkUnits = unitLength;
        }
        if (unkId >= 0) {
            word.add(unkId, unkBytes, unkUnits);
        }
        word.mergeAll(merges, mergeResults);
        return toTokens(word, w, positionsInBytes);
    }

    /** The string a character is looked up as: with the continuation prefix unless first, the suffix if last. */
    private String affix(String s, boolean continuation, boolean last) {
        if (continuation && continuingSubwordPrefix != null) {
            s = continuingSubwordPrefix + s;
        }
        if (last && endOfWordSuffix != null) {
            s = s + endOfWordSuffix;
        }
        return s;
    }

    /** Adds the {@code <0xNN>} tokens of every byte of {@code s}, if the vocabulary has all of them. */
    private boolean addByteTokens(BpeWord word, String s) {
        byte[] utf8 = Utf8.bytes(s);
        for (byte b : utf8) {
            if (byteTokenIds[b & 0xFF] < 0) {
                return false;
            }
        }
        for (byte b : utf8) {
            word.add(byteTokenIds[b & 0xFF], 1, 0);
        }
        return true;
    }

    private List<Token> toTokens(BpeWord word, String w, boolean positionsInBytes) {
        List<Token> tokens = new ArrayList<>(word.count());
        ByteOffsets byteOffsets = positionsInBytes ? new ByteOffsets(w) : null;
        int pos = 0;
        for (int i = 0; i < word.size(); i++) {
            if (!word.alive(i)) {
                continue;
            }
            int id = word.id(i);
            int length = positionsInBytes ? word.byteLength(i) : word.unitLength(i);
            int start = pos;
            int end = pos + length;
            pos = end;
            if (byteOffsets != null) {
                tokens.add(new Token(id, vocab.token(id), byteOffsets.startUnit(start, end), byteOffsets.endUnit(start, end)));
            } else {
                tokens.add(new Token(id, vocab.token(id), start, end));
            }
        }
        return List.copyOf(tokens);
    }

    @Override
    public int tokenToId(String token) {
        return vocab.id(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }
}
