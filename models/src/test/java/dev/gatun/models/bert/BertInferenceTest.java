package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused inference path against the composed model it is a snapshot of. */
class BertInferenceTest {

    private static void assertSameOutput(BertConfig config, long seed) {
        BertModel model = new BertModel(config, false, new SplittableRandom(seed));
        model.eval();
        BertModelTest.spread(model, seed + 1);
        BertInference fast = BertInference.of(model);
        long[][] rows = {{2, 17, 33, 5, 9, 0, 4}, {7, 8, 39, 1, 0, 0, 0}, {3, 3, 3, 3, 3, 3, 3}};
        Tensor ids = BertModelTest.ids(rows);
        Tensor mask = Tensor.of(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, 3, 7);
        Tensor types = Tensor.of(new long[] {0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 3, 7);
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            float[] expected = model.forward(ids, mask, types).lastHiddenState().toFloatArray();
            assertArrayEquals(expected, fast.forward(ids, mask, types).toFloatArray(), 1e-4f);
            float[] noMask = model.forward(ids, null, null).lastHiddenState().toFloatArray();
            assertArrayEquals(noMask, fast.forward(ids, null, null).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void matchesTheComposedModelWithGelu() {
        assertSameOutput(BertModelTest.TINY, 40);
    }

    @Test
    void matchesTheComposedModelWithOtherActivationsAndOddSizes() {
        assertSameOutput(new BertConfig(40, 15, 2, 3, 29, "gelu_new", 0.1, 0.1, 12, 2, 1e-5, 0), 41);
        assertSameOutput(new BertConfig(40, 12, 1, 2, 20, "relu", 0.1, 0.1, 12, 2, 1e-12, 0), 42);
    }

    @Test
    void snapshotDoesNotFollowLaterChanges() {
        BertModel model = BertModelTest.spread(BertModelTest.tiny(false, 43), 44);
        BertInference before = BertInference.of(model);
        Tensor ids = BertModelTest.ids(new long[][] {{1, 2, 3}});
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            float[] old = before.forward(ids, null, null).toFloatArray();
            model.namedParameters().get("encoder.layer.0.intermediate.dense.weight").mul_(2.0);
            assertArrayEquals(old, before.forward(ids, null, null).toFloatArray());
            float[] changed = BertInference.of(model).forward(ids, null, null).toFloatArray();
            assertFalse(java.util.Arrays.equals(old, changed));
        }
    }

    @Test
    void recordsNoGraphEvenWhenGradIsOn() {
        BertModel model = BertModelTest.tiny(false, 45);
        Tensor out = BertInference.of(model).forward(BertModelTest.ids(new long[][] {{1, 2}}), null, null);
        assertFalse(out.requiresGrad());
        assertTrue(out.isContiguous());
        assertArrayEquals(new int[] {1, 2, 16}, out.shape());
        assertTrue(out.dtype() == DType.F32);
    }
}
