package dev.gatun.tokenizers.models;

import dev.gatun.tensor.GatunException;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WordPiece as in BERT (Devlin et al., 2019, https://arxiv.org/abs/1810.04805): greedy longest match
 * from the left, continuation pieces carrying a prefix such as {@code ##}. A word that cannot be fully
 * matched, or is longer than {@code max_input_chars_per_word} code points, becomes one unknown token.
 *
 * <p>The reference tries ever shorter substrings against a hash map; two tries (word starts, and
 * continuations with the prefix removed) find the same longest match in one pass over the characters.
 */
public final class WordPiece implements Model {
    private final Vocab vocab;
    private final String unkToken;
    private final String continuingSubwordPrefix;
    private final int maxInputCharsPerWord;
    private final CharTrie starts;
    private final CharTrie continuations;
    /** Tokens of recently seen words; words repeat, and a hit skips the trie walk and its strings. */
    private final ConcurrentHashMap<String, List<Token>> cache = new ConcurrentHashMap<>();
    private static final int CACHE_CAPACITY = 10_000;
    private static final int CACHE_MAX_WORD = 64;

    private WordPiece(Vocab vocab, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.vocab = vocab;
        this.unkToken = unkToken;
        this.continuingSubwordPrefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.starts = new CharTrie(vocab.withPrefix(""));
        this.continuations = new CharTrie(vocab.withPrefix(continuingSubwordPrefix));
    }

    /** Reads a {@code "type": "WordPiece"} model. */
    static WordPiece fromJson(ComponentConfig config) {
        return new WordPiece(Vocab.fromJson(config), config.string("unk_token", "[UNK]"),
                config.string("continuing_subword_prefix", "##"), config.integer("max_input_chars_per_word", 100));
    }

    @Override
    public List<Token> tokenize(String sequence) {
        List<Token> cached = cache.get(sequence);
        if (cached != null) {
            return cached;
        }
        List<Token> tokens = List.copyOf(match(sequence));
        if (sequence.length() <= CACHE_MAX_WORD && cache.size() < CACHE_CAPACITY) {
            cache.putIfAbsent(sequence, tokens);
        }
        return tokens;
    }

    private List<Token> match(String sequence) {
        if (sequence.codePointCount(0, sequence.length()) > maxInputCharsPerWord) {
            return List.of(unknown(sequence.length()));
        }
        List<Token> tokens = new ArrayList<>(4);
        int[] id = new int[1];
        int start = 0;
        while (start < sequence.length()) {
            int end = (start == 0 ? starts : continuations).longestMatch(sequence, start, id);
            if (end < 0) {
                return List.of(unknown(sequence.length()));
            }
            String piece = sequence.substring(start, end);
            tokens.add(new Token(id[0], start == 0 ? piece : continuingSubwordPrefix + piece, start, end));
            start = end;
        }
        return tokens;
    }

    private Token unknown(int length) {
        int id = vocab.id(unkToken);
        if (id < 0) {
            throw new GatunException("WordPiece model: unk_token \"" + unkToken + "\" is not in the vocabulary");
        }
        return new Token(id, unkToken, 0, length);
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
