package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.GatunException;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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

    /**
     * Sequences end to end give each sequence's rows of a padded forward; lengths on both sides of the
     * score rows' vector width, so some sequences need their padding columns masked and some do not.
     */
    @Property(tries = 12)
    void raggedRowsMatchThePaddedBatch(@ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 12) Integer> lengthList,
                                       @ForAll long seed) {
        BertModel model = BertModelTest.spread(BertModelTest.tiny(false, 46), 47);
        model.eval();
        BertInference fast = BertInference.of(model);
        int[] lengths = lengthList.stream().mapToInt(Integer::intValue).toArray();
        int b = lengths.length;
        int t = java.util.Arrays.stream(lengths).max().orElseThrow();
        int rows = java.util.Arrays.stream(lengths).sum();
        SplittableRandom rng = new SplittableRandom(seed);
        long[] padded = new long[b * t];
        long[] mask = new long[b * t];
        long[] paddedTypes = new long[b * t];
        long[] ids = new long[rows];
        long[] types = new long[rows];
        for (int s = 0, r = 0; s < b; s++) {
            for (int i = 0; i < lengths[s]; i++, r++) {
                ids[r] = rng.nextInt(40);
                types[r] = rng.nextInt(2);
                padded[s * t + i] = ids[r];
                paddedTypes[s * t + i] = types[r];
                mask[s * t + i] = 1;
            }
        }
        try (Scope sc = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor whole = fast.forward(Tensor.of(padded, b, t), Tensor.of(mask, b, t), Tensor.of(paddedTypes, b, t));
            Tensor ragged = fast.forwardRagged(Tensor.of(ids, rows), Tensor.of(types, rows), lengths);
            assertArrayEquals(new int[] {rows, 16}, ragged.shape());
            for (int s = 0, start = 0; s < b; s++) {
                float[] expected = whole.narrow(0, s, 1).narrow(1, 0, lengths[s]).contiguous().toFloatArray();
                assertArrayEquals(expected, ragged.narrow(0, start, lengths[s]).contiguous().toFloatArray(), 1e-5f,
                        "sequence " + s + " of lengths " + lengthList);
                start += lengths[s];
            }
        }
    }

    @Test
    void raggedInputsAreChecked() {
        BertInference fast = BertInference.of(BertModelTest.tiny(false, 48));
        Tensor ids = Tensor.of(new long[] {1, 2, 3}, 3);
        try (Scope sc = Scope.open()) {
            assertTrue(assertThrows(GatunException.class, () -> fast.forwardRagged(ids, null, new int[] {2, 2}))
                    .getMessage().contains("input_ids must be integer (4)"));
            assertTrue(assertThrows(GatunException.class, () -> fast.forwardRagged(ids, null, new int[] {3, 0}))
                    .getMessage().contains("length of sequence 1 must be in [1, "));
            assertTrue(assertThrows(GatunException.class,
                    () -> fast.forwardRagged(ids, Tensor.of(new long[] {0, 0}, 2), new int[] {3}))
                    .getMessage().contains("token_type_ids must be integer (3)"));
            assertTrue(assertThrows(GatunException.class,
                    () -> fast.forwardRagged(Tensor.of(new long[] {1, 2, 999}, 3), null, new int[] {3}))
                    .getMessage().contains("token id 999 out of range"));
        }
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
