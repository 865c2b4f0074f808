package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Each fused op against the composition it replaces, on widths that are and are not multiples of the vector length. */
class BertFusedOpsTest {

    private static Tensor randn(long seed, double scale, int... shape) {
        return Tensor.randn(new SplittableRandom(seed), DType.F32, shape).mul(scale);
    }

    @Property(tries = 20)
    void biasActivationMatchesComposition(@ForAll @IntRange(min = 1, max = 3) int rows,
                                          @ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        Tensor x = randn(seed, 3, rows, n);
        Tensor bias = randn(seed + 1, 1, n);
        for (BertFusedOps.Activation act : BertFusedOps.Activation.values()) {
            Tensor pre = x.add(bias);
            Tensor expected = switch (act) {
                case GELU -> Functional.gelu(pre);
                case GELU_TANH -> Functional.geluTanh(pre);
                case RELU -> pre.relu();
            };
            Tensor fused = x.clone();
            BertFusedOps.biasActivationInPlace(fused, bias, act);
            assertArrayEquals(expected.toFloatArray(), fused.toFloatArray(), 2e-6f, act.name());
            // Without a bias (the matrix product already added it).
            Tensor noBias = pre.clone();
            BertFusedOps.biasActivationInPlace(noBias, null, act);
            assertArrayEquals(expected.toFloatArray(), noBias.toFloatArray(), 2e-6f, act.name() + " without bias");
        }
    }

    @Property(tries = 20)
    void addLayerNormMatchesComposition(@ForAll @IntRange(min = 1, max = 4) int rows,
                                        @ForAll @IntRange(min = 2, max = 70) int c, @ForAll long seed) {
        Tensor x = randn(seed, 2, rows, c).add(5.0);
        Tensor bias = randn(seed + 1, 1, c);
        Tensor residual = randn(seed + 2, 1, rows, c);
        Tensor weight = randn(seed + 3, 1, c);
        Tensor layerBias = randn(seed + 4, 1, c);
        Tensor expected = Functional.layerNorm(x.add(bias).add(residual), 1, weight, layerBias, 1e-12);
        Tensor fused = x.clone();
        BertFusedOps.addLayerNormInPlace(fused, bias, residual, weight, layerBias, 1e-12);
        assertArrayEquals(expected.toFloatArray(), fused.toFloatArray(), 1e-5f);

        Tensor plain = x.clone();
        BertFusedOps.addLayerNormInPlace(plain, null, null, weight, layerBias, 1e-5);
        assertArrayEquals(Functional.layerNorm(x, 1, weight, layerBias, 1e-5).toFloatArray(), plain.toFloatArray(), 1e-5f);
    }

    @Property(tries = 20)
    void maskedSoftmaxMatchesComposition(@ForAll @IntRange(min = 1, max = 3) int b,
                                         @ForAll @IntRange(min = 1, max = 40) int t, @ForAll long seed) {
        int heads = 2;
        Tensor scores = randn(seed, 10, b, heads, t, t);
        long[] keep = new long[b * t];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < keep.length; i++) {
            keep[i] = i % t == 0 || rng.nextBoolean() ? 1 : 0;                    // the first token is always kept
        }
        Tensor mask = Tensor.of(keep, b, t);
        Tensor additive = BertModel.extendedAttentionMask(mask);                    // (B, 1, 1, T)
        Tensor expected = scores.div(Math.sqrt(32)).add(additive).softmax(-1);
        Tensor fused = scores.clone();
        BertFusedOps.maskedSoftmaxInPlace(fused, additive.reshape(b, t).contiguous(), (float) Math.sqrt(32));
        assertArrayEquals(expected.toFloatArray(), fused.toFloatArray(), 1e-6f);

        Tensor unmasked = scores.clone();
        BertFusedOps.maskedSoftmaxInPlace(unmasked, null, 2f);
        assertArrayEquals(scores.div(2.0).softmax(-1).toFloatArray(), unmasked.toFloatArray(), 1e-6f);
    }

    @Property(tries = 20)
    void embeddingSumMatchesComposition(@ForAll @IntRange(min = 1, max = 3) int b,
                                        @ForAll @IntRange(min = 1, max = 9) int t,
                                        @ForAll @IntRange(min = 1, max = 21) int c, @ForAll long seed) {
        Tensor word = randn(seed, 1, 17, c);
        Tensor type = randn(seed, 1, 2, c);
        Tensor position = randn(seed + 1, 1, 12, c);
        SplittableRandom rng = new SplittableRandom(seed);
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(17);
            types[i] = rng.nextInt(2);
        }
        long[] positions = new long[b * t];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = rng.nextInt(12);
        }
        Tensor expected = Functional.embedding(Tensor.of(ids, b * t), word)
                .add(Functional.embedding(Tensor.of(types, b * t), type))
                .add(Functional.embedding(Tensor.of(positions, b * t), position));
        assertArrayEquals(expected.toFloatArray(),
                BertFusedOps.embeddingSum(ids, types, positions, word, type, position).toFloatArray(), 0f);
        positions[0] = 12;
        assertThrows(GatunException.class,
                () -> BertFusedOps.embeddingSum(ids, types, positions, word, type, position));
        positions[0] = 0;
        ids[0] = 17;
        assertThrows(GatunException.class,
                () -> BertFusedOps.embeddingSum(ids, types, positions, word, type, position));
    }

    @org.junit.jupiter.api.Test
    void nonContiguousOrWrongTypeIsRefused() {
        Tensor x = Tensor.zeros(4, 6).mT();
        assertThrows(GatunException.class, () -> BertFusedOps.biasActivationInPlace(x, Tensor.zeros(4),
                BertFusedOps.Activation.GELU));
        assertThrows(GatunException.class, () -> BertFusedOps.biasActivationInPlace(Tensor.zeros(DType.F64, 2, 3),
                Tensor.zeros(3), BertFusedOps.Activation.GELU));
        assertThrows(GatunException.class, () -> BertFusedOps.addLayerNormInPlace(Tensor.zeros(2, 3), null,
                Tensor.zeros(3, 3), Tensor.ones(DType.F32, 3), Tensor.zeros(3), 1e-5));
    }
}
