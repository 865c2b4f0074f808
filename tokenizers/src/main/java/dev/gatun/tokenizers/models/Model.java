package dev.gatun.tokenizers.models;

import dev.gatun.tokenizers.text.Token;

import java.util.List;

/**
 * The vocabulary model that turns one pre-tokenized word into tokens. Implementations are immutable
 * and safe to share between threads.
 */
public sealed interface Model permits BPE, WordPiece, WordLevel, Unigram {

    /** The tokens of {@code sequence}, with offsets in its UTF-16 units. */
    List<Token> tokenize(String sequence);

    /** The id of {@code token} in the vocabulary, or -1. */
    int tokenToId(String token);

    /** The token with {@code id}, or null. */
    String idToToken(int id);

    /** The number of entries in the vocabulary. */
    int vocabSize();
}
