package dev.gatun.models.bert;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.Embedding;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Module;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The input of BERT: the sum of word, position and token-type embeddings, layer-normalised, as
 * Hugging Face's {@code BertEmbeddings}. Positions are absolute, 0 to T-1.
 *
 * <p>State-dict keys: {@code word_embeddings.weight} (V, C), {@code position_embeddings.weight}
 * (max_position_embeddings, C), {@code token_type_embeddings.weight} (type_vocab_size, C),
 * {@code LayerNorm.weight} and {@code LayerNorm.bias} (C).
 */
public final class BertEmbeddings extends Module {
    private final Embedding wordEmbeddings;
    private final Embedding positionEmbeddings;
    private final Embedding tokenTypeEmbeddings;
    private final LayerNorm layerNorm;
    private final Dropout dropout;

    public BertEmbeddings(BertConfig config, RandomGenerator rng) {
        int c = config.hiddenSize();
        wordEmbeddings = registerModule("word_embeddings", new Embedding(config.vocabSize(), c, rng));
        positionEmbeddings = registerModule("position_embeddings", new Embedding(config.maxPositionEmbeddings(), c, rng));
        tokenTypeEmbeddings = registerModule("token_type_embeddings", new Embedding(config.typeVocabSize(), c, rng));
        layerNorm = registerModule("LayerNorm", new LayerNorm(new int[] {c}, config.layerNormEps(), true));
        dropout = registerModule("dropout", new Dropout(config.hiddenDropoutProb(), rng));
    }

    /**
     * Embeds {@code inputIds} (B, T) with token types {@code tokenTypeIds} (B, T).
     *
     * @return (B, T, C)
     */
    public Tensor forward(Tensor inputIds, Tensor tokenTypeIds) {
        int t = inputIds.size(1);
        Tensor positions = Tensor.arange(DType.I64, 0, t, 1);                 // (T)
        Tensor x = wordEmbeddings.forward(inputIds)                            // (B, T, C)
                .add(tokenTypeEmbeddings.forward(tokenTypeIds))                // (B, T, C)
                .add(positionEmbeddings.forward(positions));                   // (T, C) broadcast over B
        return dropout.forward(layerNorm.forward(x));
    }

    public Embedding wordEmbeddings() {
        return wordEmbeddings;
    }
}
