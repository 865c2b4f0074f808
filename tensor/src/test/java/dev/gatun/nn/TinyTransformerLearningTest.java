package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.optim.AdamW;
import dev.gatun.optim.GradClipping;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A second learning proof that exercises the transformer parts: a one-block pre-norm transformer
 * (token and position embeddings, LayerNorm, single-head softmax self-attention, MLP) learns to
 * reverse a sequence of digits, which it can only do by attending from position t to position T-1-t.
 */
class TinyTransformerLearningTest {
    private static final int VOCAB = 8;
    private static final int T = 6;
    private static final int C = 16;
    private static final int BATCH = 16;

    /** One transformer block between embeddings and an output head; shape letters B, T, C, V as usual. */
    static final class Reverser extends Module {
        private final Embedding tok;
        private final Embedding pos;
        private final LayerNorm ln1;
        private final Linear qkv;
        private final Linear proj;
        private final LayerNorm ln2;
        private final MLP mlp;
        private final LayerNorm lnF;
        private final Linear head;

        Reverser(SplittableRandom rng) {
            tok = registerModule("tok", new Embedding(VOCAB, C, rng));
            pos = registerModule("pos", new Embedding(T, C, rng));
            ln1 = registerModule("ln1", new LayerNorm(C));
            qkv = registerModule("qkv", new Linear(C, 3 * C, true, rng));
            proj = registerModule("proj", new Linear(C, C, true, rng));
            ln2 = registerModule("ln2", new LayerNorm(C));
            mlp = registerModule("mlp", new MLP(C, 2 * C, C, new GELU(), rng));
            lnF = registerModule("ln_f", new LayerNorm(C));
            head = registerModule("head", new Linear(C, VOCAB, true, rng));
        }

        Tensor forward(Tensor ids) {
            Tensor h = tok.forward(ids).add(pos.forward(Tensor.arange(T)));          // (B, T, C)
            List<Tensor> qkvParts = qkv.forward(ln1.forward(h)).chunk(3, -1);      // 3 x (B, T, C)
            Tensor scores = qkvParts.get(0).matmul(qkvParts.get(1).mT()).mul(1 / Math.sqrt(C)); // (B, T, T)
            Tensor attended = scores.softmax(-1).matmul(qkvParts.get(2));           // (B, T, C)
            h = h.add(proj.forward(attended));
            h = h.add(mlp.forward(ln2.forward(h)));
            return head.forward(lnF.forward(h));                                     // (B, T, V)
        }
    }

    /** Random digit sequences (B, T) and their reversals. */
    private static Tensor[] batch(SplittableRandom rng) {
        long[] x = new long[BATCH * T];
        long[] y = new long[BATCH * T];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < T; t++) {
                x[b * T + t] = rng.nextInt(VOCAB);
            }
            for (int t = 0; t < T; t++) {
                y[b * T + t] = x[b * T + T - 1 - t];
            }
        }
        return new Tensor[] {Tensor.of(x, BATCH, T), Tensor.of(y, BATCH, T)};
    }

    private static Tensor loss(Tensor logits, Tensor target) {
        return Functional.crossEntropy(logits.reshape(-1, VOCAB), target.reshape(-1), -100, 0.0, "mean");
    }

    @Test
    void learnsToReverseSequences() {
        SplittableRandom rng = new SplittableRandom(1);
        Reverser model = new Reverser(rng);
        AdamW optimizer = new AdamW(model.parameters(), 1e-2, 0.9, 0.99, 1e-8, 0.0);
        double initial = 0;
        double last = 0;
        for (int step = 0; step < 100; step++) {
            try (Scope s = Scope.open()) {
                Tensor[] xy = batch(rng);
                optimizer.zeroGrad();
                Tensor l = loss(model.forward(xy[0]), xy[1]);
                l.backward();
                GradClipping.clipGradNorm(model.parameters(), 1.0);
                optimizer.step();
                last = l.item();
                initial = step == 0 ? last : initial;
            }
        }
        double accuracy;
        try (Scope s = Scope.open(); Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor[] xy = batch(new SplittableRandom(99));
            Tensor predicted = model.forward(xy[0]).argmax(-1, false);
            accuracy = predicted.eq(xy[1]).to(DType.F32).mean().item();
        }
        optimizer.close();
        assertTrue(last < 0.3 * initial, "loss fell from " + initial + " to " + last);
        assertTrue(accuracy > 0.9, "token accuracy on fresh sequences: " + accuracy);
    }
}
