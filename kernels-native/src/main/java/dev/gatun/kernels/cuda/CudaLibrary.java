package dev.gatun.kernels.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * libgatun_cuda, loaded once per process: found in the jar at {@code /native/linux-<arch>/libgatun_cuda.so},
 * copied to a cache file named by its SHA-256, opened in the global arena, and checked (ABI version, the
 * size of every parameter struct) before use. The CUDA runtime is linked into the library statically, so
 * loading needs no CUDA installation; the driver is looked for only when the runtime is first asked
 * something ({@link CudaRuntime}). Nothing here throws: a failure is returned as the reason.
 *
 * <p>{@code GATUN_CUDA_LIBRARY=/path/libgatun_cuda.so} loads that file instead of the jar's: a library
 * built elsewhere, or the CPU emulation of src/main/cuda/emulation, which lets the CUDA tests run
 * without a GPU.
 */
final class CudaLibrary {
    static final int ABI_VERSION = 1;
    static final String FILE = "libgatun_cuda.so";

    /** The library, or why there is none. */
    record Loaded(CudaLibrary library, String problem) {
    }

    final MethodHandle runtimeVersion;
    final MethodHandle driverVersion;
    final MethodHandle deviceCount;
    final MethodHandle deviceInfo;
    final MethodHandle setDevice;
    final MethodHandle errorName;
    final MethodHandle errorString;
    final MethodHandle malloc;
    final MethodHandle free;
    final MethodHandle memset;
    final MethodHandle memcpy;
    final MethodHandle streamCreate;
    final MethodHandle streamDestroy;
    final MethodHandle streamSynchronize;
    final MethodHandle deviceSynchronize;
    private final Map<CudaKernel, MethodHandle> kernels;

    @SuppressWarnings("restricted")
    private CudaLibrary(SymbolLookup lookup) throws Throwable {
        Linker linker = Linker.nativeLinker();
        int abi = (int) handle(linker, lookup, "gatun_cuda_abi_version", FunctionDescriptor.of(JAVA_INT)).invokeExact();
        if (abi != ABI_VERSION) {
            throw new IllegalStateException(FILE + " has ABI version " + abi + ", this Gatun needs " + ABI_VERSION);
        }
        MethodHandle sizes = handle(linker, lookup, "gatun_cuda_params_size", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        kernels = new EnumMap<>(CudaKernel.class);
        for (CudaKernel k : CudaKernel.values()) {
            long size = (long) sizes.invokeExact(k.id());
            if (size != k.layout().byteSize()) {
                throw new IllegalStateException(FILE + "'s parameter struct for " + k.symbol() + " has " + size
                        + " bytes, the Java layout " + k.layout().byteSize());
            }
            kernels.put(k, handle(linker, lookup, k.symbol(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)));
        }
        FunctionDescriptor intOut = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        runtimeVersion = handle(linker, lookup, "gatun_cuda_runtime_version", intOut);
        driverVersion = handle(linker, lookup, "gatun_cuda_driver_version", intOut);
        deviceCount = handle(linker, lookup, "gatun_cuda_device_count", intOut);
        deviceInfo = handle(linker, lookup, "gatun_cuda_device_info", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        setDevice = handle(linker, lookup, "gatun_cuda_set_device", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        errorName = handle(linker, lookup, "gatun_cuda_error_name", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        errorString = handle(linker, lookup, "gatun_cuda_error_string", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        malloc = handle(linker, lookup, "gatun_cuda_malloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        free = handle(linker, lookup, "gatun_cuda_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        memset = handle(linker, lookup, "gatun_cuda_memset",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS));
        memcpy = handle(linker, lookup, "gatun_cuda_memcpy",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        streamCreate = handle(linker, lookup, "gatun_cuda_stream_create", intOut);
        streamDestroy = handle(linker, lookup, "gatun_cuda_stream_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        streamSynchronize = handle(linker, lookup, "gatun_cuda_stream_synchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        deviceSynchronize = handle(linker, lookup, "gatun_cuda_device_synchronize", FunctionDescriptor.of(JAVA_INT));
    }

    /** The entry point of {@code kernel}: {@code int32_t gatun_cuda_x(const params *, void *stream)}. */
    MethodHandle kernel(CudaKernel kernel) {
        return kernels.get(kernel);
    }

    private static final class Holder {
        static final Loaded LOADED = load();
    }

    static Loaded get() {
        return Holder.LOADED;
    }

    /** Where the build puts the library inside the jar (and on the class path): Linux only. */
    static String resource() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return "/native/linux-" + (arch.equals("amd64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch) + "/" + FILE;
    }

    private static Loaded load() {
        String override = System.getenv("GATUN_CUDA_LIBRARY");
        if (override != null && !override.isBlank()) {
            return open(Path.of(override.trim()));
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new Loaded(null, "Gatun's CUDA kernels are built for Linux only");
        }
        byte[] bytes;
        try (InputStream in = CudaLibrary.class.getResourceAsStream(resource())) {
            if (in == null) {
                return new Loaded(null, resource() + " is missing (no working nvcc when Gatun was built)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return new Loaded(null, "cannot read " + resource() + ": " + e.getMessage());
        }
        Path file;
        try {
            file = extract(bytes);
        } catch (IOException e) {
            return new Loaded(null, "cannot write " + FILE + " to a cache directory: " + e.getMessage());
        }
        return open(file);
    }

    private static Loaded open(Path file) {
        try {
            return new Loaded(new CudaLibrary(lookup(file)), null);
        } catch (Throwable t) {
            return new Loaded(null, "cannot load " + file + ": " + t.getMessage());
        }
    }

    @SuppressWarnings("restricted")
    private static SymbolLookup lookup(Path file) {
        return SymbolLookup.libraryLookup(file, Arena.global());
    }

    @SuppressWarnings("restricted")
    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new IllegalStateException(FILE + " lacks " + name));
        return linker.downcallHandle(symbol, fd);
    }

    /**
     * Copies the library to {@code <cache>/libgatun_cuda-<hash>.so} unless it is there already: under
     * {@code $XDG_CACHE_HOME/gatun/native} (or {@code ~/.cache/...}), else the temporary directory.
     */
    private static Path extract(byte[] bytes) throws IOException {
        String name = FILE.replace(".so", "-" + sha256(bytes).substring(0, 16) + ".so");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home", ".")).resolve(".cache");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "gatun-native-" + System.getProperty("user.name", "user"));
        IOException last = new IOException("no cache directory");
        for (Path dir : new Path[] {cache.resolve("gatun").resolve("native"), tmp}) {
            try {
                Files.createDirectories(dir);
                Path target = dir.resolve(name);
                if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                    return target;
                }
                Path part = Files.createTempFile(dir, "libgatun_cuda-", ".tmp");
                Files.write(part, bytes);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
