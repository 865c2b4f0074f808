package dev.gatun.kernels.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The CUDA runtime as Gatun sees it: whether a usable device is there (and if not, why), the device's
 * properties, and the checked calls the rest of this package makes. Every runtime status other than
 * success becomes a {@link GatunException} naming the call and the runtime's own words
 * ({@code cudaMalloc failed: out of memory (cudaErrorMemoryAllocation, 2)}).
 *
 * <p>The probe runs once, on first use: load libgatun_cuda ({@code CudaLibrary}), ask
 * {@code cudaGetDeviceCount}, select device 0 and read its properties. Any failure leaves CUDA unavailable
 * with a reason starting {@code no CUDA device:}; nothing is thrown.
 *
 * {@snippet :
 * if (CudaRuntime.isAvailable()) {
 *     System.out.println(CudaRuntime.device());   // Device[index=0, name=NVIDIA H100 ..., major=9, ...]
 * } else {
 *     System.out.println(CudaRuntime.unavailableReason());
 * }
 * }
 */
public final class CudaRuntime {
    /** The oldest compute capability the library carries code for (sm_90 machine code, compute_90 PTX). */
    static final int MIN_MAJOR = 9;

    private CudaRuntime() {
    }

    /** The device Gatun uses, as {@code cudaGetDeviceProperties} describes it. */
    public record Device(int index, String name, int major, int minor, int multiprocessors, long memoryBytes,
                         long sharedMemoryPerBlock, int runtimeVersion, int driverVersion) {
    }

    private record State(CudaLibrary library, Device device, String problem) {
    }

    private static final class Holder {
        static final State STATE = probe();
    }

    /** Whether a CUDA device is there and libgatun_cuda runs on it. */
    public static boolean isAvailable() {
        return Holder.STATE.problem() == null;
    }

    /** Why CUDA is unavailable ({@code no CUDA device: <reason>}), or null when it is available. */
    public static String unavailableReason() {
        return Holder.STATE.problem();
    }

    /** Whether libgatun_cuda itself was found and loaded, whatever the device situation. */
    public static boolean isLibraryLoaded() {
        return CudaLibrary.get().library() != null;
    }

    /** The device in use; throws {@link GatunException} with the reason when there is none. */
    public static Device device() {
        require();
        return Holder.STATE.device();
    }

    /** One line for diagnostics: the device and versions, or why there is none. */
    public static String describe() {
        if (!isAvailable()) {
            return unavailableReason();
        }
        Device d = Holder.STATE.device();
        return String.format("%s (compute %d.%d, %d SMs, %.1f GiB), runtime %d, driver %d", d.name(), d.major(),
                d.minor(), d.multiprocessors(), d.memoryBytes() / (double) (1L << 30), d.runtimeVersion(),
                d.driverVersion());
    }

    /** Waits for all work on the device; reports errors of kernels that ran since the last check. */
    public static void synchronize() {
        CudaLibrary lib = require();
        call("cudaDeviceSynchronize", () -> (int) lib.deviceSynchronize.invokeExact());
    }

    /** A downcall returning a cudaError_t. */
    @FunctionalInterface
    interface NativeCall {
        int invoke() throws Throwable;
    }

    /** Makes {@code call} and {@linkplain #check checks} its status. */
    static void call(String api, NativeCall call) {
        int status;
        try {
            status = call.invoke();
        } catch (Throwable t) {
            throw new IllegalStateException(api + ": native call failed", t);
        }
        check(status, api);
    }

    /** The library, or a {@link GatunException} saying why CUDA is unavailable. */
    static CudaLibrary require() {
        State s = Holder.STATE;
        if (s.problem() != null) {
            throw new GatunException(s.problem());
        }
        return s.library();
    }

    /** Throws a {@link GatunException} naming {@code api} and the runtime's error unless {@code status} is 0. */
    static void check(int status, String api) {
        if (status != 0) {
            throw new GatunException(api + " failed: " + errorText(CudaLibrary.get().library(), status));
        }
    }

    /**
     * Runs {@code params}' kernel on {@code stream} (null: the default stream). A status of -1 means the
     * library refused parameters that Java had checked: a bug, reported as {@link IllegalStateException}.
     */
    static void launch(CudaKernel.Params params, CudaStream stream, String what) {
        CudaLibrary lib = require();
        int status;
        try {
            status = (int) lib.kernel(params.kernel()).invokeExact(params.segment(), CudaStream.handle(stream));
        } catch (Throwable t) {
            throw new IllegalStateException(what + ": native call failed", t);
        }
        if (status == -1) {
            throw new IllegalStateException(what + ": libgatun_cuda refused its parameters");
        }
        check(status, what + " launch");
    }

    @SuppressWarnings("restricted")
    static String errorText(CudaLibrary lib, int status) {
        if (lib == null) {
            return "CUDA error " + status;
        }
        try {
            MemorySegment name = (MemorySegment) lib.errorName.invokeExact(status);
            MemorySegment text = (MemorySegment) lib.errorString.invokeExact(status);
            return cString(text) + " (" + cString(name) + ", " + status + ")";
        } catch (Throwable t) {
            return "CUDA error " + status;
        }
    }

    @SuppressWarnings("restricted")
    private static String cString(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? "?" : s.reinterpret(1024).getString(0);
    }

    private static State probe() {
        CudaLibrary.Loaded loaded = CudaLibrary.get();
        CudaLibrary lib = loaded.library();
        if (lib == null) {
            return new State(null, null, "no CUDA device: " + loaded.problem());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            int status = (int) lib.deviceCount.invokeExact(out);
            if (status != 0) {
                return new State(lib, null, "no CUDA device: cudaGetDeviceCount failed: " + errorText(lib, status));
            }
            if (out.get(JAVA_INT, 0) < 1) {
                return new State(lib, null, "no CUDA device: the CUDA runtime found none");
            }
            status = (int) lib.setDevice.invokeExact(0);
            if (status != 0) {
                return new State(lib, null, "no CUDA device: cudaSetDevice(0) failed: " + errorText(lib, status));
            }
            MemorySegment name = arena.allocate(256);
            MemorySegment info = arena.allocate(JAVA_LONG, 5);
            status = (int) lib.deviceInfo.invokeExact(0, name, info);
            if (status != 0) {
                return new State(lib, null, "no CUDA device: cudaGetDeviceProperties failed: " + errorText(lib, status));
            }
            int runtime = version(lib, arena, true);
            int driver = version(lib, arena, false);
            Device d = new Device(0, name.getString(0), (int) info.getAtIndex(JAVA_LONG, 0),
                    (int) info.getAtIndex(JAVA_LONG, 1), (int) info.getAtIndex(JAVA_LONG, 2),
                    info.getAtIndex(JAVA_LONG, 3), info.getAtIndex(JAVA_LONG, 4), runtime, driver);
            if (d.major() < MIN_MAJOR) {
                return new State(lib, d, "no CUDA device: " + d.name() + " has compute capability " + d.major() + "."
                        + d.minor() + "; libgatun_cuda is built for " + MIN_MAJOR + ".0 (Hopper) and newer");
            }
            return new State(lib, d, null);
        } catch (Throwable t) {
            return new State(lib, null, "no CUDA device: probing the runtime failed: " + t);
        }
    }

    private static int version(CudaLibrary lib, Arena arena, boolean runtime) throws Throwable {
        MemorySegment v = arena.allocate(JAVA_INT);
        int status = runtime ? (int) lib.runtimeVersion.invokeExact(v) : (int) lib.driverVersion.invokeExact(v);
        return status == 0 ? v.get(JAVA_INT, 0) : -1;
    }
}
