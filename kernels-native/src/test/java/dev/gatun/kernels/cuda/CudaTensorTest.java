package dev.gatun.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device memory, streams and tensors on a GPU: copies are exact, lifetimes are deterministic. */
class CudaTensorTest {

    @BeforeEach
    void device() {
        CudaTesting.assumeDevice();
    }

    @Test
    void roundTripsEveryDtypeExactly() {
        for (DType type : DType.values()) {
            Tensor host = Tensor.randn(new SplittableRandom(1), DType.F32, 3, 5).mul(10).to(type);
            try (CudaTensor device = CudaTensor.toDevice(host)) {
                assertEquals(type, device.dtype());
                assertArrayEquals(new int[] {3, 5}, device.shape());
                Tensor back = device.toHost();
                assertEquals(type, back.dtype());
                assertArrayEquals(host.toDoubleArray(), back.toDoubleArray(), type.toString());
            }
        }
    }

    @Test
    void copiesViewsAndEmptyTensors() {
        Tensor base = Tensor.randn(new SplittableRandom(2), DType.F32, 6, 7);
        Tensor view = base.mT().narrow(0, 2, 3);                       // (3, 6), strided, offset
        try (CudaTensor d = CudaTensor.toDevice(view); CudaTensor empty = CudaTensor.toDevice(Tensor.zeros(DType.F32, 0, 4))) {
            assertArrayEquals(view.toDoubleArray(), d.toHost().toDoubleArray());
            assertEquals(0, empty.numel());
            assertEquals(0, empty.toHost().numel());
            Tensor other = Tensor.randn(new SplittableRandom(3), DType.F32, 3, 6);
            d.copyFrom(other);
            assertArrayEquals(other.toDoubleArray(), d.toHost().toDoubleArray());
        }
    }

    @Test
    void aStateDictMovesInOneCallAndTheArenaFreesIt() {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("embed.weight", Tensor.randn(new SplittableRandom(4), DType.BF16, 10, 8));
        weights.put("norm.weight", Tensor.ones(DType.F32, 8));
        Map<String, CudaTensor> onGpu;
        try (DeviceArena arena = new DeviceArena()) {
            onGpu = CudaTensor.toDevice(weights, arena);
            assertEquals(List.copyOf(weights.keySet()), List.copyOf(onGpu.keySet()));
            for (String name : weights.keySet()) {
                assertArrayEquals(weights.get(name).toDoubleArray(), onGpu.get(name).toHost().toDoubleArray(), name);
            }
        }
        for (CudaTensor t : onGpu.values()) {
            assertFalse(t.isOpen());
            assertThrows(GatunException.class, t::toHost);
        }
    }

    @Test
    void kernelsOnAStreamFinishBySynchronize() {
        Tensor x = Tensor.randn(new SplittableRandom(5), DType.F32, 4, 100);
        try (DeviceArena arena = new DeviceArena(); CudaStream stream = CudaStream.create()) {
            CudaTensor d = CudaTensor.toDevice(x, arena);
            CudaTensor y = CudaTensor.zeros(arena, DType.F32, 4, 100);
            Elementwise.activation(ActivationSpec.Kind.SILU, d, y, stream);
            Rows.softmax(y, y, stream);
            stream.synchronize();
            double[] got = y.toHost().toDoubleArray();
            for (int r = 0; r < 4; r++) {
                double sum = 0;
                for (int c = 0; c < 100; c++) {
                    sum += got[r * 100 + c];
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void closingTwiceIsHarmlessAndUseAfterCloseIsRefused() {
        CudaTensor t = CudaTensor.zeros(null, DType.F32, 8);
        t.close();
        t.close();
        GatunException e = assertThrows(GatunException.class, () -> Rows.softmax(t, t, null));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        DeviceBuffer b = DeviceBuffer.allocate(32);
        b.close();
        assertThrows(GatunException.class, b::address);
    }
}
