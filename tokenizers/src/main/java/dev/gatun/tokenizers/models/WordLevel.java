package dev.gatun.tokenizers.models;

import dev.gatun.tensor.GatunException;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.Token;

import java.util.List;

/** One token per word: the word's id, or the unknown token. */
public final class WordLevel implements Model {
    private final Vocab vocab;
    private final String unkToken;

    private WordLevel(Vocab vocab, String unkToken) {
        this.vocab = vocab;
        this.unkToken = unkToken;
    }

    /** Reads a {@code "type": "WordLevel"} model. */
    static WordLevel fromJson(ComponentConfig config) {
        return new WordLevel(Vocab.fromJson(config), config.string("unk_token", "<unk>"));
    }

    @Override
    public List<Token> tokenize(String sequence) {
        int id = vocab.id(sequence);
        if (id >= 0) {
            return List.of(new Token(id, sequence, 0, sequence.length()));
        }
        int unk = vocab.id(unkToken);
        if (unk < 0) {
            throw new GatunException("WordLevel model: unk_token \"" + unkToken + "\" is not in the vocabulary");
        }
        return List.of(new Token(unk, unkToken, 0, sequence.length()));
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
