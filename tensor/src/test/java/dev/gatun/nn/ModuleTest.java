package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ModuleTest {
    /** BERT's attention naming: {@code attention.self.query}, {@code attention.output.dense}. */
    static final class SelfAttention extends Module {
        SelfAttention(int dim, RandomGenerator rng) {
            registerModule("query", new Linear(dim, dim, true, rng));
            registerModule("key", new Linear(dim, dim, true, rng));
        }
    }

    static final class Attention extends Module {
        Attention(int dim, RandomGenerator rng) {
            registerModule("self", new SelfAttention(dim, rng));
            registerModule("output", new Sequential(new Linear(dim, dim, false, rng), new LayerNorm(dim)));
        }
    }

    static final class Block extends Module {
        Block(int dim, RandomGenerator rng) {
            registerModule("attention", new Attention(dim, rng));
        }
    }

    static final class Encoder extends Module {
        final ModuleList<Block> layer = new ModuleList<>();

        Encoder(int layers, int dim, RandomGenerator rng) {
            registerBuffer("position_ids", Tensor.arange(4));
            registerBuffer("rope_cache", Tensor.zeros(2), false);
            for (int i = 0; i < layers; i++) {
                layer.add(new Block(dim, rng));
            }
            registerModule("layer", layer);
        }
    }

    static final class Model extends Module {
        Model(int seed) {
            registerModule("encoder", new Encoder(2, 3, new SplittableRandom(seed)));
        }
    }

    private static Sequential mlp(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Sequential(new Linear(3, 4, true, rng), new ReLU(), new Dropout(0.1, rng), new Linear(4, 2, true, rng));
    }

    @Test
    void nestedChildrenGiveDottedNames() {
        Model model = new Model(1);
        List<String> expected = List.of(
                "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.query.bias",
                "encoder.layer.0.attention.self.key.weight", "encoder.layer.0.attention.self.key.bias",
                "encoder.layer.0.attention.output.0.weight",
                "encoder.layer.0.attention.output.1.weight", "encoder.layer.0.attention.output.1.bias",
                "encoder.layer.1.attention.self.query.weight", "encoder.layer.1.attention.self.query.bias",
                "encoder.layer.1.attention.self.key.weight", "encoder.layer.1.attention.self.key.bias",
                "encoder.layer.1.attention.output.0.weight",
                "encoder.layer.1.attention.output.1.weight", "encoder.layer.1.attention.output.1.bias");
        assertEquals(expected, List.copyOf(model.namedParameters().keySet()));
        assertEquals(List.of("encoder.position_ids", "encoder.rope_cache"), List.copyOf(model.namedBuffers().keySet()));
        assertTrue(model.stateDict().containsKey("encoder.position_ids"));
        assertFalse(model.stateDict().containsKey("encoder.rope_cache"), "non-persistent buffers stay out");
        assertEquals(expected.size() + 1, model.stateDict().size());
        assertTrue(model.namedModules().containsKey("encoder.layer.1.attention.self"));
        // 2 blocks x (2 x (9 + 3) + 9 + 3 + 3)
        assertEquals(2 * (2 * 12 + 15), model.numParameters());
        for (Tensor p : model.parameters()) {
            assertTrue(p.requiresGrad());
        }
    }

    @Test
    void sequentialNamesChildrenByIndex() {
        Sequential net = mlp(0);
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals(4, net.size());
        assertTrue(net.get(2) instanceof Dropout);
        assertArrayEquals(new int[] {4, 3}, net.namedParameters().get("0.weight").shape());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, net.numParameters());
    }

    /** A head that reuses the embedding table as its weight, as GPT-2 ties {@code lm_head} to {@code wte}. */
    static final class TiedHead extends Module {
        TiedHead(Tensor weight) {
            registerParameter("weight", weight);
        }
    }

    static final class TiedModel extends Module {
        TiedModel() {
            Embedding wte = registerModule("wte", new Embedding(5, 3, new SplittableRandom(0)));
            registerModule("lm_head", new TiedHead(wte.weight()));
        }
    }

    @Test
    void sharedParameterIsCountedOnceAndSavedUnderEachName() {
        TiedModel m = new TiedModel();
        assertEquals(List.of("wte.weight"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(1, m.parameters().size(), "an optimizer must see a tied weight once");
        assertEquals(List.of("wte.weight", "lm_head.weight"), List.copyOf(m.stateDict().keySet()));
        assertEquals(15, m.numParameters());
    }

    @Test
    void stateDictRoundTripCopiesValuesIntoTheSameTensors() {
        Sequential source = mlp(1);
        Sequential target = mlp(2);
        Map<String, Tensor> before = target.namedParameters();
        Module.LoadResult result = target.loadStateDict(source.stateDict(), true);
        assertTrue(result.isExact());
        source.stateDict().forEach((k, v) ->
                assertArrayEquals(v.toFloatArray(), target.stateDict().get(k).toFloatArray(), 0f, k));
        target.namedParameters().forEach((k, v) -> assertSame(before.get(k), v, "tensor identity of " + k));
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.F32, 5, 3);
        source.eval();
        target.eval();
        assertArrayEquals(source.forward(x).toFloatArray(), target.forward(x).toFloatArray(), 0f);
    }

    @Test
    void bf16CheckpointLoadsIntoF32Parameters() {
        Sequential source = mlp(1);
        Map<String, Tensor> bf16 = new LinkedHashMap<>();
        source.stateDict().forEach((k, v) -> bf16.put(k, v.to(DType.BF16)));
        Sequential target = mlp(2);
        target.loadStateDict(bf16, true);
        Tensor w = target.namedParameters().get("0.weight");
        assertEquals(DType.F32, w.dtype());
        assertArrayEquals(bf16.get("0.weight").toFloatArray(), w.toFloatArray(), 0f);
    }

    @Test
    void strictLoadReportsMissingUnexpectedAndMismatchedKeysAtOnce() {
        Sequential target = mlp(2);
        float[] untouched = target.namedParameters().get("0.weight").toFloatArray();
        Map<String, Tensor> state = new LinkedHashMap<>(mlp(1).stateDict());
        state.remove("3.bias");
        state.put("4.weight", Tensor.zeros(2, 2));
        state.put("3.weight", Tensor.zeros(4, 2));
        GatunException e = assertThrows(GatunException.class, () -> target.loadStateDict(state, true));
        String msg = e.getMessage();
        assertTrue(msg.contains("missing keys: 3.bias"), msg);
        assertTrue(msg.contains("unexpected keys: 4.weight"), msg);
        assertTrue(msg.contains("3.weight (expected [2, 4], got [4, 2])"), msg);
        assertArrayEquals(untouched, target.namedParameters().get("0.weight").toFloatArray(), 0f,
                "a failed load copies nothing");
    }

    @Test
    void nonStrictLoadReportsKeysButStillRejectsShapeMismatch() {
        Sequential target = mlp(2);
        Map<String, Tensor> state = new LinkedHashMap<>(mlp(1).stateDict());
        state.remove("3.bias");
        state.put("extra", Tensor.zeros(1));
        Module.LoadResult r = target.loadStateDict(state, false);
        assertEquals(List.of("3.bias"), r.missingKeys());
        assertEquals(List.of("extra"), r.unexpectedKeys());
        assertArrayEquals(state.get("0.weight").toFloatArray(), target.namedParameters().get("0.weight").toFloatArray(), 0f);

        state.put("0.bias", Tensor.zeros(5));
        GatunException e = assertThrows(GatunException.class, () -> target.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("0.bias (expected [4], got [5])"), e.getMessage());
    }

    @Test
    void trainAndEvalPropagateToChildren() {
        Model model = new Model(0);
        Sequential out = (Sequential) model.namedModules().get("encoder.layer.1.attention.output");
        assertTrue(out.isTraining());
        model.eval();
        for (Module m : model.namedModules().values()) {
            assertFalse(m.isTraining());
        }
        model.train();
        assertTrue(out.get(1).isTraining());
    }

    @Test
    void zeroGradZeroesInPlaceOrDrops() {
        Sequential net = mlp(0);
        net.eval();
        net.forward(Tensor.ones(DType.F32, 2, 3)).sum().backward();
        Tensor w = net.namedParameters().get("0.weight");
        Tensor grad = w.grad();
        assertTrue(grad.abs().sum().item() > 0);
        net.zeroGrad();
        assertSame(grad, w.grad(), "the gradient keeps its memory");
        assertEquals(0.0, grad.abs().sum().item());
        net.zeroGrad(true);
        assertNull(w.grad());
    }

    @Test
    void badRegistrationsAreRejected() {
        assertThrows(GatunException.class, () -> new Module() {
            {
                registerParameter("w", Tensor.zeros(1));
                registerBuffer("w", Tensor.zeros(1));
            }
        });
        GatunException e = assertThrows(GatunException.class, () -> new Module() {
            {
                registerModule("a.b", new ReLU());
            }
        });
        assertTrue(e.getMessage().contains("'a.b'"), e.getMessage());
    }

    @Test
    void toStringShowsTheTree() {
        String s = mlp(0).toString();
        assertTrue(s.startsWith("Sequential("), s);
        assertTrue(s.contains("(0): Linear(in_features=3, out_features=4, bias=true)"), s);
        assertTrue(s.contains("(2): Dropout(p=0.1)"), s);
    }
}
