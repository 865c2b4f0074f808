package dev.gatun.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Quantized;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.backend.QuantMatVecSpec;
import dev.gatun.tensor.backend.RopeSpec;
import dev.gatun.tensor.backend.SelectiveScanSpec;
import dev.gatun.tensor.backend.SoftmaxSpec;
import dev.gatun.tensor.kernels.GemmSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Bad specs are refused in Java, as GatunException, before any native call; specs the native code cannot
 * take (heap memory, F64, misaligned or aliased operands) are declined, so the Java backend runs them.
 */
class ValidationTest {
    private final NativeBackend backend = new NativeBackend();

    private static MemorySegment floats(long n) {
        return Arena.ofAuto().allocate(4 * n, 64);
    }

    private static GemmSpec gemm(MemorySegment a, long aOffset, MemorySegment b, MemorySegment c, int m, int n, int k) {
        return new GemmSpec(1, m, n, k, DType.F32, a, aOffset, 0, k, 1, DType.F32, b, 0, 0, n, 1,
                DType.F32, c, 0, 0, n, false);
    }

    /**
     * The spec is built inside the assertion: a GemmSpec that checks itself when constructed may refuse
     * it there, which is just as good; either way it never reaches C.
     */
    private GatunException refused(Supplier<GemmSpec> make) {
        return assertThrows(GatunException.class, () -> backend.gemm(make.get()));
    }

    /** Declined by the native backend (or refused outright by a GemmSpec that checks itself). */
    private void assertDeclined(String what, Supplier<GemmSpec> make) {
        GemmSpec spec;
        try {
            spec = make.get();
        } catch (GatunException refusedWhenBuilt) {
            return;
        }
        assertFalse(backend.supportsGemm(spec), what);
    }

    @Test
    void aProductReachingPastItsMemoryIsRefused() {
        NativeTesting.assumeLibrary();
        // A needs 12 floats from offset 1 of a segment holding 12
        GatunException e = refused(() -> gemm(floats(12), 1, floats(12), floats(9), 3, 3, 4));
        assertTrue(e.getMessage().startsWith("gemm: A"), e.getMessage());
    }

    @Test
    void negativeStridesBeforeTheStartAreRefused() {
        NativeTesting.assumeLibrary();
        GatunException e = refused(() -> new GemmSpec(1, 2, 2, 2, DType.F32, floats(4), 0, 0, -2, 1,
                DType.F32, floats(4), 0, 0, 2, 1, DType.F32, floats(4), 0, 0, 2, false));
        assertTrue(e.getMessage().startsWith("gemm: A"), e.getMessage());
    }

    @Test
    void negativeSizesAreRefused() {
        NativeTesting.assumeLibrary();
        refused(() -> gemm(floats(4), 0, floats(4), floats(4), -1, 2, 2));
    }

    @Test
    void aReadOnlyOutputIsRefused() {
        NativeTesting.assumeLibrary();
        GatunException e = refused(() -> gemm(floats(4), 0, floats(4), floats(4).asReadOnly(), 2, 2, 2));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test
    void operandsNativeCodeCannotTakeAreDeclined() {
        NativeTesting.assumeLibrary();
        MemorySegment heap = MemorySegment.ofArray(new float[16]);
        assertDeclined("heap memory", () -> gemm(heap, 0, floats(16), floats(16), 2, 2, 2));
        assertDeclined("f64", () -> new GemmSpec(1, 2, 2, 2, DType.F64, floats(8), 0, 0, 2, 1, DType.F64, floats(8), 0,
                0, 2, 1, DType.F64, floats(8), 0, 0, 2, false));
        MemorySegment bytes = Arena.ofAuto().allocate(64, 64);
        assertDeclined("misaligned", () -> new GemmSpec(1, 2, 2, 2, DType.F32, bytes.asSlice(1), 0, 0, 2, 1,
                DType.F32, floats(4), 0, 0, 2, 1, DType.F32, floats(4), 0, 0, 2, false));
        MemorySegment shared = floats(16);
        assertDeclined("C overlapping A", () -> gemm(shared, 0, floats(4), shared.asSlice(8), 2, 2, 2));
        assertDeclined("C rows written twice", () -> new GemmSpec(1, 2, 2, 2, DType.F32, floats(4), 0, 0, 2, 1,
                DType.F32, floats(4), 0, 0, 2, 1, DType.F32, floats(4), 0, 0, 0, false));
    }

    @Test
    void specsCheckTheirShapesWhenBuilt() {
        Tensor x = Tensor.zeros(DType.F32, 2, 3);
        assertThrows(GatunException.class, () -> new SoftmaxSpec(x, Tensor.zeros(DType.F32, 3, 2)));
        assertThrows(GatunException.class, () -> new LayerNormSpec(x, Tensor.zeros(DType.F32, 2), null, 1e-5, x));
        Tensor q = Tensor.zeros(DType.F32, 1, 3, 4, 8);
        Tensor kv = Tensor.zeros(DType.F32, 1, 2, 5, 8);
        assertThrows(GatunException.class, () -> AttentionSpec.of(q, kv, kv, AttentionMask.NONE), "3 heads, 2 kv heads");
        Tensor k2 = Tensor.zeros(DType.F32, 1, 1, 5, 8);
        Tensor badKeys = Tensor.ones(DType.BOOL, 1, 4);
        assertThrows(GatunException.class, () -> AttentionSpec.of(q, k2, k2, AttentionMask.NONE.withKeyMask(badKeys)));
        Tensor u = Tensor.zeros(DType.F32, 1, 2, 3);
        Tensor a = Tensor.zeros(DType.F32, 2, 4);
        Tensor bc = Tensor.zeros(DType.F32, 1, 4, 3);
        assertThrows(GatunException.class, () -> new SelectiveScanSpec(u, u, a, bc, Tensor.zeros(DType.F32, 1, 3, 4),
                null, null, null, false, null, u, null));
        Quantized w = Quantized.quantize(Quantized.Format.Q8_0, Tensor.zeros(DType.F32, 4, 32));
        assertThrows(GatunException.class, () -> new QuantMatVecSpec(w, Tensor.zeros(DType.F32, 1, 64),
                Tensor.zeros(DType.F32, 1, 4)));
    }

    @Test
    void ropePositionsOutsideTheTablesAreRefused() {
        NativeTesting.assumeLibrary();
        Tensor x = Tensor.zeros(DType.F32, 1, 1, 2, 4);
        Tensor cos = Tensor.zeros(DType.F32, 3, 2);
        RopeSpec spec = new RopeSpec(x, cos, cos, Tensor.of(new long[] {0, 3}), Tensor.zeros(DType.F32, 1, 1, 2, 4));
        assertTrue(backend.supports(spec));
        GatunException e = assertThrows(GatunException.class, () -> backend.execute(spec));
        assertTrue(e.getMessage().contains("position 3"), e.getMessage());
    }

    @Test
    void aliasedOutputsAreDeclinedAndInPlaceIsAllowed() {
        NativeTesting.assumeLibrary();
        Tensor x = Tensor.zeros(DType.F32, 4, 8);
        assertTrue(backend.supports(new SoftmaxSpec(x, x)), "in place");
        Tensor shifted = x.narrow(1, 1, 4);
        assertFalse(backend.supports(new SoftmaxSpec(x.narrow(1, 0, 4), shifted)), "overlapping, not the same view");
        Tensor q = Tensor.zeros(DType.F32, 1, 1, 4, 8);
        assertFalse(backend.supports(new AttentionSpec(q, q, q, q, 1.0, AttentionMask.NONE)), "out over q");
    }
}
