package dev.gatun.engine.embed;

import dev.gatun.models.sentence.SentenceEncoder;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tokenizers.Encoding;
import dev.gatun.tokenizers.Tokenizer;
import dev.gatun.tokenizers.TruncationParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text in, sentence vectors out, as sentence-transformers' {@code encode}: the model folder's
 * {@code tokenizer.json}, its BERT, its pooling and normalisation.
 *
 * <p>Lists of texts are embedded in batches of {@link #batchSize()}, in order. A batch is never padded:
 * its sentences run end to end ({@link SentenceEncoder#encodeRagged}), so it costs its real tokens
 * whatever the mix of lengths, and the vectors equal those of a padded batch. Inputs longer than
 * {@link #maxSeqLength()} tokens are truncated, as sentence-transformers does; the padding and
 * truncation written in {@code tokenizer.json} are replaced by the embedder's own.
 *
 * <p><b>Threads.</b> The loaded model and tokenizer are immutable: any number of threads may call the
 * {@code embed} methods at once. Each call runs in its own {@link Scope} without autograd, so its
 * intermediates are freed when it returns.
 *
 * <p><b>Memory.</b> The weights live in a scope the embedder owns; {@link #close()} frees them.
 *
 * {@snippet :
 * try (SentenceEmbedder embedder = SentenceEmbedder.load(Path.of("models/all-minilm-l6-v2"))) {
 *     List<float[]> vectors = embedder.embed(List.of("A man is eating food.", "A man eats."));
 *     float similarity = SentenceEmbedder.cosine(vectors.get(0), vectors.get(1));
 * }
 * }
 */
public final class SentenceEmbedder implements AutoCloseable {
    /** Texts per forward pass when none is chosen, as sentence-transformers' default. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final Scope weights;
    private final SentenceEncoder encoder;
    private final Tokenizer tokenizer;
    private final int batchSize;

    private SentenceEmbedder(Scope weights, SentenceEncoder encoder, Tokenizer tokenizer, int batchSize) {
        this.weights = weights;
        this.encoder = encoder;
        this.tokenizer = tokenizer.withPadding(null).withTruncation(TruncationParams.of(encoder.maxSeqLength()));
        this.batchSize = batchSize;
    }

    /** Loads a model folder with the default batch size. */
    public static SentenceEmbedder load(Path folder) {
        return load(folder, DEFAULT_BATCH_SIZE);
    }

    /**
     * Loads a model folder: {@code config.json}, safetensors weights, {@code tokenizer.json}, and the
     * sentence-transformers files when present (otherwise mean pooling without normalisation).
     *
     * @throws GatunException if the folder or one of its files is missing or invalid
     */
    public static SentenceEmbedder load(Path folder, int batchSize) {
        if (batchSize < 1) {
            throw new GatunException("batch size must be >= 1, got " + batchSize);
        }
        if (!Files.isDirectory(folder)) {
            throw new GatunException(folder + ": " + (Files.exists(folder) ? "is not a folder" : "no such folder")
                    + "; expected a model folder with config.json, model.safetensors and tokenizer.json");
        }
        Path tokenizerFile = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new GatunException(folder + ": has no tokenizer.json; sentence embeddings need one"
                    + " (gatun convert --tokenizer FILE adds it)");
        }
        Tokenizer tokenizer = Tokenizer.fromFile(tokenizerFile);
        Scope weights = Scope.create();
        try (Scope.Entered ignored = weights.enter()) {
            return new SentenceEmbedder(weights, SentenceEncoder.load(folder), tokenizer, batchSize);
        } catch (RuntimeException | Error e) {
            weights.close();
            throw e;
        }
    }

    /** The vector of one text. */
    public float[] embed(String text) {
        return embedBatch(List.of(text)).getFirst();
    }

    /** The vectors of {@code texts}, in order, in batches of {@link #batchSize()}. */
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += batchSize) {
            out.addAll(embedBatch(texts.subList(start, Math.min(texts.size(), start + batchSize))));
        }
        return out;
    }

    /** The vectors of {@code texts} as one forward pass, in order. */
    public List<float[]> embedBatch(List<String> texts) {
        return forward(encode(texts));
    }

    private List<Encoding> encode(List<String> texts) {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (String t : texts) {
            Encoding e = tokenizer.encode(t, true);
            if (e.length() == 0) {
                throw new GatunException("text " + encodings.size() + " (\"" + t + "\") has no tokens: this tokenizer"
                        + " adds no special tokens, so there is nothing to embed");
            }
            encodings.add(e);
        }
        return encodings;
    }

    /** One batch through the model, sentences end to end: ids and types (R) in, vectors (B, C) out. */
    private List<float[]> forward(List<Encoding> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        int b = batch.size();
        int[] lengths = new int[b];
        int rows = 0;
        for (int i = 0; i < b; i++) {
            lengths[i] = batch.get(i).length();
            rows += lengths[i];
        }
        long[] ids = new long[rows];
        long[] types = new long[rows];
        for (int i = 0, r = 0; i < b; i++) {
            Encoding e = batch.get(i);
            for (int j = 0; j < e.length(); j++, r++) {
                ids[r] = e.ids()[j];
                types[r] = e.typeIds()[j];
            }
        }
        float[] flat;
        try (Scope request = Scope.open(); Autograd.NoGrad ignored = Autograd.noGrad()) {
            flat = encoder.encodeRagged(Tensor.of(ids, rows), Tensor.of(types, rows), lengths).toFloatArray(); // (B, C)
        }
        int c = encoder.dimension();
        List<float[]> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(Arrays.copyOfRange(flat, i * c, (i + 1) * c));
        }
        return out;
    }

    /** The cosine similarity of two vectors (their dot product when both have unit length). */
    public static float cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new GatunException("cosine of vectors of lengths " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return (float) (dot / Math.max(Math.sqrt(na * nb), 1e-12));
    }

    /** The length of the vectors. */
    public int dimension() {
        return encoder.dimension();
    }

    /** Texts per forward pass in {@link #embed(List)}. */
    public int batchSize() {
        return batchSize;
    }

    /** The longest input in tokens, special tokens included; longer inputs are truncated. */
    public int maxSeqLength() {
        return encoder.maxSeqLength();
    }

    /** Whether vectors have unit length. */
    public boolean normalizes() {
        return encoder.config().normalize();
    }

    public SentenceEncoder encoder() {
        return encoder;
    }

    /** Frees the weights; the embedder cannot be used afterwards. */
    @Override
    public void close() {
        weights.close();
    }
}
