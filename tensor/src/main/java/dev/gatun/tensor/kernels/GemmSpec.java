package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import java.lang.foreign.MemorySegment;

/**
 * One batched matrix product C[b] = A[b] · B[b] (+ C[b] if accumulate). Offsets and strides are in
 * elements of each operand's dtype; C's columns are contiguous.
 */
public record GemmSpec(int batch, int m, int n, int k,
                       DType aType, MemorySegment a, long aOffset, long aBatchStride, long aRowStride, long aColStride,
                       DType bType, MemorySegment b, long bOffset, long bBatchStride, long bRowStride, long bColStride,
                       DType cType, MemorySegment c, long cOffset, long cBatchStride, long cRowStride,
                       boolean accumulate) {
}
