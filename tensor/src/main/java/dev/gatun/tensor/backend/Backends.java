package dev.gatun.tensor.backend;

import dev.gatun.tensor.GatunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Chooses the backend kernels run on: the one named by {@link #use(String)} or the {@code GATUN_BACKEND}
 * environment variable, else the first installed backend that supports a kernel, else pure Java.
 */
public final class Backends {
    private static final Backend JAVA = new JavaBackend();
    private static volatile List<Backend> installed;
    private static volatile String forcedName = environmentChoice();
    private static volatile Backend forced;

    private Backends() {
    }

    /** The pure-Java backend. */
    public static Backend java() {
        return JAVA;
    }

    /** Backends found on the class path, native ones first, Java last. */
    public static List<Backend> installed() {
        List<Backend> list = installed;
        if (list == null) {
            List<Backend> found = new ArrayList<>();
            for (Backend b : ServiceLoader.load(Backend.class)) {
                found.add(b);
            }
            found.add(JAVA);
            list = List.copyOf(found);
            installed = list;
        }
        return list;
    }

    /** Forces every kernel onto the backend called {@code name}; null restores automatic choice. */
    public static void use(String name) {
        forced = name == null ? null : named(name);
        forcedName = name;
    }

    /** The forced backend, or null when the choice is automatic. */
    public static Backend forced() {
        Backend f = forced;
        if (f == null && forcedName != null) {
            f = named(forcedName);
            forced = f;
        }
        return f;
    }

    private static String environmentChoice() {
        String env = System.getenv("GATUN_BACKEND");
        return env == null || env.isBlank() || env.trim().equalsIgnoreCase("auto") ? null : env.trim();
    }

    /** The installed backend called {@code name} ({@code java}, {@code native}, ...); an error lists the installed ones. */
    public static Backend named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Backend b : installed()) {
            if (b.name().equals(n)) {
                return b;
            }
        }
        throw new GatunException("backend '" + name + "' is not available; installed: "
                + installed().stream().map(Backend::name).toList());
    }

    /**
     * The backend that runs the fused kernel {@code spec}: the forced one if it supports it, else the first
     * installed backend that does, else pure Java (which runs every kernel).
     *
     * {@snippet :
     * var spec = new RmsNormSpec(x, weight, 1e-6, out);
     * Backends.forKernel(spec).execute(spec);
     * }
     */
    public static Backend forKernel(KernelSpec spec) {
        Backend f = forced();
        if (f != null) {
            return f.supports(spec) ? f : JAVA;
        }
        for (Backend b : installed()) {
            if (b.supports(spec)) {
                return b;
            }
        }
        return JAVA;
    }

    /** Runs {@code spec} on {@link #forKernel}'s choice. */
    public static void execute(KernelSpec spec) {
        forKernel(spec).execute(spec);
    }

    /** The backend that runs a matrix product. */
    public static Backend forGemm(dev.gatun.tensor.kernels.GemmSpec spec) {
        Backend f = forced();
        if (f != null) {
            return f.supportsGemm(spec) ? f : JAVA;
        }
        for (Backend b : installed()) {
            if (b.supportsGemm(spec)) {
                return b;
            }
        }
        return JAVA;
    }
}
