package dev.gatun.kernels.cpu;

import dev.gatun.tensor.GatunException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * libgatun, loaded once per process: found in the jar at {@code /native/<os>-<arch>/libgatun.so}, copied to
 * a cache file named by its SHA-256 (so different builds never collide and a running process never sees its
 * library replaced), and opened with {@link SymbolLookup#libraryLookup(Path, Arena)} in the global arena.
 *
 * <p>Before the library is used its ABI version and the size of every parameter struct are compared with
 * the Java layouts; any mismatch, like a missing library or a failed load, leaves the library unavailable
 * with a reason, and the backend falls back to pure Java.
 */
final class NativeLibrary {
    static final int ABI_VERSION = 1;

    private final Map<Kernel, MethodHandle> kernels;
    private final boolean avx2;

    private NativeLibrary(Map<Kernel, MethodHandle> kernels, boolean avx2) {
        this.kernels = kernels;
        this.avx2 = avx2;
    }

    /** The outcome of loading: the library, or why there is none. */
    record Loaded(NativeLibrary library, String problem, boolean expected) {
    }

    private static final class Holder {
        static final Loaded LOADED = load();
    }

    /** The library, loading it on first use. */
    static Loaded get() {
        return Holder.LOADED;
    }

    /** The native entry point of {@code kernel}: {@code int32_t gatun_x(const params *)}. */
    MethodHandle handle(Kernel kernel) {
        return kernels.get(kernel);
    }

    /**
     * Calls {@code kernel} with its filled parameter struct. A status of 1 (no memory for a workspace) is
     * reported as a {@link GatunException}; any other failure means the Java checks let a bad spec through.
     */
    void invoke(Kernel kernel, MemorySegment params, String what) {
        int status;
        try {
            status = (int) kernels.get(kernel).invokeExact(params);
        } catch (Throwable t) {
            throw new IllegalStateException(what + ": native call failed", t);
        }
        if (status == 1) {
            throw new GatunException(what + ": the native kernel could not allocate its workspace");
        }
        if (status != 0) {
            throw new IllegalStateException(what + ": libgatun refused its parameters (status " + status + ")");
        }
    }

    /** Whether the CPU has AVX2, FMA and F16C, so {@link Isa#BEST} runs the AVX2 code. */
    boolean hasAvx2() {
        return avx2;
    }

    /** {@code linux-x86_64}, {@code macos-aarch64}, ...: the folder of the library inside the jar. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "macos" : os.replace(' ', '_');
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return o + "-" + a;
    }

    private static String fileName() {
        return platform().startsWith("macos") ? "libgatun.dylib" : "libgatun.so";
    }

    private static Loaded load() {
        String resource = "/native/" + platform() + "/" + fileName();
        byte[] bytes;
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                return new Loaded(null, "libgatun was not built for " + platform()
                        + " (no C compiler when Gatun was built)", true);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return new Loaded(null, "cannot read " + resource + ": " + e.getMessage(), false);
        }
        return load(bytes, cacheDirectories());
    }

    /**
     * Extracts a library image into the first usable of {@code cacheDirs} and loads it; any failure is
     * returned as the problem, never thrown. Loading a library is a restricted FFM operation: Gatun's JVMs
     * run with {@code --enable-native-access=ALL-UNNAMED}.
     */
    @SuppressWarnings("restricted")
    static Loaded load(byte[] bytes, List<Path> cacheDirs) {
        Path file;
        try {
            file = extract(bytes, cacheDirs);
        } catch (IOException e) {
            return new Loaded(null, "cannot write libgatun to a cache directory: " + e.getMessage(), false);
        }
        try {
            return new Loaded(bind(SymbolLookup.libraryLookup(file, Arena.global())), null, false);
        } catch (RuntimeException | LinkageError e) {
            return new Loaded(null, "cannot load " + file + ": " + e.getMessage(), false);
        }
    }

    @SuppressWarnings("restricted")
    private static NativeLibrary bind(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        MethodHandle version = linker.downcallHandle(symbol(lookup, "gatun_abi_version"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        MethodHandle sizes = linker.downcallHandle(symbol(lookup, "gatun_params_size"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        MethodHandle features = linker.downcallHandle(symbol(lookup, "gatun_cpu_features"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        try {
            int abi = (int) version.invokeExact();
            if (abi != ABI_VERSION) {
                throw new IllegalStateException("libgatun has ABI version " + abi + ", this Gatun needs " + ABI_VERSION);
            }
            Map<Kernel, MethodHandle> kernels = new EnumMap<>(Kernel.class);
            for (Kernel k : Kernel.values()) {
                long size = (long) sizes.invokeExact(k.id());
                if (size != k.layout().byteSize()) {
                    throw new IllegalStateException("libgatun's parameter struct for " + k.symbol() + " has " + size
                            + " bytes, the Java layout " + k.layout().byteSize());
                }
                kernels.put(k, linker.downcallHandle(symbol(lookup, k.symbol()),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS)));
            }
            boolean avx2 = ((int) features.invokeExact() & 1) != 0;
            return new NativeLibrary(kernels, avx2);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException("libgatun lacks " + name));
    }

    /**
     * Copies the library to {@code <cache>/libgatun-<hash>.so} unless a copy is there already, and removes
     * copies of other builds unused for a week (a process that still has one open keeps its mapping).
     */
    private static Path extract(byte[] bytes, List<Path> cacheDirs) throws IOException {
        String hash = sha256(bytes).substring(0, 16);
        String name = fileName().replace("libgatun", "libgatun-" + hash);
        IOException last = new IOException("no cache directory");
        for (Path dir : cacheDirs) {
            try {
                Files.createDirectories(dir);
                Path target = dir.resolve(name);
                removeStale(dir, name);
                if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                    Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
                    return target;
                }
                Path tmp = Files.createTempFile(dir, "libgatun-", ".tmp");
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void removeStale(Path dir, String keep) {
        long weekAgo = System.currentTimeMillis() - 7L * 24 * 3600 * 1000;
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir, "libgatun-*")) {
            for (Path p : copies) {
                if (!p.getFileName().toString().equals(keep) && Files.getLastModifiedTime(p).toMillis() < weekAgo) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // stale copies are only clutter; leave them
        }
    }

    /** {@code $XDG_CACHE_HOME/gatun/native} (or {@code ~/.cache/...}), then the temporary directory. */
    private static List<Path> cacheDirectories() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path home = Path.of(System.getProperty("user.home", "."));
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "gatun-native-" + System.getProperty("user.name", "user"));
        return List.of(cache.resolve("gatun").resolve("native"), tmp);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
