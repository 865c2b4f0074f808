package dev.gatun.kernels.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A CUDA stream: kernels enqueued on one stream run in order, and independently of other streams. Every
 * kernel entry point of this package takes a stream, where null means the legacy default stream, which
 * waits for and is waited for by all other (blocking) streams; copies to and from the host run on it and
 * are synchronous. Close a stream to destroy it (work already enqueued still completes).
 *
 * {@snippet :
 * try (CudaStream stream = CudaStream.create()) {
 *     Rows.softmax(x, out, stream);
 *     stream.synchronize();
 * }
 * }
 */
public final class CudaStream implements AutoCloseable {
    private final MemorySegment handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CudaStream(MemorySegment handle) {
        this.handle = handle;
    }

    /** A new stream on the current device. */
    public static CudaStream create() {
        CudaLibrary lib = CudaRuntime.require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            CudaRuntime.call("cudaStreamCreate", () -> (int) lib.streamCreate.invokeExact(out));
            return new CudaStream(out.get(ADDRESS, 0));
        }
    }

    /** Waits until all work enqueued on this stream has finished, reporting a kernel's failure. */
    public void synchronize() {
        CudaLibrary lib = CudaRuntime.require();
        MemorySegment h = handle(this);
        CudaRuntime.call("cudaStreamSynchronize", () -> (int) lib.streamSynchronize.invokeExact(h));
    }

    /** The {@code cudaStream_t} of {@code stream}; NULL (the legacy default stream) for null. */
    static MemorySegment handle(CudaStream stream) {
        if (stream == null) {
            return MemorySegment.NULL;
        }
        if (stream.closed.get()) {
            throw new GatunException("the CUDA stream is closed");
        }
        return stream.handle;
    }

    /** Synchronises {@code stream} (null: the whole device). */
    static void synchronize(CudaStream stream) {
        if (stream == null) {
            CudaRuntime.synchronize();
        } else {
            stream.synchronize();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CudaLibrary lib = CudaRuntime.require();
        CudaRuntime.call("cudaStreamDestroy", () -> (int) lib.streamDestroy.invokeExact(handle));
    }
}
