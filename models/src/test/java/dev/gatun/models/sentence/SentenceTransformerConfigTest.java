package dev.gatun.models.sentence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceTransformerConfigTest {
    @TempDir
    Path dir;

    @Test
    void writtenConfigReadsBack() {
        SentenceTransformerConfig config = new SentenceTransformerConfig(new Pooling(PoolingMode.MEAN, 8), true, 256);
        config.write(dir);
        assertTrue(Files.isDirectory(dir.resolve("2_Normalize")));
        assertTrue(Files.isRegularFile(dir.resolve("1_Pooling/config.json")));
        assertEquals(config, SentenceTransformerConfig.read(dir, 8));
    }

    @Test
    void sentenceTransformersOwnFilesAreRead() throws Exception {
        // As the all-MiniLM-L6-v2 repository has them.
        Files.writeString(dir.resolve("modules.json"), """
                [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                 {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                 {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
                """);
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.writeString(dir.resolve("1_Pooling/config.json"), """
                {"word_embedding_dimension": 384, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true,
                 "pooling_mode_max_tokens": false, "pooling_mode_mean_sqrt_len_tokens": false}
                """);
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256, \"do_lower_case\": false}");
        assertEquals(new SentenceTransformerConfig(new Pooling(PoolingMode.MEAN, 384), true, 256),
                SentenceTransformerConfig.read(dir, 384));
    }

    @Test
    void plainTransformerFolderIsMeanPooledWithoutNormalising() {
        assertEquals(new SentenceTransformerConfig(new Pooling(PoolingMode.MEAN, 16), false, 0),
                SentenceTransformerConfig.read(dir, 16));
    }

    @Test
    void unsupportedModulesAreReported() throws Exception {
        Files.writeString(dir.resolve("modules.json"),
                "[{\"idx\": 0, \"name\": \"0\", \"path\": \"2_Dense\", \"type\": \"sentence_transformers.models.Dense\"}]");
        GatunException e = assertThrows(GatunException.class, () -> SentenceTransformerConfig.read(dir, 16));
        assertTrue(e.getMessage().contains("sentence_transformers.models.Dense' is not supported"), e.getMessage());
    }

    @Test
    void poolingWidthMustMatchTheModel() {
        new SentenceTransformerConfig(new Pooling(PoolingMode.CLS, 8), false, 0).write(dir);
        assertThrows(GatunException.class, () -> SentenceTransformerConfig.read(dir, 16));
    }
}
