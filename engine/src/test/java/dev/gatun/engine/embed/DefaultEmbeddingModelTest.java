package dev.gatun.engine.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locations and the missing-artifact message; converting the real artifact is checked in the tests module. */
class DefaultEmbeddingModelTest {
    @TempDir
    Path dir;

    @Test
    void locationsFollowTheEnvironment() {
        DefaultEmbeddingModel m = new DefaultEmbeddingModel(Map.of("GATUN_CACHE", dir.resolve("c").toString(),
                "GATUN_MAVEN_REPOSITORY", dir.resolve("m2").toString()));
        assertEquals(dir.resolve("c/all-minilm-l6-v2"), m.folder());
        assertTrue(m.jar().startsWith(dir.resolve("m2/dev/langchain4j")));
        assertEquals(Path.of("/x/gatun/all-minilm-l6-v2"), new DefaultEmbeddingModel(Map.of("XDG_CACHE_HOME", "/x")).folder());
        assertTrue(new DefaultEmbeddingModel(Map.of()).folder().endsWith(".cache/gatun/all-minilm-l6-v2"));
    }

    @Test
    void missingArtifactSaysHowToGetIt() {
        DefaultEmbeddingModel m = new DefaultEmbeddingModel(Map.of("GATUN_CACHE", dir.toString(),
                "GATUN_MAVEN_REPOSITORY", dir.resolve("empty").toString()));
        GatunException e = assertThrows(GatunException.class, () -> m.ensure(new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("mvn dependency:get -Dartifact=" + DefaultEmbeddingModel.COORDINATES), e.getMessage());
        assertTrue(e.getMessage().contains("--model DIR"), e.getMessage());
    }

    @Test
    void existingFolderIsUsedWithoutNotice() throws Exception {
        DefaultEmbeddingModel m = new DefaultEmbeddingModel(Map.of("GATUN_CACHE", dir.toString(),
                "GATUN_MAVEN_REPOSITORY", dir.resolve("empty").toString()));
        TinyEmbeddingModel.write(m.folder());
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        assertEquals(m.folder(), m.ensure(new PrintStream(notices)));
        assertEquals(0, notices.size());
        assertTrue(Files.isDirectory(m.folder()));
    }
}
