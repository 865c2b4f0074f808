package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;

import java.util.ArrayList;
import java.util.List;

/** Builds the {@link PreTokenizer} described by a {@code "pre_tokenizer"} object of a {@code tokenizer.json}. */
public final class PreTokenizers {

    private PreTokenizers() {
    }

    /** Reads one pre-tokenizer; an unknown type is a {@link dev.gatun.tensor.GatunException} naming it. */
    public static PreTokenizer fromJson(ComponentConfig config) {
        return switch (config.type()) {
            case "ByteLevel" -> new ByteLevel(config.bool("add_prefix_space", true), config.bool("trim_offsets", true),
                    config.bool("use_regex", true));
            case "BertPreTokenizer" -> new BertPreTokenizer();
            case "Whitespace" -> new Whitespace();
            case "WhitespaceSplit" -> new WhitespaceSplit();
            case "Metaspace" -> metaspace(config);
            case "Split" -> new Split(config.pattern("pattern"), behavior(config, "behavior", null),
                    config.bool("invert", false));
            case "Digits" -> new Digits(config.bool("individual_digits", false));
            case "Punctuation" -> new Punctuation(behavior(config, "behavior", SplitDelimiterBehavior.ISOLATED));
            case "CharDelimiterSplit" -> {
                String d = config.string("delimiter");
                if (d.codePointCount(0, d.length()) != 1) {
                    throw config.error("needs a one-character delimiter but has \"" + d + "\"");
                }
                yield new CharDelimiterSplit(d.codePointAt(0));
            }
            case "Sequence" -> {
                List<PreTokenizer> parts = new ArrayList<>();
                for (Object o : config.list("pretokenizers")) {
                    parts.add(fromJson(config.child(o, config.kind())));
                }
                yield new Sequence(parts);
            }
            default -> throw config.unsupported();
        };
    }

    /** Reads a Metaspace, including files from before {@code prepend_scheme} existed. */
    public static Metaspace metaspace(ComponentConfig config) {
        String replacement = config.string("replacement", "\u2581");
        if (replacement.codePointCount(0, replacement.length()) != 1) {
            throw config.error("needs a one-character replacement but has \"" + replacement + "\"");
        }
        Metaspace.PrependScheme scheme = switch (config.string("prepend_scheme", "always")) {
            case "always" -> Metaspace.PrependScheme.ALWAYS;
            case "first" -> Metaspace.PrependScheme.FIRST;
            case "never" -> Metaspace.PrependScheme.NEVER;
            default -> throw config.error("has unknown prepend_scheme \"" + config.string("prepend_scheme") + "\"");
        };
        if (config.has("add_prefix_space") && !config.bool("add_prefix_space", true)) {
            if (config.has("prepend_scheme") && scheme != Metaspace.PrependScheme.NEVER) {
                throw config.error("has add_prefix_space false but prepend_scheme \"" + config.string("prepend_scheme")
                        + "\"");
            }
            scheme = Metaspace.PrependScheme.NEVER;
        }
        return new Metaspace(replacement.codePointAt(0), scheme, config.bool("split", true));
    }

    private static SplitDelimiterBehavior behavior(ComponentConfig config, String key, SplitDelimiterBehavior fallback) {
        if (!config.has(key) && fallback != null) {
            return fallback;
        }
        SplitDelimiterBehavior b = SplitDelimiterBehavior.fromJsonName(config.string(key));
        if (b == null) {
            throw config.error("has unknown " + key + " \"" + config.string(key) + "\"");
        }
        return b;
    }
}
