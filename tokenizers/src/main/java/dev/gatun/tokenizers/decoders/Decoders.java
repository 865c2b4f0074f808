package dev.gatun.tokenizers.decoders;

import dev.gatun.tokenizers.json.ComponentConfig;

import java.util.ArrayList;
import java.util.List;

/** Builds the {@link Decoder} described by a {@code "decoder"} object of a {@code tokenizer.json}. */
public final class Decoders {

    private Decoders() {
    }

    /** Reads one decoder; an unknown type is a {@link dev.gatun.tensor.GatunException} naming it. */
    public static Decoder fromJson(ComponentConfig config) {
        return switch (config.type()) {
            case "ByteLevel" -> new ByteLevel();
            case "WordPiece" -> new WordPiece(config.string("prefix", "##"), config.bool("cleanup", true));
            case "Metaspace" -> {
                var m = dev.gatun.tokenizers.pretokenizers.PreTokenizers.metaspace(config);
                yield new Metaspace(m.replacement(),
                        m.prependScheme() != dev.gatun.tokenizers.pretokenizers.Metaspace.PrependScheme.NEVER);
            }
            case "ByteFallback" -> new ByteFallback();
            case "Fuse" -> new Fuse();
            case "Strip" -> {
                String content = config.string("content");
                if (content.codePointCount(0, content.length()) != 1) {
                    throw config.error("needs a one-character content but has \"" + content + "\"");
                }
                yield new Strip(content.codePointAt(0), config.integer("start", 0), config.integer("stop", 0));
            }
            case "Replace" -> new Replace(config.pattern("pattern"), config.string("content"));
            case "BPEDecoder" -> new BPEDecoder(config.string("suffix", "</w>"));
            case "CTC" -> new CTC(config.string("pad_token", "<pad>"), config.string("word_delimiter_token", "|"),
                    config.bool("cleanup", true));
            case "Sequence" -> {
                List<Decoder> parts = new ArrayList<>();
                for (Object o : config.list("decoders")) {
                    parts.add(fromJson(config.child(o, config.kind())));
                }
                yield new Sequence(parts);
            }
            default -> throw config.unsupported();
        };
    }
}
