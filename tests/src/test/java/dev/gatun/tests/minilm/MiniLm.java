package dev.gatun.tests.minilm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.bert.BertOnnxConverter;
import dev.gatun.models.sentence.PoolingMode;
import dev.gatun.tensor.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The all-MiniLM-L6-v2 test data: the ONNX file and tokenizer that the build unpacks from the Maven
 * Central artifact into {@code target/minilm}, the model folder converted from them (once per test JVM),
 * and the reference embeddings that ONNX Runtime produced ({@code minilm/reference-embeddings.jsonl}).
 */
final class MiniLm {
    private static Path converted;

    private MiniLm() {
    }

    /** One line of the reference file. */
    record Reference(String text, float[] embedding) {
    }

    static Path dataDir() {
        Path dir = Path.of(System.getProperty("gatun.minilm.dir", "target/minilm"));
        assertTrue(Files.isRegularFile(dir.resolve("all-minilm-l6-v2.onnx")), "the build did not unpack the model"
                + " into " + dir + "; run the tests through Maven (mvn -pl tests -am test)");
        return dir;
    }

    static Path onnx() {
        return dataDir().resolve("all-minilm-l6-v2.onnx");
    }

    static Path tokenizer() {
        return dataDir().resolve("all-minilm-l6-v2-tokenizer.json");
    }

    /** The model folder converted from the artifact, made on first use and deleted when the JVM exits. */
    static synchronized Path folder() {
        if (converted == null) {
            try {
                Path dir = Files.createTempDirectory("gatun-minilm");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                Path out = dir.resolve("all-minilm-l6-v2");
                BertOnnxConverter.convert(onnx(), tokenizer(), out, PoolingMode.MEAN, true);
                converted = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return converted;
    }

    static List<Reference> references() {
        List<Reference> out = new ArrayList<>();
        try (InputStream in = MiniLm.class.getResourceAsStream("/minilm/reference-embeddings.jsonl");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Map<String, Object> o = Json.parseObject(line);
                List<Object> values = Json.getList(o, "embedding");
                float[] v = new float[values.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = ((Number) values.get(i)).floatValue();
                }
                out.add(new Reference(Json.getString(o, "text"), v));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files; the OS cleans up what is left
        }
    }
}
