package dev.gatun.models.sentence;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pools token states (B, T, C) into sentence vectors (B, C) over the tokens an attention mask keeps, as
 * sentence-transformers' {@code Pooling} module. Differentiable, so it serves training as well.
 *
 * @param mode how to pool
 * @param dimension the width C of the token states
 */
public record Pooling(PoolingMode mode, int dimension) {
    /** The value masked-out tokens take for max pooling, as in sentence-transformers. */
    private static final double MAX_POOL_FILL = -1e9;

    public Pooling {
        if (mode == null || dimension < 1) {
            throw new GatunException("pooling needs a mode and a dimension >= 1, got " + mode + ", " + dimension);
        }
    }

    /**
     * Reads {@code 1_Pooling/config.json}: exactly one of the supported {@code pooling_mode_*} keys must be
     * true, and the others (weighted mean, last token, mean-sqrt-len) false or absent.
     */
    public static Pooling fromJson(Map<String, ?> json, String source) {
        List<PoolingMode> modes = new ArrayList<>();
        for (PoolingMode m : PoolingMode.values()) {
            if (Json.getBoolean(json, m.configKey(), false)) {
                modes.add(m);
            }
        }
        for (String unsupported : List.of("pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens",
                "pooling_mode_lasttoken")) {
            if (Json.getBoolean(json, unsupported, false)) {
                throw new GatunException(source + ": " + unsupported + " is not supported; Gatun pools by CLS, mean or max");
            }
        }
        if (modes.size() != 1) {
            throw new GatunException(source + ": expected exactly one pooling mode set to true, found " + modes);
        }
        return new Pooling(modes.getFirst(), Json.getInt(json, "word_embedding_dimension"));
    }

    /** The {@code 1_Pooling/config.json} content with every key sentence-transformers writes. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("word_embedding_dimension", dimension);
        m.put("pooling_mode_cls_token", mode == PoolingMode.CLS);
        m.put("pooling_mode_mean_tokens", mode == PoolingMode.MEAN);
        m.put("pooling_mode_max_tokens", mode == PoolingMode.MAX);
        m.put("pooling_mode_mean_sqrt_len_tokens", false);
        m.put("pooling_mode_weightedmean_tokens", false);
        m.put("pooling_mode_lasttoken", false);
        m.put("include_prompt", true);
        return m;
    }

    /**
     * Pools {@code hidden} (B, T, C) over the tokens where {@code attentionMask} (B, T) is 1.
     *
     * @return (B, C)
     */
    public Tensor apply(Tensor hidden, Tensor attentionMask) {
        if (hidden.rank() != 3 || hidden.size(2) != dimension) {
            throw new GatunException("pooling expects token states (B, T, " + dimension + "), got "
                    + java.util.Arrays.toString(hidden.shape()));
        }
        Tensor mask = attentionMask.detach().to(hidden.dtype()).unsqueeze(-1);   // (B, T, 1)
        return switch (mode) {
            case CLS -> hidden.select(1, 0);                                        // (B, C)
            case MEAN -> {
                Tensor sum = hidden.mul(mask).sum(1, false);                        // (B, C)
                Tensor count = mask.sum(1, false).maximum(Tensor.scalar(hidden.dtype(), 1e-9)); // (B, 1)
                yield sum.div(count);
            }
            case MAX -> {
                Tensor padding = mask.eq(0.0);                                       // (B, T, 1)
                yield hidden.maskedFill(padding, MAX_POOL_FILL).max(1, false);       // (B, C)
            }
        };
    }

    /**
     * Pools token rows (R, C) of sequences laid end to end, as {@link #apply} pools the real tokens of a
     * padded batch: sequence s is the next {@code lengths[s]} rows.
     *
     * @param lengths each sequence's length, at least 1, summing to R
     * @return (S, C), one vector per sequence
     */
    public Tensor applyRagged(Tensor rows, int[] lengths) {
        if (rows.rank() != 2 || rows.size(1) != dimension) {
            throw new GatunException("pooling expects token rows (R, " + dimension + "), got "
                    + java.util.Arrays.toString(rows.shape()));
        }
        long total = 0;
        for (int length : lengths) {
            if (length < 1) {
                throw new GatunException("pooling: every sequence needs at least one token, got lengths "
                        + java.util.Arrays.toString(lengths));
            }
            total += length;
        }
        if (total != rows.size(0)) {
            throw new GatunException("pooling: lengths sum to " + total + " but there are " + rows.size(0) + " token rows");
        }
        List<Tensor> pooled = new ArrayList<>(lengths.length);
        int start = 0;
        for (int length : lengths) {
            Tensor tokens = rows.narrow(0, start, length);                               // (T, C)
            pooled.add(switch (mode) {
                case CLS -> tokens.narrow(0, 0, 1);
                case MEAN -> tokens.sum(0, true).div((double) length);
                case MAX -> tokens.max(0, true);
            });
            start += length;
        }
        return Tensor.cat(pooled, 0);                                                     // (S, C)
    }

    /** Rows of {@code x} (B, C) divided by their L2 norm (at least 1e-12), as {@code F.normalize(x, p=2, dim=1)}. */
    public static Tensor normalize(Tensor x) {
        Tensor norm = x.mul(x).sum(-1, true).sqrt().maximum(Tensor.scalar(x.dtype(), 1e-12));   // (B, 1)
        return x.div(norm);
    }
}
