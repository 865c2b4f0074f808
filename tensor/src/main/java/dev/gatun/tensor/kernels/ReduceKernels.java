package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.ReduceKind;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Reductions of contiguous rows: {@code out[r] = reduce(in[r*len .. r*len+len))}. */
public final class ReduceKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private ReduceKernels() {
    }

    /** Reduces {@code rows} contiguous rows of {@code len} elements each, starting at element {@code inOffset}. */
    public static void rows(ReduceKind kind, DType inType, MemorySegment in, long inOffset, long rows, long len,
                            DType outType, MemorySegment out) {
        long grainRows = Math.max(1, (1 << 15) / Math.max(1, len));
        int size = inType.byteSize();
        Parallel.forRange(rows, grainRows, (start, end) -> {
            for (long r = start; r < end; r++) {
                long base = (inOffset + r * len) * size;
                long outAt = r * outType.byteSize();
                if (inType == DType.F32) {
                    outType.setDouble(out, outAt, f32Row(kind, in, base, len));
                } else if (!inType.isFloatingPoint() && !outType.isFloatingPoint()) {
                    outType.setLong(out, outAt, longRow(kind, inType, in, base, len));
                } else {
                    outType.setDouble(out, outAt, doubleRow(kind, inType, in, base, len));
                }
            }
        });
    }

    private static double f32Row(ReduceKind kind, MemorySegment in, long base, long len) {
        long i = 0;
        long bound = F.loopBound(len);
        float acc = identity(kind);
        if (bound > 0) {
            FloatVector v = FloatVector.broadcast(F, identity(kind));
            for (; i < bound; i += F.length()) {
                FloatVector x = FloatVector.fromMemorySegment(F, in, base + i * 4, ByteOrder.nativeOrder());
                v = switch (kind) {
                    case SUM -> v.add(x);
                    case MAX -> v.max(x);
                    case MIN -> v.min(x);
                };
            }
            acc = switch (kind) {
                case SUM -> LaneSums.sum(v);
                case MAX -> v.reduceLanes(VectorOperators.MAX);
                case MIN -> v.reduceLanes(VectorOperators.MIN);
            };
        }
        for (; i < len; i++) {
            float x = in.get(FLOAT, base + i * 4);
            acc = switch (kind) {
                case SUM -> acc + x;
                case MAX -> Float.isNaN(x) || Float.isNaN(acc) ? Float.NaN : Math.max(acc, x);
                case MIN -> Float.isNaN(x) || Float.isNaN(acc) ? Float.NaN : Math.min(acc, x);
            };
        }
        return acc;
    }

    private static float identity(ReduceKind kind) {
        return switch (kind) {
            case SUM -> 0f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
        };
    }

    private static double doubleRow(ReduceKind kind, DType type, MemorySegment in, long base, long len) {
        int size = type.byteSize();
        double acc = identity(kind);
        for (long i = 0; i < len; i++) {
            double x = type.getDouble(in, base + i * size);
            acc = switch (kind) {
                case SUM -> acc + x;
                case MAX -> Double.isNaN(x) || Double.isNaN(acc) ? Double.NaN : Math.max(acc, x);
                case MIN -> Double.isNaN(x) || Double.isNaN(acc) ? Double.NaN : Math.min(acc, x);
            };
        }
        return acc;
    }

    private static long longRow(ReduceKind kind, DType type, MemorySegment in, long base, long len) {
        int size = type.byteSize();
        long acc = switch (kind) {
            case SUM -> 0L;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
        };
        for (long i = 0; i < len; i++) {
            long x = type.getLong(in, base + i * size);
            acc = switch (kind) {
                case SUM -> acc + x;
                case MAX -> Math.max(acc, x);
                case MIN -> Math.min(acc, x);
            };
        }
        return acc;
    }

    /** Index of the first largest (or smallest) element of each contiguous row, written as I64. */
    public static void argRows(boolean largest, DType inType, MemorySegment in, long inOffset, long rows, long len,
                               MemorySegment out) {
        int size = inType.byteSize();
        Parallel.forRange(rows, Math.max(1, (1 << 15) / Math.max(1, len)), (start, end) -> {
            for (long r = start; r < end; r++) {
                long base = (inOffset + r * len) * size;
                long best = inType.isFloatingPoint() ? argDouble(largest, inType, in, base, len)
                        : argLong(largest, inType, in, base, len);
                out.set(ValueLayout.JAVA_LONG_UNALIGNED, r * 8, best);
            }
        });
    }

    /** The first NaN wins, as in PyTorch. */
    private static long argDouble(boolean largest, DType type, MemorySegment in, long base, long len) {
        int size = type.byteSize();
        long best = 0;
        double bestValue = type.getDouble(in, base);
        for (long i = 1; i < len && !Double.isNaN(bestValue); i++) {
            double x = type.getDouble(in, base + i * size);
            if (Double.isNaN(x) || (largest ? x > bestValue : x < bestValue)) {
                best = i;
                bestValue = x;
            }
        }
        return best;
    }

    /** Integers compare exactly: distinct I64 values can be the same double. */
    private static long argLong(boolean largest, DType type, MemorySegment in, long base, long len) {
        int size = type.byteSize();
        long best = 0;
        long bestValue = type.getLong(in, base);
        for (long i = 1; i < len; i++) {
            long x = type.getLong(in, base + i * size);
            if (largest ? x > bestValue : x < bestValue) {
                best = i;
                bestValue = x;
            }
        }
        return best;
    }
}
