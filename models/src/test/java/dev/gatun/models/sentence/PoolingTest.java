package dev.gatun.models.sentence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolingTest {
    // Two sentences of three token states of width 2; the second has one padding token.
    private static final Tensor HIDDEN = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, 100, 100}, 2, 3, 2);
    private static final Tensor MASK = Tensor.of(new long[] {1, 1, 1, 1, 1, 0}, 2, 3);

    @Test
    void meanCountsOnlyRealTokens() {
        Tensor mean = new Pooling(PoolingMode.MEAN, 2).apply(HIDDEN, MASK);
        assertArrayEquals(new float[] {3, 4, -2, -3}, mean.toFloatArray());
    }

    @Test
    void maxIgnoresPadding() {
        Tensor max = new Pooling(PoolingMode.MAX, 2).apply(HIDDEN, MASK);
        assertArrayEquals(new float[] {5, 6, -1, -2}, max.toFloatArray());
    }

    @Test
    void clsTakesTheFirstToken() {
        Tensor cls = new Pooling(PoolingMode.CLS, 2).apply(HIDDEN, MASK);
        assertArrayEquals(new float[] {1, 2, -1, -2}, cls.toFloatArray());
    }

    @Test
    void raggedRowsPoolAsTheRealTokensOfAPaddedBatch() {
        // The same two sentences end to end, without the padding row: 3 + 2 rows.
        Tensor rows = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, -1, -2, -3, -4}, 5, 2);
        int[] lengths = {3, 2};
        for (PoolingMode mode : PoolingMode.values()) {
            Pooling pooling = new Pooling(mode, 2);
            assertArrayEquals(pooling.apply(HIDDEN, MASK).toFloatArray(), pooling.applyRagged(rows, lengths).toFloatArray(),
                    mode.name());
        }
        Pooling mean = new Pooling(PoolingMode.MEAN, 2);
        assertTrue(assertThrows(GatunException.class, () -> mean.applyRagged(rows, new int[] {3, 3}))
                .getMessage().contains("lengths sum to 6 but there are 5 token rows"));
        assertTrue(assertThrows(GatunException.class, () -> mean.applyRagged(rows, new int[] {5, 0}))
                .getMessage().contains("at least one token"));
        assertTrue(assertThrows(GatunException.class, () -> mean.applyRagged(HIDDEN, lengths))
                .getMessage().contains("token rows (R, 2)"));
    }

    @Test
    void normalizeGivesUnitRows() {
        Tensor n = Pooling.normalize(Tensor.of(new float[] {3, 4, 0, 0}, 2, 2));
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, n.toFloatArray(), 1e-7f);
    }

    @Test
    void meanPoolingIsDifferentiable() {
        Tensor h = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2).requiresGrad(true);
        new Pooling(PoolingMode.MEAN, 2).apply(h, Tensor.of(new long[] {1, 0}, 1, 2)).sum().backward();
        assertArrayEquals(new float[] {1, 1, 0, 0}, h.grad().toFloatArray());
    }

    @Test
    void configReadsTheOneTrueMode() {
        Map<String, Object> json = new Pooling(PoolingMode.MAX, 384).toJson();
        assertEquals(new Pooling(PoolingMode.MAX, 384), Pooling.fromJson(json, "x"));
        GatunException e = assertThrows(GatunException.class, () -> Pooling.fromJson(Map.of(
                "word_embedding_dimension", 4L, "pooling_mode_lasttoken", true), "p/config.json"));
        assertTrue(e.getMessage().contains("p/config.json: pooling_mode_lasttoken is not supported"), e.getMessage());
        e = assertThrows(GatunException.class, () -> Pooling.fromJson(Map.of("word_embedding_dimension", 4L,
                "pooling_mode_mean_tokens", true, "pooling_mode_cls_token", true), "p"));
        assertTrue(e.getMessage().contains("exactly one pooling mode"), e.getMessage());
    }

    @Test
    void wrongWidthIsReported() {
        assertThrows(GatunException.class, () -> new Pooling(PoolingMode.MEAN, 3).apply(HIDDEN, MASK));
    }
}
