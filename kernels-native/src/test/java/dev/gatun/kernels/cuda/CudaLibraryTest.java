package dev.gatun.kernels.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The downcalls themselves, wherever the library was built: every entry point takes the Java layout of
 * its struct and returns without touching a GPU when there is no work (or refuses inconsistent
 * parameters with -1), and every runtime wrapper's status comes back through {@link CudaRuntime#call} as
 * an exception naming the call. This catches a wrong method type or struct before a GPU ever sees it.
 */
class CudaLibraryTest {
    private CudaLibrary lib;

    @BeforeEach
    void library() {
        Assumptions.assumeTrue(CudaRuntime.isLibraryLoaded(), () -> "libgatun_cuda not loaded: " + CudaLibrary.get().problem());
        lib = CudaLibrary.get().library();
    }

    private int call(CudaKernel.Params p) throws Throwable {
        return (int) lib.kernel(p.kernel()).invokeExact(p.segment(), MemorySegment.NULL);
    }

    @Test
    void everyKernelAcceptsAnEmptyCallAndRefusesABadOne() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            for (CudaKernel k : CudaKernel.values()) {
                CudaKernel.Params empty = k.allocate(arena);
                if (k == CudaKernel.ATTENTION) {
                    empty.set("heads", 1).set("kv_heads", 1);
                }
                if (k == CudaKernel.ELEMENTWISE) {
                    empty.set("op", 2); // GELU: a unary op needs no y
                }
                assertEquals(0, call(empty), k.symbol() + " with no work");
            }
            assertEquals(-1, call(CudaKernel.GEMM.allocate(arena).set("m", -1)));
            assertEquals(-1, call(CudaKernel.GEMM.allocate(arena).set("a_type", 7)));
            assertEquals(-1, call(CudaKernel.GROUPED_GEMM.allocate(arena).set("max_rows", 5).set("tokens", 4)));
            assertEquals(-1, call(CudaKernel.ATTENTION.allocate(arena).set("heads", 3).set("kv_heads", 2)));
            assertEquals(-1, call(CudaKernel.ATTENTION.allocate(arena).set("heads", 1).set("kv_heads", 1).set("d", 129)));
            assertEquals(-1, call(CudaKernel.ROWS.allocate(arena).set("op", 3)));
            assertEquals(-1, call(CudaKernel.ELEMENTWISE.allocate(arena).set("op", 0).set("n", 4)));
            assertEquals(0, call(CudaKernel.ELEMENTWISE.allocate(arena).set("op", 0)), "empty add with NULL operands");
            assertEquals(-1, call(CudaKernel.SELECTIVE_SCAN.allocate(arena).set("state", SelectiveScan.MAX_STATE + 1)));
        }
    }

    @Test
    void runtimeWrappersReportTheirStatus() {
        Assumptions.assumeFalse(CudaRuntime.isAvailable(), "with a device these calls would succeed");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment host = arena.allocate(16);
            MemorySegment none = MemorySegment.NULL;
            expectFailure("cudaMalloc", () -> (int) lib.malloc.invokeExact(out, 16L));
            expectFailure("cudaMemcpy", () -> (int) lib.memcpy.invokeExact(none, host, 16L, 1, none));
            expectFailure("cudaMemset", () -> (int) lib.memset.invokeExact(none, 0, 16L, none));
            expectFailure("cudaStreamCreate", () -> (int) lib.streamCreate.invokeExact(out));
            expectFailure("cudaDeviceSynchronize", () -> (int) lib.deviceSynchronize.invokeExact());
            MemorySegment version = arena.allocate(4);
            CudaRuntime.call("cudaRuntimeGetVersion", () -> (int) lib.runtimeVersion.invokeExact(version));
            assertTrue(version.get(java.lang.foreign.ValueLayout.JAVA_INT, 0) >= 12000, "runtime version");
        }
    }

    private static void expectFailure(String api, CudaRuntime.NativeCall call) {
        GatunException e = assertThrows(GatunException.class, () -> CudaRuntime.call(api, call));
        assertTrue(e.getMessage().startsWith(api + " failed: ") && e.getMessage().contains("(cuda"), e.getMessage());
    }
}
