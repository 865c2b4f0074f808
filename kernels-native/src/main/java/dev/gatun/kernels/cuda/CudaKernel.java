package dev.gatun.kernels.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernels of libgatun_cuda: the id gatun_cuda.h gives each ({@code enum gatun_cuda_kernel}), its entry
 * point, and the Java layout of its parameter struct, field for field as in gatun_cuda.h. Every field is
 * 8 bytes ({@code l}: int64_t, {@code d}: double, {@code p}: a pointer, {@code l3}: int64_t[3]), so the
 * layouts need no padding; the library's struct sizes are compared with these at load time.
 */
enum CudaKernel {
    GEMM(0, "gatun_cuda_gemm", "l:batch l:m l:n l:k l:a_type l:b_type l:accumulate l:path p:a p:b p:c "
            + "l3:a_strides l3:b_strides l2:c_strides"),
    GROUPED_GEMM(1, "gatun_cuda_grouped_gemm", "l:experts l:tokens l:n l:k l:max_rows l:x_type l:w_type "
            + "p:x p:w p:offsets p:out"),
    ATTENTION(2, "gatun_cuda_attention", "l:batch l:heads l:kv_heads l:tq l:tk l:d l:dv l:causal l:window "
            + "l:block_size d:scale p:q p:k p:v p:out p:key_mask p:block_mask"),
    ROWS(3, "gatun_cuda_rows", "l:op l:rows l:cols d:eps p:x p:weight p:bias p:out"),
    ELEMENTWISE(4, "gatun_cuda_elementwise", "l:op l:n p:x p:y p:out"),
    SELECTIVE_SCAN(5, "gatun_cuda_selective_scan", "l:batch l:channels l:length l:state l:delta_softplus "
            + "p:u p:delta p:a p:b p:c p:d p:z p:delta_bias p:initial_state p:out p:last_state");

    private final int id;
    private final String symbol;
    private final StructLayout layout;
    private final Map<String, Long> offsets = new HashMap<>();

    CudaKernel(int id, String symbol, String fields) {
        this.id = id;
        this.symbol = symbol;
        String[] parts = fields.split(" ");
        MemoryLayout[] members = new MemoryLayout[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] kv = parts[i].split(":");
            members[i] = switch (kv[0]) {
                case "l" -> JAVA_LONG;
                case "d" -> JAVA_DOUBLE;
                case "p" -> ADDRESS;
                case "l2" -> MemoryLayout.sequenceLayout(2, JAVA_LONG);
                case "l3" -> MemoryLayout.sequenceLayout(3, JAVA_LONG);
                default -> throw new IllegalArgumentException(kv[0]);
            };
            members[i] = members[i].withName(kv[1]);
        }
        this.layout = MemoryLayout.structLayout(members).withName(symbol + "_params");
        for (MemoryLayout m : layout.memberLayouts()) {
            String name = m.name().orElseThrow();
            offsets.put(name, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)));
        }
    }

    int id() {
        return id;
    }

    String symbol() {
        return symbol;
    }

    StructLayout layout() {
        return layout;
    }

    /** A zeroed parameter struct (NULL pointers, zero sizes) in {@code arena}. */
    Params allocate(Arena arena) {
        return new Params(this, arena.allocate(layout));
    }

    private long offset(String field) {
        Long at = offsets.get(field);
        if (at == null) {
            throw new IllegalArgumentException(symbol + " has no field " + field);
        }
        return at;
    }

    /** One filled parameter struct; fields are set by their C names. */
    record Params(CudaKernel kernel, MemorySegment segment) {
        Params set(String field, long value) {
            segment.set(JAVA_LONG, kernel.offset(field), value);
            return this;
        }

        Params set(String field, boolean value) {
            return set(field, value ? 1L : 0L);
        }

        Params set(String field, double value) {
            segment.set(JAVA_DOUBLE, kernel.offset(field), value);
            return this;
        }

        /** A device pointer; {@code 0} for NULL. */
        Params pointer(String field, long address) {
            segment.set(ValueLayout.ADDRESS, kernel.offset(field), MemorySegment.ofAddress(address));
            return this;
        }

        /** An int64_t array field. */
        Params array(String field, long... values) {
            long at = kernel.offset(field);
            for (int i = 0; i < values.length; i++) {
                segment.set(JAVA_LONG, at + 8L * i, values[i]);
            }
            return this;
        }
    }
}
