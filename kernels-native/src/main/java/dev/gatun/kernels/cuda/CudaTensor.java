package dev.gatun.kernels.cuda;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Shape;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tensor in GPU memory: a shape, a dtype and a {@link DeviceBuffer} holding the elements contiguously in
 * row-major order (no views, no strides, no autograd). It is the operand type of this package's kernels;
 * {@link #toDevice(Tensor)} and {@link #toHost()} move data between it and a host {@link Tensor}.
 *
 * <p>The device memory is freed by {@link #close()}, or by closing the {@link DeviceArena} the tensor was
 * allocated in; a tensor is not freed by the garbage collector.
 *
 * {@snippet :
 * try (DeviceArena gpu = new DeviceArena()) {
 *     Map<String, CudaTensor> weights = CudaTensor.toDevice(model.stateDict(), gpu); // one call for a model
 *     CudaTensor x = CudaTensor.toDevice(input, gpu);                                 // (T, C)
 *     CudaTensor y = CudaTensor.empty(gpu, DType.F32, x.shape());
 *     Rows.rmsNorm(x, weights.get("norm.weight"), 1e-6, y, null);
 *     Tensor result = y.toHost();
 * }
 * }
 */
public final class CudaTensor implements AutoCloseable {
    private final DType dtype;
    private final int[] shape;
    private final long numel;
    private final DeviceBuffer buffer;

    private CudaTensor(DType dtype, int[] shape, DeviceBuffer buffer) {
        this.dtype = dtype;
        this.shape = shape;
        this.numel = numel(shape);
        this.buffer = buffer;
    }

    /** An uninitialised tensor that owns its memory (free it with {@link #close()}). */
    public static CudaTensor empty(DType dtype, int... shape) {
        return empty(null, dtype, shape);
    }

    /** An uninitialised tensor in {@code arena} (null: owned by the tensor itself). */
    public static CudaTensor empty(DeviceArena arena, DType dtype, int... shape) {
        int[] s = checkedShape(dtype, shape);
        long bytes = dtype.byteSize(numel(s));
        return new CudaTensor(dtype, s, arena == null ? DeviceBuffer.allocate(bytes) : arena.allocate(bytes));
    }

    /** A tensor of zeros in {@code arena} (null: owned by the tensor itself). */
    public static CudaTensor zeros(DeviceArena arena, DType dtype, int... shape) {
        CudaTensor t = empty(arena, dtype, shape);
        t.buffer.zero();
        return t;
    }

    /** A copy of {@code host} on the device, owning its memory. */
    public static CudaTensor toDevice(Tensor host) {
        return toDevice(host, null);
    }

    /** A copy of {@code host} on the device, in {@code arena} (null: owned by the tensor itself). */
    public static CudaTensor toDevice(Tensor host, DeviceArena arena) {
        if (host == null) {
            throw new GatunException("toDevice: the tensor must be given");
        }
        Tensor c = host.isContiguous() ? host : host.contiguous();
        CudaTensor t = empty(arena, c.dtype(), c.shape());
        try {
            long bytes = c.dtype().byteSize(c.numel());
            t.buffer.copyFrom(c.segment().asSlice(c.dtype().byteSize(c.offset()), bytes));
        } catch (RuntimeException e) {
            if (arena == null) {
                t.close();
            }
            throw e;
        }
        return t;
    }

    /**
     * Every tensor of {@code host} (a model's {@code stateDict()}, say) copied to the device in
     * {@code arena}, under the same names and in the same order.
     */
    public static Map<String, CudaTensor> toDevice(Map<String, Tensor> host, DeviceArena arena) {
        if (arena == null) {
            throw new GatunException("toDevice: moving many tensors needs a DeviceArena to own them");
        }
        Map<String, CudaTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : host.entrySet()) {
            out.put(e.getKey(), toDevice(e.getValue(), arena));
        }
        return out;
    }

    /** A stand-in with a shape and dtype but no memory (it counts as closed): for validation tests. */
    static CudaTensor placeholder(DType dtype, int... shape) {
        int[] s = checkedShape(dtype, shape);
        return new CudaTensor(dtype, s, DeviceBuffer.none(dtype.byteSize(numel(s))));
    }

    /** A new contiguous host tensor (in the current {@link dev.gatun.tensor.Scope}) with this tensor's values. */
    public Tensor toHost() {
        Tensor host = Tensor.zeros(dtype, shape);
        buffer.copyTo(host.segment().asSlice(0, byteSize()));
        return host;
    }

    /** Overwrites this tensor with the values of {@code host}, which must have the same shape and dtype. */
    public void copyFrom(Tensor host) {
        if (host.dtype() != dtype || !Arrays.equals(host.shape(), shape)) {
            throw new GatunException("copyFrom: expected " + dtype + " " + Shape.toString(shape) + ", got " + host.dtype()
                    + " " + Shape.toString(host.shape()));
        }
        Tensor c = host.isContiguous() ? host : host.contiguous();
        buffer.copyFrom(c.segment().asSlice(dtype.byteSize(c.offset()), byteSize()));
    }

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code dim}; negative dims count from the end. */
    public int size(int dim) {
        int d = dim < 0 ? dim + shape.length : dim;
        if (d < 0 || d >= shape.length) {
            throw new GatunException("dimension " + dim + " out of range for shape " + Shape.toString(shape));
        }
        return shape[d];
    }

    public long numel() {
        return numel;
    }

    public long byteSize() {
        return dtype.byteSize(numel);
    }

    public DeviceBuffer buffer() {
        return buffer;
    }

    public boolean isOpen() {
        return buffer.isOpen();
    }

    /** Frees the device memory now (an arena that owns it then skips it when it closes). */
    @Override
    public void close() {
        buffer.close();
    }

    @Override
    public String toString() {
        return "CudaTensor" + Shape.toString(shape) + " " + dtype + (isOpen() ? "" : " (closed)");
    }

    private static int[] checkedShape(DType dtype, int[] shape) {
        if (dtype == null || shape == null) {
            throw new GatunException("a device tensor needs a dtype and a shape");
        }
        for (int s : shape) {
            if (s < 0) {
                throw new GatunException("negative size in shape " + Shape.toString(shape));
            }
        }
        return shape.clone();
    }

    private static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, (long) s);
        }
        return n;
    }
}
