package dev.gatun.kernels.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * A C parameter struct of gatun.h: its {@link StructLayout} (field names as in C, padding explicit, so the
 * FFM API refuses a misaligned field) and a writer that fills one instance by field name.
 */
final class Struct {
    private final StructLayout layout;
    private final Map<String, Long> offsets = new HashMap<>();

    /** A struct of the given fields; {@code gatun_exec} (threads, isa) always comes first. */
    Struct(String name, MemoryLayout... fields) {
        MemoryLayout[] all = new MemoryLayout[fields.length + 2];
        all[0] = JAVA_INT.withName("threads");
        all[1] = JAVA_INT.withName("isa");
        System.arraycopy(fields, 0, all, 2, fields.length);
        this.layout = MemoryLayout.structLayout(all).withName(name);
        for (MemoryLayout f : layout.memberLayouts()) {
            f.name().ifPresent(n -> offsets.put(n, layout.byteOffset(MemoryLayout.PathElement.groupElement(n))));
        }
    }

    StructLayout layout() {
        return layout;
    }

    static MemoryLayout i32(String name) {
        return JAVA_INT.withName(name);
    }

    static MemoryLayout i64(String name) {
        return JAVA_LONG.withName(name);
    }

    static MemoryLayout f32(String name) {
        return JAVA_FLOAT.withName(name);
    }

    static MemoryLayout ptr(String name) {
        return ADDRESS.withName(name);
    }

    static SequenceLayout i64s(String name, int count) {
        return MemoryLayout.sequenceLayout(count, JAVA_LONG).withName(name);
    }

    /** Four int32 padding bytes, named as the C field ({@code reserved}). */
    static MemoryLayout pad(String name) {
        return JAVA_INT.withName(name);
    }

    /** The most threads a call may ask for (the library's pool has at most 255 workers besides the caller). */
    static final int MAX_THREADS = 256;

    /**
     * A zeroed instance in {@code arena} with the execution fields set; more threads than the pool can
     * have are capped, fewer than one are refused.
     */
    Writer allocate(Arena arena, Isa isa, int threads) {
        if (threads < 1) {
            throw new GatunException("native kernels need at least one thread, got " + threads);
        }
        threads = Math.min(threads, MAX_THREADS);
        MemorySegment s = arena.allocate(layout);
        return new Writer(s).i32("threads", threads).i32("isa", isa.code());
    }

    /** Fills one instance; every setter names a field of the struct. */
    final class Writer {
        private final MemorySegment s;

        private Writer(MemorySegment s) {
            this.s = s;
        }

        private long at(String field) {
            Long off = offsets.get(field);
            if (off == null) {
                throw new IllegalArgumentException(layout.name().orElse("struct") + " has no field " + field);
            }
            return off;
        }

        Writer i32(String field, int v) {
            s.set(JAVA_INT, at(field), v);
            return this;
        }

        Writer i64(String field, long v) {
            s.set(JAVA_LONG, at(field), v);
            return this;
        }

        Writer f32(String field, float v) {
            s.set(JAVA_FLOAT, at(field), v);
            return this;
        }

        Writer ptr(String field, MemorySegment address) {
            s.set(ADDRESS, at(field), address == null ? MemorySegment.NULL : address);
            return this;
        }

        Writer i64s(String field, long... v) {
            long base = at(field);
            for (int i = 0; i < v.length; i++) {
                s.set(JAVA_LONG, base + 8L * i, v[i]);
            }
            return this;
        }

        MemorySegment segment() {
            return s;
        }
    }
}
