package dev.gatun.tokenizers.models;

import dev.gatun.tokenizers.json.ComponentConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * A token ↔ id vocabulary read from a {@code "vocab"} JSON object. Immutable.
 */
final class Vocab {
    private final HashMap<String, Integer> ids;
    private final String[] tokens;

    private Vocab(HashMap<String, Integer> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    /** Reads {@code {"token": id, ...}}. */
    static Vocab fromJson(ComponentConfig config) {
        Map<String, Object> vocab = config.object("vocab");
        HashMap<String, Integer> ids = HashMap.newHashMap(vocab.size());
        int maxId = -1;
        for (Map.Entry<String, Object> e : vocab.entrySet()) {
            if (!(e.getValue() instanceof Long id) || id < 0 || id > Integer.MAX_VALUE - 8) {
                throw config.error("has vocabulary entry \"" + e.getKey() + "\" without a valid id");
            }
            ids.put(e.getKey(), id.intValue());
            maxId = Math.max(maxId, id.intValue());
        }
        String[] tokens = new String[maxId + 1];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            tokens[e.getValue()] = e.getKey();
        }
        return new Vocab(ids, tokens);
    }

    /** The id of {@code token}, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** The token with {@code id}, or null. */
    String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    /** The tokens starting with {@code prefix}, without it, mapped to their ids (prefix "" gives all). */
    java.util.Map<String, Integer> withPrefix(String prefix) {
        HashMap<String, Integer> out = new HashMap<>();
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }

    /** The length of the longest token, in UTF-16 units. */
    int maxTokenLength() {
        int max = 0;
        for (String t : ids.keySet()) {
            max = Math.max(max, t.length());
        }
        return max;
    }

    /** The number of entries. */
    int size() {
        return ids.size();
    }
}
