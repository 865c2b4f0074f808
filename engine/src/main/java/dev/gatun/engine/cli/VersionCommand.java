package dev.gatun.engine.cli;

import dev.gatun.tensor.kernels.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code gatun version}: the Gatun version, the Java runtime, and what the kernels have to work with
 * (the Vector API's preferred vector width, processors and kernel threads). The first thing to paste
 * into a bug report or next to a benchmark result.
 */
final class VersionCommand implements Command {
    private static final String VERSION_RESOURCE = "version.properties";

    private final Options options = new Options();
    private final Option<Boolean> json = options.flag("json", "print one JSON object instead of text");

    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "Print the versions of Gatun and Java, the CPU's vector width and the thread count";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        Map<String, Object> info = info();
        if (args.get(json)) {
            io.printJson(info);
            return Main.OK;
        }
        io.out().printf("Gatun %s%n", info.get("gatun"));
        io.out().printf("Java  %s (%s, %s)%n", info.get("java"), info.get("javaVendor"), info.get("vm"));
        io.out().printf("OS    %s %s%n", info.get("os"), info.get("arch"));
        Object bits = info.get("vectorBits");
        io.out().println(bits == null
                ? "SIMD  Vector API not available (start the JVM with --add-modules jdk.incubator.vector)"
                : "SIMD  " + bits + "-bit vectors (" + info.get("floatLanes") + " floats) via the Vector API");
        io.out().printf("CPU   %s processors, kernel threads: %s%n", info.get("processors"), info.get("threads"));
        return Main.OK;
    }

    /** The facts {@code version} reports, in display order; vector fields are null without the Vector API. */
    static Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("gatun", gatunVersion());
        info.put("java", Runtime.version().toString());
        info.put("javaVendor", System.getProperty("java.vendor"));
        info.put("vm", System.getProperty("java.vm.name"));
        info.put("os", System.getProperty("os.name"));
        info.put("arch", System.getProperty("os.arch"));
        Integer bits = vectorBits();
        info.put("vectorBits", bits);
        info.put("floatLanes", bits == null ? null : bits / Float.SIZE);
        info.put("processors", Runtime.getRuntime().availableProcessors());
        info.put("threads", Parallel.threads());
        return info;
    }

    /** The version Maven wrote into the engine's resources, or "unknown" when run from unfiltered sources. */
    static String gatunVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Width of the preferred float vector, or null when the JVM was started without the Vector API module. */
    private static Integer vectorBits() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
