package dev.gatun.engine.cli;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.util.Map;

/** The {@code --jsonl} input of the commands that read texts from standard input: one object per line. */
final class JsonLines {
    private JsonLines() {
    }

    /**
     * The string {@code "text"} field of {@code line}, the {@code lineNumber}-th line of standard input.
     *
     * @throws GatunException naming the line when it is not a JSON object or has no string {@code "text"}
     */
    static String text(String line, long lineNumber) {
        Map<String, Object> object;
        try {
            object = Json.parseObject(line);
        } catch (GatunException e) {
            throw new GatunException("standard input line " + lineNumber + ": " + e.getMessage(), e);
        }
        if (!(object.get("text") instanceof String text)) {
            throw new GatunException("standard input line " + lineNumber + ": expected a JSON object with a string"
                    + " \"text\" field, found " + (object.containsKey("text") ? Json.describe(object.get("text"))
                    : "no \"text\""));
        }
        return text;
    }
}
