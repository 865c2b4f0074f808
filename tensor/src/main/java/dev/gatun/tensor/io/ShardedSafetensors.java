package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A checkpoint split over several safetensors files and described by an index such as
 * {@code model.safetensors.index.json}:
 * {@code {"metadata": {...}, "weight_map": {"tensor name": "model-00001-of-00002.safetensors", ...}}}.
 *
 * <p>Each shard is opened (mapped) once. Only the tensors named in {@code weight_map} are exposed, in
 * {@code weight_map} order, and each must exist in the shard the index names; a shard's extra tensors
 * are ignored, as the reference loaders ignore them. Shard paths are resolved against the index's
 * folder and may not leave it. Closing closes every shard.
 */
public final class ShardedSafetensors implements TensorSource {

    /** The index file name that Hugging Face checkpoints use. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path indexFile;
    private final List<SafetensorsFile> shards;
    private final EntryIndex index;
    private final Map<String, String> metadata;

    private ShardedSafetensors(Path indexFile, List<SafetensorsFile> shards, EntryIndex index,
                               Map<String, String> metadata) {
        this.indexFile = indexFile;
        this.shards = shards;
        this.index = index;
        this.metadata = metadata;
    }

    /**
     * Opens the sharded checkpoint described by {@code path}: an index file, or a folder holding
     * {@value #INDEX_FILE} (or else exactly one {@code *.safetensors.index.json}).
     */
    public static ShardedSafetensors open(Path path) {
        Path indexFile = Files.isDirectory(path) ? findIndex(path) : path;
        Map<String, String> weightMap = readWeightMap(indexFile);
        Path folder = indexFile.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
        try {
            List<SafetensorsEntry> entries = new ArrayList<>(weightMap.size());
            for (Map.Entry<String, String> w : weightMap.entrySet()) {
                SafetensorsFile shard = opened.get(w.getValue());
                if (shard == null) {
                    shard = SafetensorsFile.open(resolveShard(folder, w.getValue(), indexFile));
                    opened.put(w.getValue(), shard);
                }
                if (!shard.contains(w.getKey())) {
                    throw new GatunException(indexFile + ": tensor \"" + w.getKey() + "\": expected it in shard "
                            + w.getValue() + " as weight_map says, but the shard has no such tensor ("
                            + shard.entries().size() + " tensors)");
                }
                entries.add(shard.entry(w.getKey()));
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (SafetensorsFile shard : opened.values()) {
                shard.metadata().forEach(metadata::putIfAbsent);
            }
            return new ShardedSafetensors(indexFile, List.copyOf(opened.values()), new EntryIndex(entries),
                    Collections.unmodifiableMap(metadata));
        } catch (RuntimeException | Error e) {
            opened.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** {@value #INDEX_FILE} in {@code folder}, or else its only {@code *.safetensors.index.json}. */
    static Path findIndex(Path folder) {
        Path standard = folder.resolve(INDEX_FILE);
        if (Files.isRegularFile(standard)) {
            return standard;
        }
        List<Path> candidates = listFiles(folder, ".safetensors.index.json");
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        throw new GatunException(folder + ": expected " + INDEX_FILE + " or a single *.safetensors.index.json"
                + " but found " + (candidates.isEmpty() ? "none" : candidates.stream()
                .map(p -> p.getFileName().toString()).toList()));
    }

    /** Regular files in {@code folder} whose names end with {@code suffix}, sorted by name. */
    static List<Path> listFiles(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw IoErrors.wrap("list folder", folder, e);
        }
    }

    private static Map<String, String> readWeightMap(Path indexFile) {
        Map<String, Object> json = Json.parseObject(indexFile);
        Object weightMap = json.get("weight_map");
        if (!(weightMap instanceof Map<?, ?> map)) {
            throw new GatunException(indexFile + ": expected \"weight_map\" to be an object of tensor name to"
                    + " shard file but found " + (json.containsKey("weight_map") ? Json.describe(weightMap) : "none"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String shard)) {
                throw new GatunException(indexFile + ": tensor \"" + e.getKey() + "\": expected a shard file name"
                        + " in weight_map but found " + Json.describe(e.getValue()));
            }
            out.put((String) e.getKey(), shard);
        }
        return out;
    }

    private static Path resolveShard(Path folder, String shard, Path indexFile) {
        Path resolved = folder.resolve(shard).normalize();
        if (!resolved.startsWith(folder.normalize()) || resolved.equals(folder.normalize())) {
            throw new GatunException(indexFile + ": expected shard paths inside " + folder + " but found \""
                    + shard + "\"");
        }
        return resolved;
    }

    @Override
    public List<SafetensorsEntry> entries() {
        return index.entries();
    }

    @Override
    public SafetensorsEntry entry(String name) {
        return index.get(name, indexFile.toString());
    }

    @Override
    public boolean contains(String name) {
        return index.contains(name);
    }

    /** The shards' {@code __metadata__} merged in shard order; the first shard to set a key wins. */
    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The index file. */
    @Override
    public Path path() {
        return indexFile;
    }

    /** The shard files, in the order {@code weight_map} first names them. */
    public List<Path> shardPaths() {
        return shards.stream().map(SafetensorsFile::path).toList();
    }

    /** Closes every shard. Idempotent. */
    @Override
    public void close() {
        for (SafetensorsFile shard : shards) {
            shard.close();
        }
    }

    @Override
    public String toString() {
        return "ShardedSafetensors[" + indexFile + ", " + shards.size() + " shards, " + index.entries().size()
                + " tensors]";
    }
}
