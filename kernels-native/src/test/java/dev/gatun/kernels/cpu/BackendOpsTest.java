package dev.gatun.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.KernelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel on every backend against plain double-precision loops ({@link Oracles}), in the style of
 * ggml's test-backend-ops: one parameterised test over (kernel × dtype × shape × backend). A backend that
 * declines a case is reported as "not supported" rather than failing, except where the native backend is
 * expected to run it; native backends are skipped, with the reason, when libgatun is not loaded. A coverage
 * matrix is printed at the end.
 */
class BackendOpsTest {
    private static final List<Backend> BACKENDS = List.of(Backends.java(), new NativeBackend(),
            NativeBackend.withIsa(Isa.GENERIC));
    private static final List<ParityCase> CASES = Stream.concat(GemmCases.all().stream(), KernelCases.all().stream())
            .toList();
    /** kernel → backend → [passed, not supported, skipped] */
    private static final Map<String, Map<String, int[]>> COVERAGE = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        return CASES.stream().flatMap(c -> BACKENDS.stream().map(b -> Arguments.of(c, b.name())));
    }

    private static Backend backend(String name) {
        return BACKENDS.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private static void count(ParityCase c, String backend, int column) {
        COVERAGE.computeIfAbsent(c.kernel(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(backend, k -> new int[3])[column]++;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void matchesTheReference(ParityCase c, String backendName) {
        Backend backend = backend(backendName);
        if (backend instanceof NativeBackend && !NativeBackend.isAvailable()) {
            count(c, backendName, 2);
            Assumptions.abort("libgatun unavailable: " + NativeBackend.unavailableReason());
        }
        ParityCase.Instance in = c.make().get();
        if (!in.supportedBy(backend)) {
            count(c, backendName, 1);
            if (backend instanceof NativeBackend && c.nativeExpected()) {
                fail(backendName + " declined a case it is expected to run: " + c);
            }
            return;
        }
        in.runOn(backend);
        assertClose(c, in.expected(), in.actual());
        count(c, backendName, 0);
    }

    /** |actual − expected| <= rtol · (|expected| + rms(expected)), elementwise; NaN only where expected. */
    static void assertClose(ParityCase c, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "number of output elements");
        double sq = 0;
        int finite = 0;
        for (double e : expected) {
            if (Double.isFinite(e)) {
                sq += e * e;
                finite++;
            }
        }
        double rms = finite == 0 ? 0 : Math.sqrt(sq / finite);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                assertEquals(e, a, "element " + i + " of " + c);
                continue;
            }
            double tol = c.rtol() * (Math.abs(e) + rms) + 1e-30;
            if (!(Math.abs(a - e) <= tol)) {
                fail(c + ": element " + i + " is " + a + ", expected " + e + " (tolerance " + tol + ")");
            }
        }
    }

    @Test
    void everyKernelHasParityCases() {
        Set<String> covered = CASES.stream().map(ParityCase::kernel).collect(Collectors.toSet());
        assertTrue(covered.contains("gemm"), "no gemm cases");
        for (Class<?> k : KernelSpec.class.getPermittedSubclasses()) {
            String name = KernelCases.kernelName(k);
            assertTrue(covered.contains(name), k.getSimpleName() + " (" + name + ") has no parity case");
        }
    }

    @AfterAll
    static void printCoverage() {
        List<String> backends = BACKENDS.stream().map(Backend::name).toList();
        StringBuilder sb = new StringBuilder("\nBackend coverage (passed / not supported / skipped):\n");
        sb.append(String.format("  %-16s", "kernel"));
        for (String b : backends) {
            sb.append(String.format("%-20s", b));
        }
        sb.append('\n');
        for (Map.Entry<String, Map<String, int[]>> row : new TreeMap<>(COVERAGE).entrySet()) {
            sb.append(String.format("  %-16s", row.getKey()));
            for (String b : backends) {
                int[] n = row.getValue().getOrDefault(b, new int[3]);
                sb.append(String.format("%-20s", n[0] + " / " + n[1] + " / " + n[2]));
            }
            sb.append('\n');
        }
        Set<String> dtypes = new TreeSet<>();
        CASES.forEach(c -> dtypes.add(c.dtype()));
        sb.append("  dtypes: ").append(String.join(", ", new ArrayList<>(dtypes)));
        System.out.println(sb);
    }
}
