package dev.gatun.tokenizers;

import dev.gatun.tensor.GatunException;
import dev.gatun.tokenizers.decoders.Decoder;
import dev.gatun.tokenizers.decoders.Decoders;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.models.Model;
import dev.gatun.tokenizers.models.Models;
import dev.gatun.tokenizers.normalizers.Normalizer;
import dev.gatun.tokenizers.normalizers.Normalizers;
import dev.gatun.tokenizers.pretokenizers.PreTokenizer;
import dev.gatun.tokenizers.pretokenizers.PreTokenizers;
import dev.gatun.tokenizers.processors.PostProcessor;
import dev.gatun.tokenizers.processors.PostProcessors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the top level of a {@code tokenizer.json} (format version 1.0) into a {@link Tokenizer}. */
final class TokenizerJson {

    private TokenizerJson() {
    }

    static Tokenizer read(Map<String, Object> root, String source) {
        ComponentConfig top = new ComponentConfig(root, "tokenizer", source);
        String version = top.string("version", "1.0");
        if (!version.equals("1.0")) {
            throw new GatunException(source + ": unknown tokenizer.json version \"" + version + "\"");
        }
        if (!top.has("model")) {
            throw new GatunException(source + ": has no \"model\"");
        }
        Model model = Models.fromJson(ComponentConfig.of(root.get("model"), "model", source));
        Normalizer normalizer = top.has("normalizer")
                ? Normalizers.fromJson(ComponentConfig.of(root.get("normalizer"), "normalizer", source)) : null;
        PreTokenizer preTokenizer = top.has("pre_tokenizer")
                ? PreTokenizers.fromJson(ComponentConfig.of(root.get("pre_tokenizer"), "pre_tokenizer", source)) : null;
        PostProcessor postProcessor = top.has("post_processor")
                ? PostProcessors.fromJson(ComponentConfig.of(root.get("post_processor"), "post_processor", source))
                : null;
        Decoder decoder = top.has("decoder")
                ? Decoders.fromJson(ComponentConfig.of(root.get("decoder"), "decoder", source)) : null;
        TruncationParams truncation = top.has("truncation")
                ? truncation(ComponentConfig.of(root.get("truncation"), "truncation", source)) : null;
        PaddingParams padding = top.has("padding")
                ? padding(ComponentConfig.of(root.get("padding"), "padding", source)) : null;
        List<AddedToken> added = top.has("added_tokens") ? addedTokens(top) : List.of();
        return new Tokenizer(model, normalizer, preTokenizer, postProcessor, decoder, added, truncation, padding, false);
    }

    private static List<AddedToken> addedTokens(ComponentConfig top) {
        List<AddedToken> tokens = new ArrayList<>();
        for (Object o : top.list("added_tokens")) {
            ComponentConfig t = top.child(o, "added token");
            tokens.add(new AddedToken(t.string("content"), t.bool("single_word", false), t.bool("lstrip", false),
                    t.bool("rstrip", false), t.bool("normalized", true), t.bool("special", false)));
        }
        return tokens;
    }

    private static TruncationParams truncation(ComponentConfig c) {
        TruncationParams.Strategy strategy = switch (c.string("strategy", "LongestFirst")) {
            case "LongestFirst" -> TruncationParams.Strategy.LONGEST_FIRST;
            case "OnlyFirst" -> TruncationParams.Strategy.ONLY_FIRST;
            case "OnlySecond" -> TruncationParams.Strategy.ONLY_SECOND;
            default -> throw new GatunException(c.source() + ": unknown truncation strategy \"" + c.string("strategy")
                    + "\"");
        };
        TruncationParams.Direction direction = switch (c.string("direction", "Right")) {
            case "Right" -> TruncationParams.Direction.RIGHT;
            case "Left" -> TruncationParams.Direction.LEFT;
            default -> throw new GatunException(c.source() + ": unknown truncation direction \""
                    + c.string("direction") + "\"");
        };
        return new TruncationParams(c.integer("max_length"), c.integer("stride", 0), strategy, direction);
    }

    private static PaddingParams padding(ComponentConfig c) {
        int fixed = 0;
        Object strategy = c.get("strategy");
        if (strategy instanceof Map<?, ?> m && m.get("Fixed") instanceof Long n) {
            fixed = n.intValue();
        } else if (strategy != null && !"BatchLongest".equals(strategy)) {
            throw new GatunException(c.source() + ": unknown padding strategy " + strategy);
        }
        PaddingParams.Direction direction = switch (c.string("direction", "Right")) {
            case "Right" -> PaddingParams.Direction.RIGHT;
            case "Left" -> PaddingParams.Direction.LEFT;
            default -> throw new GatunException(c.source() + ": unknown padding direction \"" + c.string("direction")
                    + "\"");
        };
        return new PaddingParams(fixed, direction, c.integer("pad_to_multiple_of", 0), c.integer("pad_id", 0),
                c.integer("pad_type_id", 0), c.string("pad_token", "[PAD]"));
    }
}
