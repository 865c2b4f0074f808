package dev.gatun.tokenizers;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tokenizers.decoders.Decoder;
import dev.gatun.tokenizers.models.Model;
import dev.gatun.tokenizers.normalizers.Normalizer;
import dev.gatun.tokenizers.pretokenizers.PreTokenizer;
import dev.gatun.tokenizers.processors.PostProcessor;
import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.text.PreTokenizedString;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A Hugging Face {@code tokenizer.json} tokenizer: text to token ids and back, id for id what the
 * reference {@code tokenizers} library produces, with offsets into the input.
 *
 * <p>The pipeline: added tokens are split out of the input, the rest is normalized, split into words
 * by the pre-tokenizer and tokenized word by word by the model; then the encoding is truncated,
 * framed with special tokens by the post-processor and padded.
 *
 * <p>A tokenizer is immutable and safe to use from many threads at once; {@code with...} methods return
 * a changed copy sharing the loaded vocabulary.
 *
 * {@snippet :
 * Tokenizer tokenizer = Tokenizer.fromFile(Path.of("tokenizer.json"));
 * Encoding e = tokenizer.encode("Hello world", true);
 * int[] ids = e.ids();
 * String text = tokenizer.decode(ids, true);
 * }
 */
public final class Tokenizer {
    private final Model model;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final List<AddedToken> addedTokens;
    private final AddedVocabulary addedVocabulary;
    private final boolean encodeSpecialTokens;
    private final EncodePipeline pipeline;

    Tokenizer(Model model, Normalizer normalizer, PreTokenizer preTokenizer, PostProcessor postProcessor,
            Decoder decoder, List<AddedToken> addedTokens, TruncationParams truncation, PaddingParams padding,
            boolean encodeSpecialTokens) {
        this(model, normalizer, preTokenizer, postProcessor, decoder, addedTokens,
                new AddedVocabulary(addedTokens, model, normalizer, encodeSpecialTokens), truncation, padding,
                encodeSpecialTokens);
    }

    private Tokenizer(Model model, Normalizer normalizer, PreTokenizer preTokenizer, PostProcessor postProcessor,
            Decoder decoder, List<AddedToken> addedTokens, AddedVocabulary addedVocabulary,
            TruncationParams truncation, PaddingParams padding, boolean encodeSpecialTokens) {
        this.model = model;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.addedTokens = List.copyOf(addedTokens);
        this.addedVocabulary = addedVocabulary;
        this.encodeSpecialTokens = encodeSpecialTokens;
        this.pipeline = new EncodePipeline(addedVocabulary, normalizer, preTokenizer, model, postProcessor, truncation,
                padding);
    }

    // ---- loading ------------------------------------------------------------------------------------

    /**
     * Loads a {@code tokenizer.json}. Truncation and padding set in the file stay on (as in the
     * reference); use {@link #withTruncation} and {@link #withPadding} to change them. A component
     * Gatun does not implement is a {@link GatunException} naming its type and the file.
     */
    public static Tokenizer fromFile(Path file) {
        return TokenizerJson.read(Json.parseObject(file), file.toString());
    }

    /** Loads a tokenizer from the text of a {@code tokenizer.json}. */
    public static Tokenizer fromJson(String json) {
        return TokenizerJson.read(Json.parseObject(json), "tokenizer JSON");
    }

    // ---- encoding -----------------------------------------------------------------------------------

    /** Encodes one input; {@code addSpecialTokens} lets the post-processor add [CLS], &lt;s&gt; and the like. */
    public Encoding encode(String text, boolean addSpecialTokens) {
        return pipeline.encode(text, null, addSpecialTokens);
    }

    /** Encodes one input with special tokens. */
    public Encoding encode(String text) {
        return encode(text, true);
    }

    /** Encodes a pair of inputs (question and context, two sentences) into one encoding. */
    public Encoding encodePair(String text, String pair, boolean addSpecialTokens) {
        return pipeline.encode(text, pair, addSpecialTokens);
    }

    /** Encodes many inputs, in parallel; with batch padding they are padded to the longest. */
    public List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        List<Encoding> out = IntStream.range(0, texts.size()).parallel()
                .mapToObj(i -> encode(texts.get(i), addSpecialTokens)).toList();
        return padBatch(out);
    }

    /** Encodes many pairs ({@code texts[i]}, {@code pairs[i]}), in parallel. */
    public List<Encoding> encodePairBatch(List<String> texts, List<String> pairs, boolean addSpecialTokens) {
        if (texts.size() != pairs.size()) {
            throw new GatunException("encodePairBatch: " + texts.size() + " texts but " + pairs.size() + " pairs");
        }
        List<Encoding> out = IntStream.range(0, texts.size()).parallel()
                .mapToObj(i -> encodePair(texts.get(i), pairs.get(i), addSpecialTokens)).toList();
        return padBatch(out);
    }

    private List<Encoding> padBatch(List<Encoding> encodings) {
        PaddingParams padding = pipeline.padding();
        return padding == null ? encodings : Padding.pad(encodings, padding);
    }

    // ---- decoding -----------------------------------------------------------------------------------

    /**
     * The text of {@code ids}; unknown ids are skipped, and with {@code skipSpecialTokens} so are
     * special tokens.
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String token = addedVocabulary.idToToken(id);
            if (token == null) {
                token = model.idToToken(id);
            }
            if (token == null || (skipSpecialTokens && addedVocabulary.isSpecialToken(token))) {
                continue;
            }
            tokens.add(token);
        }
        return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
    }

    /** Decodes many id sequences. */
    public List<String> decodeBatch(List<int[]> batch, boolean skipSpecialTokens) {
        return batch.stream().map(ids -> decode(ids, skipSpecialTokens)).toList();
    }

    // ---- vocabulary ---------------------------------------------------------------------------------

    /** The id of {@code token} (added tokens first, then the model's vocabulary), or -1. */
    public int tokenToId(String token) {
        int id = addedVocabulary.tokenToId(token);
        return id >= 0 ? id : model.tokenToId(token);
    }

    /** The token with {@code id}, or null. */
    public String idToToken(int id) {
        String token = addedVocabulary.idToToken(id);
        return token != null ? token : model.idToToken(id);
    }

    /** The number of distinct tokens, added tokens included. */
    public int vocabSize() {
        return vocabSize(true);
    }

    /** The number of distinct tokens, with or without the added tokens that are not in the model. */
    public int vocabSize(boolean withAddedTokens) {
        int n = model.vocabSize();
        if (withAddedTokens) {
            for (AddedToken t : addedVocabulary.tokens().values()) {
                if (model.tokenToId(t.content()) < 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The added tokens as listed in the file. */
    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    /** The added tokens by id, as they were registered. */
    public Map<Integer, AddedToken> addedTokensById() {
        return addedVocabulary.tokens();
    }

    // ---- components and settings --------------------------------------------------------------------

    /** The model. */
    public Model model() {
        return model;
    }

    /** The normalizer, if any. */
    public Optional<Normalizer> normalizer() {
        return Optional.ofNullable(normalizer);
    }

    /** The pre-tokenizer, if any. */
    public Optional<PreTokenizer> preTokenizer() {
        return Optional.ofNullable(preTokenizer);
    }

    /** The post-processor, if any. */
    public Optional<PostProcessor> postProcessor() {
        return Optional.ofNullable(postProcessor);
    }

    /** The decoder, if any. */
    public Optional<Decoder> decoder() {
        return Optional.ofNullable(decoder);
    }

    /** The truncation in effect, if any. */
    public Optional<TruncationParams> truncation() {
        return Optional.ofNullable(pipeline.truncation());
    }

    /** The padding in effect, if any. */
    public Optional<PaddingParams> padding() {
        return Optional.ofNullable(pipeline.padding());
    }

    /** A copy with other truncation; null turns it off. */
    public Tokenizer withTruncation(TruncationParams truncation) {
        return new Tokenizer(model, normalizer, preTokenizer, postProcessor, decoder, addedTokens, addedVocabulary,
                truncation, pipeline.padding(), encodeSpecialTokens);
    }

    /** A copy with other padding; null turns it off. */
    public Tokenizer withPadding(PaddingParams padding) {
        return new Tokenizer(model, normalizer, preTokenizer, postProcessor, decoder, addedTokens, addedVocabulary,
                pipeline.truncation(), padding, encodeSpecialTokens);
    }

    /**
     * A copy that treats special-token text in the input as ordinary text ({@code true}) instead of
     * matching it as the special token (the default).
     */
    public Tokenizer withEncodeSpecialTokens(boolean encode) {
        return new Tokenizer(model, normalizer, preTokenizer, postProcessor, decoder, addedTokens,
                pipeline.truncation(), pipeline.padding(), encode);
    }

    /** The encode steps, for tests that compare the general pipeline with its shortcut. */
    EncodePipeline pipeline() {
        return pipeline;
    }

    // ---- component oracles --------------------------------------------------------------------------

    /** The normalizer's output for {@code text} (the text itself when there is no normalizer). */
    public String normalize(String text) {
        return normalizer == null ? text : normalizer.normalizeString(text);
    }

    /**
     * The pre-tokenizer's words for {@code text}, with code-point offsets into it (one word, the whole
     * text, when there is no pre-tokenizer). Added tokens are not split out first.
     */
    public List<PreToken> preTokenize(String text) {
        PreTokenizedString pre = PreTokenizedString.from(text);
        if (preTokenizer != null) {
            preTokenizer.preTokenize(pre);
        }
        CodePointOffsets converter = new CodePointOffsets(text);
        List<PreToken> out = new ArrayList<>(pre.splits().size());
        for (PreTokenizedString.Split s : pre.splits()) {
            NormalizedString n = s.normalized();
            int[] range = n.offsetsOriginal();
            out.add(new PreToken(n.get(), converter.convert(range[0], range[1])));
        }
        return out;
    }
}
