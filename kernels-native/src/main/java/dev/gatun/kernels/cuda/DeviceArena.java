package dev.gatun.kernels.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * An owner of device buffers with one lifetime, as {@link dev.gatun.tensor.Scope} is for host memory:
 * everything allocated through it is freed, in reverse order, when it closes. A model's weights moved to
 * the GPU belong in one arena; a request's activations in another.
 *
 * {@snippet :
 * try (DeviceArena weights = new DeviceArena()) {
 *     Map<String, CudaTensor> onGpu = CudaTensor.toDevice(model.stateDict(), weights);
 *     // ... serve requests ...
 * }   // every weight's device memory is freed here
 * }
 */
public final class DeviceArena implements AutoCloseable {
    private final List<DeviceBuffer> buffers = new ArrayList<>();
    private boolean closed;

    /** {@code bytes} of uninitialised device memory owned by this arena. */
    public synchronized DeviceBuffer allocate(long bytes) {
        if (closed) {
            throw new dev.gatun.tensor.GatunException("device arena is closed");
        }
        DeviceBuffer b = DeviceBuffer.allocate(bytes);
        buffers.add(b);
        return b;
    }

    /** Frees every buffer still open; the first failure is thrown after all have been tried. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (int i = buffers.size() - 1; i >= 0; i--) {
            try {
                buffers.get(i).close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        buffers.clear();
        if (first != null) {
            throw first;
        }
    }
}
