package dev.gatun.kernels.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Device memory from {@code cudaMalloc}, freed deterministically by {@link #close()} (or by closing the
 * {@link DeviceArena} it came from). Copies to and from host memory are synchronous and checked against
 * both sides' sizes before the runtime sees them. A buffer of zero bytes holds no memory at all.
 *
 * {@snippet :
 * try (DeviceBuffer buffer = DeviceBuffer.allocate(host.byteSize())) {
 *     buffer.copyFrom(host);
 *     // ... kernels read buffer.address() ...
 *     buffer.copyTo(host);
 * }
 * }
 */
public final class DeviceBuffer implements AutoCloseable {
    private static final int HOST_TO_DEVICE = 1;
    private static final int DEVICE_TO_HOST = 2;

    private final long address;
    private final long byteSize;
    private final AtomicBoolean closed;

    private DeviceBuffer(long address, long byteSize, boolean closed) {
        this.address = address;
        this.byteSize = byteSize;
        this.closed = new AtomicBoolean(closed);
    }

    /** {@code bytes} of uninitialised device memory. */
    public static DeviceBuffer allocate(long bytes) {
        if (bytes < 0) {
            throw new GatunException("device buffer size must be >= 0, got " + bytes);
        }
        CudaLibrary lib = CudaRuntime.require();
        if (bytes == 0) {
            return new DeviceBuffer(0, 0, false);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            CudaRuntime.call("cudaMalloc(" + bytes + " bytes)", () -> (int) lib.malloc.invokeExact(out, bytes));
            return new DeviceBuffer(out.get(ADDRESS, 0).address(), bytes, false);
        }
    }

    /** A buffer that holds no memory and counts as closed: a stand-in for validation tests. */
    static DeviceBuffer none(long bytes) {
        return new DeviceBuffer(0, bytes, true);
    }

    /** The device address of the first byte (0 for an empty buffer). */
    public long address() {
        checkOpen();
        return address;
    }

    public long byteSize() {
        return byteSize;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    void checkOpen() {
        if (closed.get()) {
            throw new GatunException("device buffer of " + byteSize + " bytes is closed");
        }
    }

    /** Copies all of {@code host} to the start of this buffer. */
    public void copyFrom(MemorySegment host) {
        copyFrom(host, 0);
    }

    /** Copies all of {@code host} to this buffer, starting {@code deviceOffset} bytes in. */
    public void copyFrom(MemorySegment host, long deviceOffset) {
        copy(host, deviceOffset, HOST_TO_DEVICE);
    }

    /** Fills all of {@code host} from the start of this buffer. */
    public void copyTo(MemorySegment host) {
        copyTo(host, 0);
    }

    /** Fills all of {@code host} from this buffer, starting {@code deviceOffset} bytes in. */
    public void copyTo(MemorySegment host, long deviceOffset) {
        if (host.isReadOnly()) {
            throw new GatunException("cannot copy device memory into a read-only segment");
        }
        copy(host, deviceOffset, DEVICE_TO_HOST);
    }

    private void copy(MemorySegment host, long deviceOffset, int kind) {
        long bytes = host.byteSize();
        if (deviceOffset < 0 || deviceOffset > byteSize || bytes > byteSize - deviceOffset) {
            throw new GatunException("copy of " + bytes + " bytes at offset " + deviceOffset + " does not fit a device buffer of "
                    + byteSize + " bytes");
        }
        checkOpen();
        if (bytes == 0) {
            return;
        }
        CudaLibrary lib = CudaRuntime.require();
        if (!host.isNative()) { // the runtime needs a native address: go through a native copy
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment staging = arena.allocate(bytes, 64);
                if (kind == HOST_TO_DEVICE) {
                    staging.copyFrom(host);
                }
                copy(staging, deviceOffset, kind);
                if (kind == DEVICE_TO_HOST) {
                    host.copyFrom(staging);
                }
                return;
            }
        }
        MemorySegment device = MemorySegment.ofAddress(address + deviceOffset);
        MemorySegment dst = kind == HOST_TO_DEVICE ? device : host;
        MemorySegment src = kind == HOST_TO_DEVICE ? host : device;
        CudaRuntime.call(kind == HOST_TO_DEVICE ? "cudaMemcpy (host to device)" : "cudaMemcpy (device to host)",
                () -> (int) lib.memcpy.invokeExact(dst, src, bytes, kind, MemorySegment.NULL));
    }

    /** Sets every byte to zero, on the default stream. */
    public void zero() {
        checkOpen();
        if (byteSize == 0) {
            return;
        }
        CudaLibrary lib = CudaRuntime.require();
        MemorySegment device = MemorySegment.ofAddress(address);
        CudaRuntime.call("cudaMemset", () -> (int) lib.memset.invokeExact(device, 0, byteSize, MemorySegment.NULL));
    }

    /** Frees the memory (once; later calls do nothing). Kernels still running on it must have finished. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || address == 0) {
            return;
        }
        CudaLibrary lib = CudaRuntime.require();
        MemorySegment device = MemorySegment.ofAddress(address);
        CudaRuntime.call("cudaFree", () -> (int) lib.free.invokeExact(device));
    }

    @Override
    public String toString() {
        return "DeviceBuffer[" + byteSize + " bytes at 0x" + Long.toHexString(address) + (isOpen() ? "" : ", closed") + "]";
    }
}
