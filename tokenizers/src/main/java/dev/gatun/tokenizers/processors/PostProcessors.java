package dev.gatun.tokenizers.processors;

import dev.gatun.tokenizers.json.ComponentConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link PostProcessor} described by a {@code "post_processor"} object of a {@code tokenizer.json}. */
public final class PostProcessors {

    private PostProcessors() {
    }

    /** Reads one post-processor; an unknown type is a {@link dev.gatun.tensor.GatunException} naming it. */
    public static PostProcessor fromJson(ComponentConfig config) {
        return switch (config.type()) {
            case "TemplateProcessing" -> template(config);
            case "BertProcessing" -> {
                Object[] sep = tokenAndId(config, "sep");
                Object[] cls = tokenAndId(config, "cls");
                yield new BertProcessing((String) sep[0], (Integer) sep[1], (String) cls[0], (Integer) cls[1]);
            }
            case "RobertaProcessing" -> {
                Object[] sep = tokenAndId(config, "sep");
                Object[] cls = tokenAndId(config, "cls");
                yield new RobertaProcessing((String) sep[0], (Integer) sep[1], (String) cls[0], (Integer) cls[1],
                        config.bool("trim_offsets", true), config.bool("add_prefix_space", true));
            }
            case "ByteLevel" -> new ByteLevel(config.bool("add_prefix_space", true), config.bool("trim_offsets", true),
                    config.bool("use_regex", true));
            case "Sequence" -> {
                List<PostProcessor> parts = new ArrayList<>();
                for (Object o : config.list("processors")) {
                    parts.add(fromJson(config.child(o, config.kind())));
                }
                yield new Sequence(parts);
            }
            default -> throw config.unsupported();
        };
    }

    /** A {@code ["[SEP]", 102]} pair. */
    private static Object[] tokenAndId(ComponentConfig config, String key) {
        List<Object> pair = config.list(key);
        if (pair.size() != 2 || !(pair.get(0) instanceof String token) || !(pair.get(1) instanceof Long id)) {
            throw config.error("needs \"" + key + "\" as [token, id]");
        }
        return new Object[] {token, id.intValue()};
    }

    private static TemplateProcessing template(ComponentConfig config) {
        Map<String, TemplateProcessing.SpecialToken> specials = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.object("special_tokens").entrySet()) {
            ComponentConfig t = config.child(e.getValue(), config.kind());
            List<Object> rawIds = t.list("ids");
            int[] ids = new int[rawIds.size()];
            for (int i = 0; i < ids.length; i++) {
                if (!(rawIds.get(i) instanceof Long id)) {
                    throw config.error("has special token \"" + e.getKey() + "\" with a non-integer id");
                }
                ids[i] = id.intValue();
            }
            List<String> tokens = new ArrayList<>();
            for (Object o : t.list("tokens")) {
                tokens.add(String.valueOf(o));
            }
            specials.put(e.getKey(), new TemplateProcessing.SpecialToken(t.string("id", e.getKey()), ids, tokens));
        }
        try {
            return new TemplateProcessing(pieces(config, "single"), pieces(config, "pair"), specials);
        } catch (dev.gatun.tensor.GatunException ex) {
            throw config.error(ex.getMessage());
        }
    }

    private static List<TemplateProcessing.Piece> pieces(ComponentConfig config, String key) {
        List<TemplateProcessing.Piece> pieces = new ArrayList<>();
        for (Object o : config.list(key)) {
            pieces.add(o instanceof String s ? pieceFromString(config, s) : pieceFromObject(config, o));
        }
        return pieces;
    }

    /** {@code {"Sequence": {"id": "A", "type_id": 0}}} or {@code {"SpecialToken": {"id": "[CLS]", "type_id": 0}}}. */
    private static TemplateProcessing.Piece pieceFromObject(ComponentConfig config, Object o) {
        ComponentConfig piece = config.child(o, config.kind());
        if (piece.has("Sequence")) {
            ComponentConfig s = config.child(piece.get("Sequence"), config.kind());
            String id = s.string("id");
            if (!id.equals("A") && !id.equals("B")) {
                throw config.error("has a template sequence \"" + id + "\"; only A and B exist");
            }
            return new TemplateProcessing.SequencePiece(id.equals("A") ? 0 : 1, s.integer("type_id", 0));
        }
        if (piece.has("SpecialToken")) {
            ComponentConfig s = config.child(piece.get("SpecialToken"), config.kind());
            return new TemplateProcessing.SpecialTokenPiece(s.string("id"), s.integer("type_id", 0));
        }
        throw config.error("has a template piece that is neither Sequence nor SpecialToken");
    }

    /** The string form {@code "$A:0"}, {@code "$B"}, {@code "$1"}, {@code "[SEP]:1"}. */
    private static TemplateProcessing.Piece pieceFromString(ComponentConfig config, String s) {
        String[] parts = s.split(":", -1);
        if (parts.length > 2) {
            throw config.error("has template piece \"" + s + "\"");
        }
        int typeId = 0;
        if (parts.length == 2) {
            try {
                typeId = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw config.error("has template piece \"" + s + "\" with a bad type id");
            }
        }
        String id = parts[0];
        if (!id.startsWith("$")) {
            return new TemplateProcessing.SpecialTokenPiece(id, typeId);
        }
        String rest = id.substring(1);
        return switch (rest) {
            case "", "A", "a" -> new TemplateProcessing.SequencePiece(0, typeId);
            case "B", "b" -> new TemplateProcessing.SequencePiece(1, typeId);
            default -> {
                try {
                    // "$1" means sequence A with type id 1 (an explicit ":n" wins)
                    int t = Integer.parseInt(rest);
                    yield new TemplateProcessing.SequencePiece(0, parts.length == 2 ? typeId : t);
                } catch (NumberFormatException e) {
                    throw config.error("has template piece \"" + s + "\"");
                }
            }
        };
    }
}
