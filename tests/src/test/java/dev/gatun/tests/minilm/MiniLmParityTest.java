package dev.gatun.tests.minilm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.engine.embed.SentenceEmbedder;
import dev.gatun.models.sentence.SentenceEncoder;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tokenizers.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gatun's all-MiniLM-L6-v2, converted from the ONNX file and tokenized by Gatun's tokenizer, against the
 * embeddings ONNX Runtime computes from the same file: for every reference sentence, cosine similarity
 * at least 0.99999 and no component off by more than 1e-4; through the embedder (the fused inference
 * path), one at a time and as one batch of sentences end to end; through the fused path on one padded
 * batch; and through the composed model.
 */
class MiniLmParityTest {
    private static final double MIN_COSINE = 0.99999;
    private static final double MAX_ABS_DIFF = 1e-4;

    private static SentenceEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = SentenceEmbedder.load(MiniLm.folder());
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static void check(String how, List<MiniLm.Reference> refs, List<float[]> got) {
        double minCosine = 1;
        double maxDiff = 0;
        for (int i = 0; i < refs.size(); i++) {
            float[] expected = refs.get(i).embedding();
            float[] v = got.get(i);
            assertEquals(expected.length, v.length);
            double cosine = cosine(expected, v);
            double diff = 0;
            for (int j = 0; j < v.length; j++) {
                diff = Math.max(diff, Math.abs(expected[j] - v[j]));
            }
            assertTrue(cosine >= MIN_COSINE && diff <= MAX_ABS_DIFF, how + ": \"" + refs.get(i).text() + "\" has cosine "
                    + cosine + " and max abs difference " + diff);
            minCosine = Math.min(minCosine, cosine);
            maxDiff = Math.max(maxDiff, diff);
        }
        System.out.printf("all-MiniLM-L6-v2 parity, %s: %d sentences, min cosine %.12f, max abs difference %.3g%n",
                how, refs.size(), minCosine, maxDiff);
    }

    /** Cosine similarity in double precision (a float cannot tell 0.9999999 from 1). */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void eachSentenceAloneMatchesOnnxRuntime() {
        List<MiniLm.Reference> refs = MiniLm.references();
        assertEquals(30, refs.size());
        check("one at a time", refs, refs.stream().map(r -> embedder.embed(r.text())).toList());
    }

    @Test
    void oneBatchMatchesOnnxRuntime() {
        List<MiniLm.Reference> refs = MiniLm.references();
        check("one batch, end to end", refs, embedder.embedBatch(refs.stream().map(MiniLm.Reference::text).toList()));
    }

    /** The fused path on a batch padded to its longest sentence, as ONNX Runtime ran it. */
    @Test
    void paddedBatchMatchesOnnxRuntime() {
        List<MiniLm.Reference> refs = MiniLm.references();
        Tokenizer tokenizer = Tokenizer.fromFile(MiniLm.folder().resolve("tokenizer.json")).withPadding(null)
                .withTruncation(null);
        List<int[]> encoded = refs.stream().map(r -> tokenizer.encode(r.text(), true).ids()).toList();
        int b = encoded.size();
        int t = encoded.stream().mapToInt(ids -> ids.length).max().orElseThrow();
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < encoded.get(i).length; j++) {
                ids[i * t + j] = encoded.get(i)[j];
                mask[i * t + j] = 1;
            }
        }
        float[] flat;
        try (Scope s = Scope.open()) {
            flat = embedder.encoder().encode(Tensor.of(ids, b, t), Tensor.of(mask, b, t), null).toFloatArray();
        }
        int c = embedder.dimension();
        List<float[]> got = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            got.add(java.util.Arrays.copyOfRange(flat, i * c, (i + 1) * c));
        }
        check("one padded batch", refs, got);
    }

    /** The fused path again on each installed backend by name: pure Java always, native kernels when built. */
    @Test
    void everyInstalledBackendMatchesOnnxRuntime() {
        List<MiniLm.Reference> refs = MiniLm.references();
        List<String> texts = refs.stream().map(MiniLm.Reference::text).toList();
        try {
            for (Backend backend : Backends.installed()) {
                Backends.use(backend.name());
                check("backend " + backend.name() + ", one batch", refs, embedder.embedBatch(texts));
            }
        } finally {
            Backends.use(null);
        }
    }

    /** The composed, differentiable BertModel (the reference of the fused path) on the same inputs. */
    @Test
    void composedModelMatchesOnnxRuntime() {
        List<MiniLm.Reference> refs = MiniLm.references();
        Tokenizer tokenizer = Tokenizer.fromFile(MiniLm.folder().resolve("tokenizer.json")).withPadding(null)
                .withTruncation(null);
        SentenceEncoder encoder = embedder.encoder();
        List<float[]> got = new ArrayList<>();
        for (MiniLm.Reference r : refs) {
            int[] ids = tokenizer.encode(r.text(), true).ids();
            long[] longIds = java.util.Arrays.stream(ids).asLongStream().toArray();
            try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
                got.add(encoder.forward(Tensor.of(longIds, 1, ids.length), Tensor.ones(DType.I64, 1, ids.length), null)
                        .toFloatArray());
            }
        }
        check("composed model", refs, got);
    }

    @Test
    void publishedValuesOfTheFirstSentence() {
        // sentence-transformers publishes these for "The quick brown fox jumps over the lazy dog."
        float[] v = embedder.embed("The quick brown fox jumps over the lazy dog.");
        float[] published = {0.043933567f, 0.058934376f, 0.04817838f, 0.077548124f};
        for (int i = 0; i < published.length; i++) {
            assertEquals(published[i], v[i], 1e-5);
        }
    }
}
