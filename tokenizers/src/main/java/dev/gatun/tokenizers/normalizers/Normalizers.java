package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.json.ComponentConfig;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Builds the {@link Normalizer} described by a {@code "normalizer"} object of a {@code tokenizer.json}. */
public final class Normalizers {

    private Normalizers() {
    }

    /** Reads one normalizer; an unknown type is a {@link dev.gatun.tensor.GatunException} naming it. */
    public static Normalizer fromJson(ComponentConfig config) {
        return switch (config.type()) {
            case "BertNormalizer", "Bert" -> new BertNormalizer(config.bool("clean_text", true),
                    config.bool("handle_chinese_chars", true),
                    config.has("strip_accents") ? config.bool("strip_accents", false) : null,
                    config.bool("lowercase", true));
            case "Lowercase" -> new Lowercase();
            case "NFC" -> new NFC();
            case "NFD" -> new NFD();
            case "NFKC" -> new NFKC();
            case "NFKD" -> new NFKD();
            case "StripAccents" -> new StripAccents();
            case "Nmt" -> new Nmt();
            case "ByteLevel" -> new ByteLevel();
            case "Strip" -> new Strip(config.bool("strip_left", false), config.bool("strip_right", false));
            case "Replace" -> new Replace(config.pattern("pattern"), config.string("content"));
            case "Prepend" -> new Prepend(config.string("prepend"));
            case "Precompiled" -> precompiled(config);
            case "Sequence" -> {
                List<Normalizer> parts = new ArrayList<>();
                for (Object o : config.list("normalizers")) {
                    parts.add(fromJson(config.child(o, config.kind())));
                }
                yield new Sequence(parts);
            }
            default -> throw config.unsupported();
        };
    }

    private static Precompiled precompiled(ComponentConfig config) {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(config.string("precompiled_charsmap"));
        } catch (IllegalArgumentException e) {
            throw config.error("has a precompiled_charsmap that is not base64: " + e.getMessage());
        }
        CharsMap map = CharsMap.parse(data);
        if (map == null) {
            throw config.error("has a precompiled_charsmap that cannot be parsed");
        }
        return new Precompiled(map);
    }
}
