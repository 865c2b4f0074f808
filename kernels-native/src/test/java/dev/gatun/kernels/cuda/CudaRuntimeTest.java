package dev.gatun.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.SoftmaxSpec;
import dev.gatun.tensor.kernels.GemmSpec;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What runs on every machine: the availability probe answers cleanly (a device, or a reason), the library
 * built by nvcc is in the class path and agrees with the Java layouts, the backend is registered and
 * declines everything without a device, and device calls then fail with the reason instead of crashing.
 */
class CudaRuntimeTest {

    @Test
    void probeAnswersWithADeviceOrAReason() {
        boolean available = assertDoesNotThrow(CudaRuntime::isAvailable);
        String reason = CudaRuntime.unavailableReason();
        System.out.println("CUDA: " + CudaRuntime.describe());
        if (available) {
            assertNull(reason);
            CudaRuntime.Device d = CudaRuntime.device();
            assertTrue(d.major() >= CudaRuntime.MIN_MAJOR, d.toString());
            assertFalse(d.name().isBlank());
        } else {
            assertNotNull(reason);
            assertTrue(reason.startsWith("no CUDA device: ") && reason.length() > "no CUDA device: ".length(), reason);
            assertEquals(reason, CudaRuntime.describe());
            GatunException e = assertThrows(GatunException.class, CudaRuntime::device);
            assertEquals(reason, e.getMessage());
        }
    }

    /** When nvcc is installed, the build must have produced the library, and it must load (no device needed). */
    @Test
    void theBuildProducedTheLibraryWhereNvccIsInstalled() throws Exception {
        boolean nvcc = onPath("nvcc") || Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"))
                || (System.getenv("NVCC") != null && Files.isExecutable(Path.of(System.getenv("NVCC"))));
        try (InputStream in = CudaLibrary.class.getResourceAsStream(CudaLibrary.resource())) {
            if (!nvcc) {
                Assumptions.assumeTrue(in != null, "nvcc is not installed, so " + CudaLibrary.FILE + " was not built");
            }
            assertNotNull(in, CudaLibrary.resource() + " missing although nvcc is installed (see target/native-obj/cuda/nvcc.log)");
        }
        assertTrue(CudaRuntime.isLibraryLoaded(), () -> "libgatun_cuda did not load: " + CudaLibrary.get().problem());
        if (!CudaRuntime.isAvailable()) {
            assertTrue(CudaRuntime.unavailableReason().toLowerCase(java.util.Locale.ROOT).contains("cuda"),
                    () -> "the reason should come from the CUDA runtime: "
                    + CudaRuntime.unavailableReason());
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void registeredWithTheServiceLoaderAsCuda() {
        List<String> names = Backends.installed().stream().map(Backend::name).toList();
        assertTrue(names.contains("cuda"), names.toString());
        assertTrue(names.indexOf("native") < names.indexOf("cuda"), "native is asked before cuda: " + names);
    }

    @Test
    void theBackendDeclinesEverythingWithoutADevice() {
        CudaTesting.assumeNoDevice();
        CudaBackend backend = new CudaBackend();
        Tensor a = Tensor.zeros(DType.F32, 4, 3);
        Tensor b = Tensor.zeros(DType.F32, 3, 5);
        Tensor c = Tensor.zeros(DType.F32, 4, 5);
        GemmSpec gemm = GemmSpec.rowMajor(4, 5, 3, DType.F32, a.segment(), DType.F32, b.segment(), false, c.segment());
        assertFalse(backend.supportsGemm(gemm));
        assertFalse(backend.supports(new SoftmaxSpec(a, a)));
        assertFalse(CudaBackend.isAvailable());
    }

    /** GATUN_BACKEND=cuda without a device: kernels fall back to pure Java rather than failing. */
    @Test
    void aForcedCudaBackendFallsBackWithoutADevice() {
        CudaTesting.assumeNoDevice();
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        Tensor c = Tensor.zeros(DType.F32, 2, 2);
        GemmSpec gemm = GemmSpec.rowMajor(2, 2, 3, DType.F32, a.segment(), DType.F32, b.segment(), false, c.segment());
        try {
            Backends.use("cuda");
            assertEquals("cuda", Backends.forced().name());
            assertSame(Backends.java(), Backends.forGemm(gemm));
            assertArrayEquals(new double[] {4, 5, 10, 11}, a.matmul(b).toDoubleArray());
        } finally {
            Backends.use(null);
        }
    }

    @Test
    void deviceCallsFailWithTheReasonWithoutADevice() {
        CudaTesting.assumeNoDevice();
        String reason = CudaRuntime.unavailableReason();
        assertEquals(reason, assertThrows(GatunException.class, () -> DeviceBuffer.allocate(64)).getMessage());
        assertEquals(reason, assertThrows(GatunException.class, CudaStream::create).getMessage());
        assertEquals(reason, assertThrows(GatunException.class, CudaRuntime::synchronize).getMessage());
        Tensor t = Tensor.zeros(DType.F32, 2, 2);
        assertEquals(reason, assertThrows(GatunException.class, () -> CudaTensor.toDevice(t)).getMessage());
        try (DeviceArena arena = new DeviceArena()) {
            assertEquals(reason, assertThrows(GatunException.class, () -> arena.allocate(8)).getMessage());
        }
    }

    /** The Java layouts of the parameter structs are what the library's gatun_cuda.h says (checked at load). */
    @Test
    void everyKernelStructIsEightByteFields() {
        for (CudaKernel k : CudaKernel.values()) {
            assertEquals(0, k.layout().byteSize() % 8, k.symbol());
        }
    }
}
