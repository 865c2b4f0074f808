package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.sentence.Pooling;
import dev.gatun.models.sentence.PoolingMode;
import dev.gatun.models.sentence.SentenceEncoder;
import dev.gatun.models.sentence.SentenceTransformerConfig;
import dev.gatun.optim.AdamW;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning with the in-batch contrastive loss that sentence-transformers calls
 * MultipleNegativesRankingLoss (InfoNCE): each anchor must pick its own positive among the batch's
 * positives, by cosine similarity over a temperature.
 */
class BertContrastiveTrainingTest {
    private static final int B = 6;
    private static final int T = 7;

    /** Random sentences, and each one with two tokens changed as its positive. */
    private static Tensor[] pairs(SplittableRandom rng, int vocab) {
        long[] anchors = new long[B * T];
        long[] positives = new long[B * T];
        for (int i = 0; i < anchors.length; i++) {
            anchors[i] = 1 + rng.nextInt(vocab - 1);
            positives[i] = anchors[i];
        }
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < 2; k++) {
                positives[b * T + rng.nextInt(T)] = 1 + rng.nextInt(vocab - 1);
            }
        }
        return new Tensor[] {Tensor.of(anchors, B, T), Tensor.of(positives, B, T)};
    }

    private static Tensor infoNce(SentenceEncoder encoder, Tensor anchors, Tensor positives) {
        Tensor mask = Tensor.ones(DType.I64, B, T);
        Tensor a = encoder.forward(anchors, mask, null);                       // (B, C)
        Tensor p = encoder.forward(positives, mask, null);                     // (B, C)
        Tensor logits = a.matmul(p.mT()).div(0.05);                            // (B, B) cosine / temperature
        return Functional.crossEntropy(logits, Tensor.arange(B), -100, 0.0, "mean");
    }

    @Test
    void lossFallsAndEveryParameterGetsAFiniteGradient() {
        BertConfig config = BertModelTest.TINY;
        BertModel bert = new BertModel(config, false, new SplittableRandom(21));
        SentenceEncoder encoder = new SentenceEncoder(bert,
                new SentenceTransformerConfig(new Pooling(PoolingMode.MEAN, config.hiddenSize()), true, 0));
        Tensor[] batch = pairs(new SplittableRandom(22), config.vocabSize());
        double first = 0;
        double last = 0;
        try (AdamW optimizer = new AdamW(bert.parameters(), 2e-3, 0.9, 0.999, 1e-8, 0.01)) {
            for (int step = 0; step < 12; step++) {
                try (Scope s = Scope.open()) {
                    optimizer.zeroGrad();
                    Tensor loss = infoNce(encoder, batch[0], batch[1]);
                    loss.backward();
                    if (step == 0) {
                        first = loss.item();
                        checkGradients(bert);
                    }
                    last = loss.item();
                    optimizer.step();
                }
            }
        }
        assertTrue(Double.isFinite(first) && last < 0.5 * first, "loss went from " + first + " to " + last);
    }

    private static void checkGradients(BertModel bert) {
        for (Map.Entry<String, Tensor> e : bert.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, e.getKey() + " got no gradient");
            double sum = g.abs().sum().item();
            assertTrue(Double.isFinite(sum), e.getKey() + " has a non-finite gradient");
        }
        assertTrue(bert.namedParameters().get("encoder.layer.0.attention.self.query.weight").grad().abs().sum().item() > 0);
    }
}
