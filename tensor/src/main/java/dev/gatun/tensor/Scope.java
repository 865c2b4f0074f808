package dev.gatun.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An owner of off-heap memory with a deterministic lifetime.
 *
 * <p>Tensors created while a scope is current on a thread are allocated in that scope and freed, all
 * together, when it closes. This is how a service keeps a flat footprint: each request runs in its own
 * scope and only the results it {@linkplain #keep keeps} outlive it.
 *
 * {@snippet :
 * try (Scope request = Scope.open()) {
 *     Tensor hidden = model.forward(input);        // intermediates live in `request`
 *     return request.keep(hidden.mean(1));         // copied into the enclosing scope
 * }                                                // everything else is freed here
 * }
 *
 * <p>Tensors created with no scope current are owned by the garbage collector (an automatic arena per
 * tensor). Long-lived state such as model weights belongs in a scope created with {@link #create()} and
 * entered while loading ({@link #enter()}); closing it frees the weights.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final long ALIGNMENT = 64;

    private final Arena arena = Arena.ofShared();
    private Scope enclosing;
    private boolean entered;
    private volatile boolean closed;

    private Scope() {
    }

    /** Opens a scope and makes it current on this thread until it is closed. */
    public static Scope open() {
        Scope s = new Scope();
        s.push();
        return s;
    }

    /** Creates a scope that is not current anywhere: enter it to allocate in it, close it to free everything. */
    public static Scope create() {
        return new Scope();
    }

    /** The scope new tensors are allocated in on this thread, or null when the garbage collector owns them. */
    public static Scope current() {
        return CURRENT.get();
    }

    /**
     * Makes this scope current on this thread until the returned handle is closed, without freeing
     * anything when it is: used to allocate long-lived tensors (weights, optimizer state) in it.
     */
    public Entered enter() {
        checkOpen();
        Scope previous = CURRENT.get();
        CURRENT.set(this);
        return new Entered(this, previous);
    }

    /** Handle returned by {@link #enter()}; closing it restores the previous current scope. */
    public record Entered(Scope scope, Scope previous) implements AutoCloseable {
        @Override
        public void close() {
            if (CURRENT.get() != scope) {
                throw new IllegalStateException("scopes must be left in the reverse order they were entered");
            }
            CURRENT.set(previous);
        }
    }

    private void push() {
        enclosing = CURRENT.get();
        entered = true;
        CURRENT.set(this);
    }

    /**
     * Copies {@code t} into the scope that encloses this one (or into garbage-collected memory when there
     * is none) so that it survives this scope's closing. The copy is detached from autograd.
     */
    public Tensor keep(Tensor t) {
        checkOpen();
        return allocatingIn(entered ? enclosing : null, () -> t.detach().contiguousCopy());
    }

    /** Runs {@code body} with {@code target} (null: the garbage collector) as the current scope. */
    static <T> T allocatingIn(Scope target, java.util.function.Supplier<T> body) {
        Scope previous = CURRENT.get();
        CURRENT.set(target);
        try {
            return body.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    boolean isOpen() {
        return !closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new GatunException("scope is already closed");
        }
    }

    /** Allocates zeroed memory owned by {@code owner}, or by the garbage collector when owner is null. */
    static MemorySegment allocate(Scope owner, long bytes) {
        if (owner == null) {
            return Arena.ofAuto().allocate(Math.max(bytes, 1), ALIGNMENT);
        }
        owner.checkOpen();
        return owner.arena.allocate(Math.max(bytes, 1), ALIGNMENT);
    }

    /** Frees every tensor allocated in this scope. Views and copies kept elsewhere are unaffected. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (entered) {
            if (CURRENT.get() != this) {
                throw new IllegalStateException("scopes must be closed in the reverse order they were opened");
            }
            CURRENT.set(enclosing);
        }
        closed = true;
        arena.close();
    }
}
