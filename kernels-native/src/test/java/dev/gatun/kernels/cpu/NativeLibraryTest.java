package dev.gatun.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading libgatun from the class path, and registering the backend. */
class NativeLibraryTest {

    @Test
    void theBackendIsRegisteredAndAskedBeforeJava() {
        // kernels-native registers the CPU backend first and the CUDA one after it; Java is always last.
        List<String> names = Backends.installed().stream().map(Backend::name).toList();
        assertEquals(List.of("native", "cuda", "java"), names);
    }

    @Test
    void theLibraryLoadsWhenItWasBuilt() {
        NativeTesting.assumeLibrary();
        NativeLibrary.Loaded loaded = NativeLibrary.get();
        assertNotNull(loaded.library());
        assertNull(loaded.problem());
        assertNull(NativeBackend.unavailableReason());
        assertTrue(NativeBackend.describe().startsWith("libgatun for " + NativeLibrary.platform()), NativeBackend.describe());
        for (Kernel k : Kernel.values()) {
            assertNotNull(loaded.library().handle(k), k.symbol());
        }
    }

    @Test
    void anAbsentLibraryIsReportedNotThrown() {
        // With or without the library, asking never throws: the backend declines instead.
        String reason = NativeBackend.unavailableReason();
        if (NativeBackend.isAvailable()) {
            assertNull(reason);
        } else {
            assertNotNull(reason);
            assertTrue(NativeBackend.describe().startsWith("unavailable: "));
        }
    }

    @Test
    void aLibraryThatFailsToLoadIsAProblemNotACrash(@TempDir Path cache) {
        NativeLibrary.Loaded garbage = NativeLibrary.load("not a shared library".getBytes(StandardCharsets.UTF_8),
                List.of(cache));
        assertNull(garbage.library());
        assertFalse(garbage.expected());
        assertTrue(garbage.problem().startsWith("cannot load "), garbage.problem());
    }

    @Test
    void platformNamesFollowTheJarLayout() {
        String p = NativeLibrary.platform();
        assertTrue(p.matches("(linux|macos|[a-z_]+)-[a-z0-9_]+"), p);
    }

    @Test
    void theLibraryIsPackagedWhereTheLoaderLooks() {
        NativeTesting.assumeLibrary();
        String name = NativeLibrary.platform().startsWith("macos") ? "libgatun.dylib" : "libgatun.so";
        assertNotNull(NativeLibrary.class.getResource("/native/" + NativeLibrary.platform() + "/" + name));
    }
}
