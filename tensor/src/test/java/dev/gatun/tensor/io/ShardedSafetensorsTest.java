package dev.gatun.tensor.io;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.gatun.tensor.io.SafetensorsFixtures.randomEntry;
import static dev.gatun.tensor.io.SafetensorsFixtures.sameBytes;
import static dev.gatun.tensor.io.SafetensorsRoundTripTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardedSafetensorsTest {

    private static final String SHARD1 = "model-00001-of-00002.safetensors";
    private static final String SHARD2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path dir;

    private final Random random = new Random(11);
    private final SafetensorsEntry a = randomEntry("a.weight", DType.F32, new long[] {2, 3}, random);
    private final SafetensorsEntry b = randomEntry("b.bias", DType.BF16, new long[] {3}, random);
    private final SafetensorsEntry c = randomEntry("c.weight", DType.I8, new long[] {4}, random);

    /** Two shards: {a, b} and {c}, indexed in the order a, c, b. */
    private Path twoShards(Map<String, Object> weightMap) throws Exception {
        SafetensorsWriter.write(dir.resolve(SHARD1), List.of(a, b), Map.of("format", "pt"));
        SafetensorsWriter.write(dir.resolve(SHARD2), List.of(c), Map.of("format", "other", "extra", "x"));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", 23L));
        index.put("weight_map", weightMap);
        Path indexFile = dir.resolve(ShardedSafetensors.INDEX_FILE);
        Files.writeString(indexFile, Json.writePretty(index));
        return indexFile;
    }

    private Map<String, Object> standardWeightMap() {
        Map<String, Object> weightMap = new LinkedHashMap<>();
        weightMap.put("a.weight", SHARD1);
        weightMap.put("c.weight", SHARD2);
        weightMap.put("b.bias", SHARD1);
        return weightMap;
    }

    @Test
    void exposesEveryIndexedTensorAcrossShards() throws Exception {
        Path indexFile = twoShards(standardWeightMap());
        for (Path opened : List.of(dir, indexFile)) {
            try (ShardedSafetensors model = ShardedSafetensors.open(opened)) {
                assertEquals(List.of("a.weight", "c.weight", "b.bias"),
                        model.entries().stream().map(SafetensorsEntry::name).toList());
                for (SafetensorsEntry expected : List.of(a, b, c)) {
                    SafetensorsEntry got = model.entry(expected.name());
                    assertEquals(expected.dtype(), got.dtype());
                    assertArrayEquals(expected.shape(), got.shape());
                    assertTrue(sameBytes(expected.data(), got.data()));
                }
                assertEquals(List.of(dir.resolve(SHARD1).toAbsolutePath(), dir.resolve(SHARD2).toAbsolutePath()),
                        model.shardPaths());
                assertEquals(Map.of("format", "pt", "extra", "x"), model.metadata());
                assertTrue(model.contains("b.bias"));
                assertFalse(model.contains("d"));
                assertEquals(indexFile, model.path());
            }
        }
    }

    @Test
    void closingClosesEveryShard() throws Exception {
        twoShards(standardWeightMap());
        ShardedSafetensors model = ShardedSafetensors.open(dir);
        List<SafetensorsEntry> entries = model.entries();
        model.close();
        model.close();
        for (SafetensorsEntry e : entries) {
            assertThrows(IllegalStateException.class, () -> SafetensorsFixtures.checksum(e.data()), e.name());
        }
    }

    @Test
    void missingTensorNamesTheIndex() throws Exception {
        Path indexFile = twoShards(standardWeightMap());
        try (TensorSource model = Safetensors.openModel(dir)) {
            assertInstanceOf(ShardedSafetensors.class, model);
            assertMessage(() -> model.entry("a.weights"), indexFile.toString(), "\"a.weights\"", "a.weight");
        }
    }

    @Test
    void indexedTensorAbsentFromItsShard() throws Exception {
        Map<String, Object> weightMap = standardWeightMap();
        weightMap.put("c.weight", SHARD1);
        Path indexFile = twoShards(weightMap);
        assertMessage(() -> ShardedSafetensors.open(indexFile), indexFile.toString(), "tensor \"c.weight\"",
                "expected it in shard " + SHARD1, "no such tensor");
    }

    @Test
    void missingShardFile() throws Exception {
        Map<String, Object> weightMap = standardWeightMap();
        weightMap.put("c.weight", "model-00003-of-00002.safetensors");
        twoShards(weightMap);
        assertMessage(() -> ShardedSafetensors.open(dir), "model-00003-of-00002.safetensors", "no such file");
    }

    @Test
    void corruptShardIsReportedWithItsOwnName() throws Exception {
        twoShards(standardWeightMap());
        Files.write(dir.resolve(SHARD2), new byte[] {1, 2});
        assertMessage(() -> ShardedSafetensors.open(dir), SHARD2, "at least 8 bytes");
    }

    @Test
    void shardPathsMayNotLeaveTheFolder() throws Exception {
        Map<String, Object> weightMap = standardWeightMap();
        weightMap.put("c.weight", "../" + SHARD2);
        Path indexFile = twoShards(weightMap);
        assertMessage(() -> ShardedSafetensors.open(indexFile), indexFile.toString(), "inside", "../" + SHARD2);
    }

    @Test
    void malformedIndex() throws Exception {
        Path indexFile = dir.resolve(ShardedSafetensors.INDEX_FILE);
        Files.writeString(indexFile, "{\"metadata\": {}}");
        assertMessage(() -> ShardedSafetensors.open(indexFile), indexFile.toString(), "\"weight_map\"", "found none");
        Files.writeString(indexFile, "{\"weight_map\": {\"w\": 3}}");
        assertMessage(() -> ShardedSafetensors.open(indexFile), "tensor \"w\"", "shard file name", "integer 3");
        Files.writeString(indexFile, "{\"weight_map\": ");
        assertMessage(() -> ShardedSafetensors.open(indexFile), indexFile + ": line 1, column 16");
    }

    @Test
    void folderWithoutAnIndex() {
        assertMessage(() -> ShardedSafetensors.open(dir), dir.toString(), ShardedSafetensors.INDEX_FILE,
                "found none");
    }

    @Test
    void openModelFindsASingleFile() throws Exception {
        SafetensorsWriter.write(dir.resolve("model.safetensors"), List.of(a), null);
        try (TensorSource model = Safetensors.openModel(dir)) {
            assertInstanceOf(SafetensorsFile.class, model);
            assertTrue(sameBytes(a.data(), model.entry("a.weight").data()));
        }
        try (TensorSource model = Safetensors.openModel(dir.resolve("model.safetensors"))) {
            assertEquals(1, model.entries().size());
        }
    }

    @Test
    void openModelPrefersTheIndexAndAcceptsOtherNames() throws Exception {
        Path indexFile = twoShards(standardWeightMap());
        SafetensorsWriter.write(dir.resolve("model.safetensors"), List.of(a), null);
        try (TensorSource model = Safetensors.openModel(dir)) {
            assertEquals(3, model.entries().size());
        }
        Files.move(indexFile, dir.resolve("diffusion_pytorch_model.safetensors.index.json"));
        Files.delete(dir.resolve("model.safetensors"));
        try (TensorSource model = Safetensors.openModel(dir)) {
            assertEquals(3, model.entries().size());
        }
        Path renamed = dir.resolve("diffusion_pytorch_model.safetensors.index.json");
        try (TensorSource model = Safetensors.openModel(renamed)) {
            assertEquals(3, model.entries().size());
        }
    }

    @Test
    void openModelWithOneOddlyNamedFile() throws Exception {
        SafetensorsWriter.write(dir.resolve("weights.safetensors"), List.of(b), null);
        try (TensorSource model = Safetensors.openModel(dir)) {
            assertEquals(List.of("b.bias"), model.entries().stream().map(SafetensorsEntry::name).toList());
        }
    }

    @Test
    void openModelExplainsWhatItFound() throws Exception {
        assertMessage(() -> Safetensors.openModel(dir), dir.toString(), "found none");
        SafetensorsWriter.write(dir.resolve("x.safetensors"), List.of(a), null);
        SafetensorsWriter.write(dir.resolve("y.safetensors"), List.of(b), null);
        assertMessage(() -> Safetensors.openModel(dir), "[x.safetensors, y.safetensors]");
        assertMessage(() -> Safetensors.openModel(dir.resolve("nothing-here")), "nothing-here", "found nothing");
    }

    @Test
    void openModelRejectsWrongFileTypes() {
        GatunException e = assertThrows(GatunException.class, () -> Safetensors.openModel(dir.resolve("x.json")));
        assertTrue(e.getMessage().contains("x.json"), e.getMessage());
    }
}
