package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BertModelTest {
    static final BertConfig TINY = new BertConfig(40, 16, 2, 4, 32, "gelu", 0.1, 0.1, 12, 2, 1e-12, 0);

    static BertModel tiny(boolean pooler, long seed) {
        BertModel m = new BertModel(TINY, pooler, new SplittableRandom(seed));
        m.eval();
        return m;
    }

    /** Weights large enough (std 0.5 rather than 0.02) that every layer visibly changes its input. */
    static BertModel spread(BertModel m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Tensor p : m.parameters()) {
                p.copy_(Tensor.randn(rng, DType.F32, p.shape()).mul(0.5));
            }
        }
        return m;
    }

    static Tensor ids(long[][] rows) {
        int t = rows[0].length;
        long[] flat = new long[rows.length * t];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, flat, b * t, t);
        }
        return Tensor.of(flat, rows.length, t);
    }

    @Test
    void stateDictHasHuggingFaceNames() {
        Map<String, Tensor> state = tiny(true, 1).stateDict();
        assertEquals(5 + 16 * TINY.numHiddenLayers() + 2, state.size());
        for (String key : List.of("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
                "encoder.layer.1.attention.self.query.weight", "encoder.layer.1.attention.self.key.bias",
                "encoder.layer.1.attention.self.value.weight", "encoder.layer.0.attention.output.dense.weight",
                "encoder.layer.0.attention.output.LayerNorm.bias", "encoder.layer.0.intermediate.dense.weight",
                "encoder.layer.0.output.dense.weight", "encoder.layer.0.output.LayerNorm.weight",
                "pooler.dense.weight", "pooler.dense.bias")) {
            assertTrue(state.containsKey(key), key);
        }
        assertArrayEquals(new int[] {32, 16}, state.get("encoder.layer.0.intermediate.dense.weight").shape());
        assertArrayEquals(new int[] {16, 32}, state.get("encoder.layer.0.output.dense.weight").shape());
        assertEquals(0.0, state.get("embeddings.word_embeddings.weight").select(0, 0).abs().sum().item());
    }

    @Test
    void shapesOfOutputs() {
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            BertModelOutput out = tiny(true, 1).forward(ids(new long[][] {{1, 2, 3}, {4, 5, 6}}), null, null);
            assertArrayEquals(new int[] {2, 3, 16}, out.lastHiddenState().shape());
            assertArrayEquals(new int[] {2, 16}, out.pooledOutput().shape());
            assertNull(tiny(false, 1).forward(ids(new long[][] {{1, 2}}), null, null).pooledOutput());
        }
    }

    @Test
    void matchesThePlainLoopsReference() {
        BertModel model = spread(tiny(false, 2), 3);
        long[][] rows = {{2, 17, 33, 5, 9, 0}, {7, 8, 39, 1, 0, 0}};
        int[][] mask = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}};
        double[][][] expected = new BertReference(TINY, model.stateDict()).forward(
                new int[][] {{2, 17, 33, 5, 9, 0}, {7, 8, 39, 1, 0, 0}}, mask);
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor m = Tensor.of(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, 2, 6);
            Tensor h = model.forward(ids(rows), m, null).lastHiddenState();
            double worst = 0;
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 6; t++) {
                    for (int c = 0; c < 16; c++) {
                        worst = Math.max(worst, Math.abs(h.getDouble(b, t, c) - expected[b][t][c]));
                    }
                }
            }
            assertTrue(worst < 1e-4, "largest difference from the reference: " + worst);
        }
    }

    @Test
    void paddingDoesNotChangeTheRealTokens() {
        BertModel model = spread(tiny(true, 4), 5);
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor alone = model.forward(ids(new long[][] {{3, 4, 5}}), null, null).lastHiddenState();
            Tensor batch = model.forward(ids(new long[][] {{3, 4, 5, 0, 0}, {6, 7, 8, 9, 10}}),
                    Tensor.of(new long[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, 2, 5), null).lastHiddenState();
            float[] a = alone.toFloatArray();
            float[] b = batch.select(0, 0).narrow(0, 0, 3).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, "element " + i);
            }
        }
    }

    @Test
    void tokenTypesChangeTheOutput() {
        BertModel model = spread(tiny(false, 6), 7);
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor ids = ids(new long[][] {{3, 4, 5}});
            Tensor zeros = model.forward(ids, null, null).lastHiddenState();
            Tensor explicitZeros = model.forward(ids, null, Tensor.zeros(DType.I64, 1, 3)).lastHiddenState();
            Tensor ones = model.forward(ids, null, Tensor.ones(DType.I64, 1, 3)).lastHiddenState();
            assertArrayEquals(zeros.toFloatArray(), explicitZeros.toFloatArray());
            assertTrue(zeros.sub(ones).abs().max().item() > 1e-3);
        }
    }

    @Test
    void extendedMaskIsZeroOrFloat32Min() {
        Tensor m = BertModel.extendedAttentionMask(Tensor.of(new long[] {1, 0, 1}, 1, 3));
        assertArrayEquals(new int[] {1, 1, 1, 3}, m.shape());
        assertArrayEquals(new float[] {0, -Float.MAX_VALUE, 0}, m.toFloatArray());
    }

    @Test
    void badInputsAreReported() {
        BertModel model = tiny(false, 1);
        GatunException tooLong = assertThrows(GatunException.class,
                () -> model.forward(Tensor.zeros(DType.I64, 1, 13), null, null));
        assertTrue(tooLong.getMessage().contains("13 tokens is longer than max_position_embeddings 12"));
        assertThrows(GatunException.class, () -> model.forward(Tensor.zeros(DType.F32, 1, 3), null, null));
        assertThrows(GatunException.class, () -> model.forward(Tensor.zeros(DType.I64, 1, 3),
                Tensor.ones(DType.I64, 1, 4), null));
    }

    @Test
    void configRoundTripsThroughJson() {
        assertEquals(TINY, BertConfig.fromJson(TINY.toJson()));
        GatunException e = assertThrows(GatunException.class, () -> BertConfig.fromJson(Map.of("vocab_size", 10L,
                "hidden_size", 10L, "num_hidden_layers", 1L, "num_attention_heads", 3L, "intermediate_size", 4L)));
        assertTrue(e.getMessage().contains("hidden_size 10 is not a multiple of num_attention_heads 3"), e.getMessage());
    }
}
