package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GemmSpec} rejects every spec that would read or write outside its segments, before any access. */
class GemmSpecTest {

    private static final Arena ARENA = Arena.ofAuto();
    // A 4×5 · 5×6 product fits exactly in these.
    private final MemorySegment a = ARENA.allocate(4L * 20);
    private final MemorySegment b = ARENA.allocate(4L * 30);
    private final MemorySegment c = ARENA.allocate(4L * 24);

    private GemmSpec spec(long aOffset, long aRow, long aCol, long bOffset, long bRow, long bCol,
                          long cOffset, long cRow, DType aType, DType bType, DType cType) {
        return new GemmSpec(1, 4, 6, 5, aType, a, aOffset, 0, aRow, aCol, bType, b, bOffset, 0, bRow, bCol,
                cType, c, cOffset, 0, cRow, false);
    }

    private GemmSpec f32(long aOffset, long aRow, long aCol, long bOffset, long bRow, long bCol, long cOffset, long cRow) {
        return spec(aOffset, aRow, aCol, bOffset, bRow, bCol, cOffset, cRow, DType.F32, DType.F32, DType.F32);
    }

    private static void rejects(String fragment, Runnable build) {
        GatunException e = assertThrows(GatunException.class, build::run);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void exactFitIsAccepted() {
        assertDoesNotThrow(() -> f32(0, 5, 1, 0, 6, 1, 0, 6));
        assertDoesNotThrow(() -> f32(0, 1, 4, 0, 1, 5, 0, 6)); // both transposed
        assertDoesNotThrow(() -> f32(15, -5, 1, 0, 6, 1, 0, 6)); // A's rows reversed
    }

    @Test
    void outOfBoundsOperandsAreRejected() {
        rejects("A reaches element 20", () -> f32(1, 5, 1, 0, 6, 1, 0, 6));
        rejects("B reaches element 33", () -> f32(0, 5, 1, 0, 7, 1, 0, 6));
        rejects("C reaches element 24", () -> f32(0, 5, 1, 0, 6, 1, 1, 6));
        rejects("before the start", () -> f32(0, -5, 1, 0, 6, 1, 0, 6));
        rejects("offset must be >= 0", () -> f32(0, 5, 1, -1, 6, 1, 0, 6));
        rejects("overflow", () -> f32(0, Long.MAX_VALUE / 2, 1, 0, 6, 1, 0, 6));
        // The element type sets the byte size: 20 F64 elements do not fit in 80 bytes.
        rejects("A reaches element 19 (f64)", () -> spec(0, 5, 1, 0, 6, 1, 0, 6, DType.F64, DType.F64, DType.F64));
    }

    @Test
    void overlappingOrReadOnlyOutputIsRejected() {
        rejects("overlap", () -> f32(0, 5, 1, 0, 6, 1, 0, 5));
        rejects("overlap", () -> new GemmSpec(2, 4, 6, 5, DType.F32, a, 0, 0, 5, 1, DType.F32, b, 0, 0, 6, 1,
                DType.F32, c, 0, 0, 6, false));
        rejects("read-only", () -> new GemmSpec(1, 4, 6, 5, DType.F32, a, 0, 0, 5, 1, DType.F32, b, 0, 0, 6, 1,
                DType.F32, c.asReadOnly(), 0, 0, 6, false));
    }

    @Test
    void unsupportedTypesAreRejected() {
        rejects("A must be", () -> spec(0, 5, 1, 0, 6, 1, 0, 6, DType.I32, DType.F32, DType.F32));
        rejects("B must be", () -> spec(0, 5, 1, 0, 6, 1, 0, 6, DType.F32, DType.I8, DType.F32));
        rejects("C must be", () -> spec(0, 5, 1, 0, 6, 1, 0, 6, DType.F32, DType.F32, DType.BF16));
        rejects("all F64", () -> spec(0, 5, 1, 0, 6, 1, 0, 6, DType.F64, DType.F32, DType.F32));
        rejects("all F64", () -> spec(0, 5, 1, 0, 6, 1, 0, 6, DType.F32, DType.F32, DType.F64));
    }

    @Test
    void negativeSizesAndMissingPartsAreRejected() {
        rejects("sizes must be >= 0", () -> new GemmSpec(1, -1, 6, 5, DType.F32, a, 0, 0, 5, 1, DType.F32, b, 0, 0, 6, 1,
                DType.F32, c, 0, 0, 6, false));
        rejects("segments", () -> new GemmSpec(1, 4, 6, 5, DType.F32, null, 0, 0, 5, 1, DType.F32, b, 0, 0, 6, 1,
                DType.F32, c, 0, 0, 6, false));
    }

    @Test
    void emptyOperandsAreNotBoundsChecked() {
        // k = 0: A and B are never read, so even a tiny segment is fine; C is still written.
        MemorySegment tiny = ARENA.allocate(4);
        assertDoesNotThrow(() -> new GemmSpec(1, 4, 6, 0, DType.F32, tiny, 0, 0, 0, 1, DType.F32, tiny, 0, 0, 6, 1,
                DType.F32, c, 0, 0, 6, false));
        rejects("C reaches", () -> new GemmSpec(1, 4, 6, 0, DType.F32, tiny, 0, 0, 0, 1, DType.F32, tiny, 0, 0, 6, 1,
                DType.F32, tiny, 0, 0, 6, false));
    }
}
