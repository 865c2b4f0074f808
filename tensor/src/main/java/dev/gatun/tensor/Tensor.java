package dev.gatun.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array in off-heap memory: a {@link MemorySegment} plus dtype, shape, strides and offset.
 *
 * <p>Views (reshape, permute, narrow, expand, ...) share memory with the tensor they come from; ops
 * allocate their results in the current {@link Scope}. A tensor that {@linkplain #requiresGrad() requires
 * grad} records the op that produced it, so {@link #backward()} can compute gradients (see
 * {@link Autograd}). Shapes follow PyTorch, and so do names and broadcasting rules.
 *
 * <p>Tensors are not thread-safe for mutation (in-place ops, {@code grad}); read-only use from many
 * threads, as with shared model weights, is safe.
 */
public final class Tensor {
    private final MemorySegment data;
    private final Scope owner;
    private final DType dtype;
    private final int[] shape;
    private final long[] strides;
    private final long offset;
    private boolean requiresGrad;
    private Tensor grad;
    Node producer;

    Tensor(MemorySegment data, Scope owner, DType dtype, int[] shape, long[] strides, long offset) {
        this.data = data;
        this.owner = owner;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---------------------------------------------------------------- creation

    /** A new contiguous tensor of zeros in the current scope. */
    public static Tensor zeros(DType dtype, int... shape) {
        int[] s = Shape.checked(shape);
        Scope owner = Scope.current();
        MemorySegment seg = Scope.allocate(owner, dtype.byteSize(Shape.numel(s)));
        return new Tensor(seg, owner, dtype, s, Shape.contiguousStrides(s), 0);
    }

    /** A new F32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.F32, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (value != 0) {
            t.fill_(value);
        }
        return t;
    }

    /** A 0-dimensional tensor holding {@code value}. */
    public static Tensor scalar(DType dtype, double value) {
        Tensor t = zeros(dtype);
        dtype.setDouble(t.data, 0, value);
        return t;
    }

    /** An F32 tensor with a copy of {@code values}, shaped {@code shape} (a 1-D tensor when shape is empty). */
    public static Tensor of(float[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        Tensor t = zeros(DType.F32, s);
        checkCount(values.length, t);
        MemorySegment.copy(values, 0, t.data, DType.FLOAT, 0, values.length);
        return t;
    }

    /** An F64 tensor with a copy of {@code values}. */
    public static Tensor of(double[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        Tensor t = zeros(DType.F64, s);
        checkCount(values.length, t);
        MemorySegment.copy(values, 0, t.data, DType.DOUBLE, 0, values.length);
        return t;
    }

    /** An I64 tensor with a copy of {@code values}. */
    public static Tensor of(long[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        Tensor t = zeros(DType.I64, s);
        checkCount(values.length, t);
        MemorySegment.copy(values, 0, t.data, DType.LONG, 0, values.length);
        return t;
    }

    private static void checkCount(int count, Tensor t) {
        if (count != t.numel()) {
            throw new GatunException(count + " values cannot fill a tensor of shape " + Shape.toString(t.shape)
                    + " (" + t.numel() + " elements)");
        }
    }

    /**
     * Wraps existing memory (a memory-mapped checkpoint, a native buffer) as a contiguous tensor without
     * copying. The caller keeps the memory alive for as long as the tensor is used.
     */
    public static Tensor wrap(MemorySegment data, DType dtype, int... shape) {
        int[] s = Shape.checked(shape);
        long need = dtype.byteSize(Shape.numel(s));
        if (data.byteSize() != need) {
            throw new GatunException("memory of " + data.byteSize() + " bytes cannot hold a " + dtype
                    + " tensor of shape " + Shape.toString(s) + " (" + need + " bytes)");
        }
        return new Tensor(data, null, dtype, s, Shape.contiguousStrides(s), 0);
    }

    /** {@code [0, 1, ..., n-1]} as I64. */
    public static Tensor arange(int n) {
        return arange(DType.I64, 0, n, 1);
    }

    /** Values {@code start, start+step, ...} below {@code end}. */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0) {
            throw new GatunException("arange step must not be 0");
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            t.dtype.setDouble(t.data, (long) i * t.dtype.byteSize(), start + i * step);
        }
        return t;
    }

    /** Uniform values in [0, 1) from {@code rng}. */
    public static Tensor rand(java.util.random.RandomGenerator rng, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        long n = t.numel();
        int size = dtype.byteSize();
        for (long i = 0; i < n; i++) {
            dtype.setDouble(t.data, i * size, rng.nextDouble());
        }
        return t;
    }

    /** Standard normal values from {@code rng}. */
    public static Tensor randn(java.util.random.RandomGenerator rng, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        long n = t.numel();
        int size = dtype.byteSize();
        for (long i = 0; i < n; i++) {
            dtype.setDouble(t.data, i * size, rng.nextGaussian());
        }
        return t;
    }

    // ---------------------------------------------------------------- metadata

    public DType dtype() {
        return dtype;
    }

    public Device device() {
        return Device.CPU;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides, in elements. */
    public long[] strides() {
        return strides.clone();
    }

    /** Offset of the first element in the memory segment, in elements. */
    public long offset() {
        return offset;
    }

    /** The whole memory this tensor (and its views) refer to. */
    public MemorySegment segment() {
        checkAlive();
        return data;
    }

    /** The scope owning this tensor's memory, or null when the garbage collector does. */
    public Scope owner() {
        return owner;
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shape.normalizeDim(dim, shape.length)];
    }

    public long numel() {
        return Shape.numel(shape);
    }

    /** Whether elements are laid out row-major without gaps, so the data is one span of memory. */
    public boolean isContiguous() {
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != step) {
                return false;
            }
            step *= shape[i];
        }
        return true;
    }

    void checkAlive() {
        if (owner != null && !owner.isOpen()) {
            throw new GatunException("tensor of shape " + Shape.toString(shape)
                    + " belongs to a closed scope; keep() it before the scope closes to use it afterwards");
        }
    }

    /** Byte offset of element (by multi-index) inside {@link #segment()}. */
    long byteOffsetOf(long[] index) {
        long off = offset;
        for (int i = 0; i < index.length; i++) {
            off += index[i] * strides[i];
        }
        return off * dtype.byteSize();
    }

    // ---------------------------------------------------------------- element access

    /** The element at {@code index} as a double. */
    public double getDouble(int... index) {
        checkAlive();
        return dtype.getDouble(data, byteOffsetOf(checkIndex(index)));
    }

    /** The element at {@code index} as a long (exact for integer dtypes). */
    public long getLong(int... index) {
        checkAlive();
        return dtype.getLong(data, byteOffsetOf(checkIndex(index)));
    }

    /** Sets the element at {@code index}. */
    public void setDouble(double value, int... index) {
        checkAlive();
        dtype.setDouble(data, byteOffsetOf(checkIndex(index)), value);
    }

    private long[] checkIndex(int[] index) {
        if (index.length != shape.length) {
            throw new GatunException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates; the tensor has rank " + shape.length);
        }
        long[] idx = new long[index.length];
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new GatunException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Shape.toString(shape));
            }
            idx[i] = index[i];
        }
        return idx;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new GatunException("item() needs a tensor with one element, got shape " + Shape.toString(shape));
        }
        checkAlive();
        return dtype.getDouble(data, offset * dtype.byteSize());
    }

    /** All elements in row-major order as floats. */
    public float[] toFloatArray() {
        Tensor c = to(DType.F32).contiguous();
        float[] out = new float[Math.toIntExact(c.numel())];
        MemorySegment.copy(c.segment(), DType.FLOAT, c.offset * 4, out, 0, out.length);
        return out;
    }

    /** All elements in row-major order as doubles. */
    public double[] toDoubleArray() {
        Tensor c = to(DType.F64).contiguous();
        double[] out = new double[Math.toIntExact(c.numel())];
        MemorySegment.copy(c.segment(), DType.DOUBLE, c.offset * 8, out, 0, out.length);
        return out;
    }

    /** All elements in row-major order as longs. */
    public long[] toLongArray() {
        Tensor c = to(DType.I64).contiguous();
        long[] out = new long[Math.toIntExact(c.numel())];
        MemorySegment.copy(c.segment(), DType.LONG, c.offset * 8, out, 0, out.length);
        return out;
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a parameter whose gradient {@link #backward()} accumulates into {@link #grad()}. */
    public Tensor requiresGrad(boolean value) {
        if (producer != null && !value) {
            throw new GatunException("requiresGrad(false) on a tensor computed from others; use detach()");
        }
        if (value && !dtype.isFloatingPoint()) {
            throw new GatunException("only floating-point tensors can require grad, got " + dtype);
        }
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf, or null before any backward pass. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new GatunException("gradient of shape " + Shape.toString(g.shape) + " does not match tensor shape "
                    + Shape.toString(shape));
        }
        this.grad = g;
    }

    /** The op that produced this tensor, or null for leaves and tensors computed without grad. */
    public Node producer() {
        return producer;
    }

    void markComputed(Node node) {
        this.producer = node;
        this.requiresGrad = true;
    }

    /** Computes gradients of this scalar with respect to every leaf that requires grad. */
    public void backward() {
        if (numel() != 1) {
            throw new GatunException("backward() without a gradient needs a one-element tensor, got shape "
                    + Shape.toString(shape));
        }
        Autograd.backward(this, Tensor.full(dtype, 1.0, shape));
    }

    /** Computes gradients given the gradient of some scalar with respect to this tensor. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient);
    }

    /** A view of the same memory with no autograd history. */
    public Tensor detach() {
        return new Tensor(data, owner, dtype, shape, strides, offset);
    }

    Tensor view(int[] newShape, long[] newStrides, long newOffset) {
        return new Tensor(data, owner, dtype, newShape, newStrides, newOffset);
    }

    // ---------------------------------------------------------------- views and copies

    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    public Tensor view(int... newShape) {
        return Views.reshape(this, newShape);
    }

    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** Moves dimension {@code source} to position {@code destination}, keeping the others in order. */
    public Tensor movedim(int source, int destination) {
        int rank = shape.length;
        int s = Shape.normalizeDim(source, rank);
        int d = Shape.normalizeDim(destination, rank);
        int[] perm = new int[rank];
        int next = 0;
        for (int i = 0; i < rank; i++) {
            if (i == d) {
                perm[i] = s;
            } else {
                if (next == s) {
                    next++;
                }
                perm[i] = next++;
            }
        }
        return permute(perm);
    }

    /** Transpose of the last two dimensions. */
    public Tensor mT() {
        return Views.transpose(this, -2, -1);
    }

    public Tensor narrow(int dim, int start, int length) {
        return Views.slice(this, dim, start, start + length, 1);
    }

    /** Elements {@code start, start+step, ...} below {@code end} along {@code dim} (Python's x[start:end:step]). */
    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** The slice at {@code index} along {@code dim}, with that dimension removed. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Merges dimensions {@code startDim..endDim} into one. */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /** Splits dimension {@code dim} into {@code sizes}. */
    public Tensor unflatten(int dim, int... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : Copies.clone(this);
    }

    /** A contiguous copy (differentiable). */
    public Tensor clone() {
        return Copies.clone(this);
    }

    Tensor contiguousCopy() {
        return Copies.clone(this);
    }

    /** This tensor converted to {@code target} (this tensor when it already has that dtype). */
    public Tensor to(DType target) {
        return target == dtype ? this : Copies.cast(this, target);
    }

    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor's memory. */
    public Tensor copy_(Tensor src) {
        Copies.copyInto(src, this);
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fill_(double value) {
        Copies.fill(this, value);
        return this;
    }

    /** Adds {@code other} (broadcast) to this tensor in place. */
    public Tensor add_(Tensor other) {
        Elementwise.binaryInPlace(BinaryKind.ADD, this, other);
        return this;
    }

    /** Multiplies this tensor by {@code factor} in place. */
    public Tensor mul_(double factor) {
        Elementwise.binaryInPlace(BinaryKind.MUL, this, Tensor.scalar(dtype, factor));
        return this;
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor o) {
        return Elementwise.binary(BinaryKind.ADD, this, o);
    }

    public Tensor add(double v) {
        return Elementwise.binary(BinaryKind.ADD, this, scalarLike(v));
    }

    public Tensor sub(Tensor o) {
        return Elementwise.binary(BinaryKind.SUB, this, o);
    }

    public Tensor sub(double v) {
        return Elementwise.binary(BinaryKind.SUB, this, scalarLike(v));
    }

    public Tensor mul(Tensor o) {
        return Elementwise.binary(BinaryKind.MUL, this, o);
    }

    public Tensor mul(double v) {
        return Elementwise.binary(BinaryKind.MUL, this, scalarLike(v));
    }

    public Tensor div(Tensor o) {
        return Elementwise.binary(BinaryKind.DIV, this, o);
    }

    public Tensor div(double v) {
        return Elementwise.binary(BinaryKind.DIV, this, scalarLike(v));
    }

    public Tensor pow(Tensor o) {
        return Elementwise.binary(BinaryKind.POW, this, o);
    }

    public Tensor pow(double v) {
        return Elementwise.binary(BinaryKind.POW, this, scalarLike(v));
    }

    public Tensor maximum(Tensor o) {
        return Elementwise.binary(BinaryKind.MAXIMUM, this, o);
    }

    public Tensor minimum(Tensor o) {
        return Elementwise.binary(BinaryKind.MINIMUM, this, o);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Elementwise.unary(UnaryKind.NEG, this);
    }

    public Tensor exp() {
        return Elementwise.unary(UnaryKind.EXP, this);
    }

    public Tensor log() {
        return Elementwise.unary(UnaryKind.LOG, this);
    }

    public Tensor sqrt() {
        return Elementwise.unary(UnaryKind.SQRT, this);
    }

    public Tensor rsqrt() {
        return Elementwise.unary(UnaryKind.RSQRT, this);
    }

    public Tensor abs() {
        return Elementwise.unary(UnaryKind.ABS, this);
    }

    public Tensor tanh() {
        return Elementwise.unary(UnaryKind.TANH, this);
    }

    public Tensor sigmoid() {
        return Elementwise.unary(UnaryKind.SIGMOID, this);
    }

    public Tensor relu() {
        return Elementwise.unary(UnaryKind.RELU, this);
    }

    public Tensor erf() {
        return Elementwise.unary(UnaryKind.ERF, this);
    }

    public Tensor sin() {
        return Elementwise.unary(UnaryKind.SIN, this);
    }

    public Tensor cos() {
        return Elementwise.unary(UnaryKind.COS, this);
    }

    public Tensor log1p() {
        return Elementwise.unary(UnaryKind.LOG1P, this);
    }

    public Tensor expm1() {
        return Elementwise.unary(UnaryKind.EXPM1, this);
    }

    public Tensor sign() {
        return Elementwise.unary(UnaryKind.SIGN, this);
    }

    public Tensor eq(Tensor o) {
        return Elementwise.compare(CompareKind.EQ, this, o);
    }

    public Tensor eq(double v) {
        return Elementwise.compare(CompareKind.EQ, this, scalarLike(v));
    }

    public Tensor ne(Tensor o) {
        return Elementwise.compare(CompareKind.NE, this, o);
    }

    public Tensor lt(Tensor o) {
        return Elementwise.compare(CompareKind.LT, this, o);
    }

    public Tensor lt(double v) {
        return Elementwise.compare(CompareKind.LT, this, scalarLike(v));
    }

    public Tensor le(Tensor o) {
        return Elementwise.compare(CompareKind.LE, this, o);
    }

    public Tensor gt(Tensor o) {
        return Elementwise.compare(CompareKind.GT, this, o);
    }

    public Tensor gt(double v) {
        return Elementwise.compare(CompareKind.GT, this, scalarLike(v));
    }

    public Tensor ge(Tensor o) {
        return Elementwise.compare(CompareKind.GE, this, o);
    }

    /** Elements of {@code a} where {@code cond} is true, else of {@code b} (all broadcast together). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    /** This tensor with {@code value} (converted to this dtype) where {@code mask} is true. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Elementwise.where(mask, Tensor.scalar(dtype, value), this);
    }

    private Tensor scalarLike(double v) {
        return Tensor.scalar(dtype.isFloatingPoint() ? dtype : DType.promote(dtype,
                v == Math.rint(v) ? DType.I64 : DType.F32), v);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (0-dimensional). */
    public Tensor sum() {
        return Reductions.reduce(ReduceKind.SUM, this, allDims(), false);
    }

    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceKind.SUM, this, new int[] {dim}, keepdim);
    }

    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.reduce(ReduceKind.SUM, this, dims, keepdim);
    }

    public Tensor mean() {
        return Reductions.mean(this, allDims(), false);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    public Tensor max() {
        return Reductions.reduce(ReduceKind.MAX, this, allDims(), false);
    }

    public Tensor max(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceKind.MAX, this, new int[] {dim}, keepdim);
    }

    public Tensor min() {
        return Reductions.reduce(ReduceKind.MIN, this, allDims(), false);
    }

    public Tensor min(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceKind.MIN, this, new int[] {dim}, keepdim);
    }

    /** Index (I64) of the largest element along {@code dim}; the first one on ties. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.argExtreme(this, dim, keepdim, true);
    }

    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.argExtreme(this, dim, keepdim, false);
    }

    /** Variance over {@code dims} with Bessel's correction {@code correction} (1 = unbiased, 0 = biased). */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim);
    }

    public Tensor var(int dim, int correction, boolean keepdim) {
        return Reductions.var(this, new int[] {dim}, correction, keepdim);
    }

    private int[] allDims() {
        int[] d = new int[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }

    // ---------------------------------------------------------------- linear algebra and friends

    /** Matrix product with PyTorch's {@code matmul} semantics (1-D operands, batched broadcasting). */
    public Tensor matmul(Tensor o) {
        return MatMul.matmul(this, o);
    }

    public Tensor softmax(int dim) {
        return Functional.softmax(this, dim);
    }

    public Tensor logSoftmax(int dim) {
        return Functional.logSoftmax(this, dim);
    }

    public Tensor cumsum(int dim) {
        return Indexing.cumsum(this, dim);
    }

    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /** A copy of this tensor with {@code src} added at positions {@code index} along {@code dim}. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Copies.cat(tensors, dim);
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Functional.stack(tensors, dim);
    }

    /** Pieces of size {@code splitSize} along {@code dim} (the last may be smaller); views, no copies. */
    public List<Tensor> split(int splitSize, int dim) {
        return Functional.split(this, splitSize, dim);
    }

    /** {@code chunks} nearly equal pieces along {@code dim}; views, no copies. */
    public List<Tensor> chunk(int chunks, int dim) {
        return Functional.chunk(this, chunks, dim);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
