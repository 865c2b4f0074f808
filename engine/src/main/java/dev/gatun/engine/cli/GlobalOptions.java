package dev.gatun.engine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The options every command accepts, taken out of the command line wherever they appear before
 * {@code --}: {@code gatun --threads 4 bench} and {@code gatun bench --threads 4} mean the same.
 *
 * @param verbose whether errors are printed with their stack traces
 * @param threads the kernel thread count, if given
 * @param rest    the command line without the global options
 */
record GlobalOptions(boolean verbose, OptionalInt threads, List<String> rest) {

    static final ValueType<Integer> THREADS = ValueType.intAtLeast(1);

    GlobalOptions {
        rest = List.copyOf(rest);
    }

    /** Help lines for the global options, as {@code {term, description}} rows. */
    static List<String[]> help() {
        return List.of(
                new String[] {"--threads N", "kernel threads (default: $GATUN_THREADS, else all processors)"},
                new String[] {"--verbose", "print stack traces with errors"},
                new String[] {"-h, --help", "show help"});
    }

    /**
     * Separates the global options from the rest of {@code words}.
     *
     * @throws UsageException for {@code --threads} without a valid value, or given twice
     */
    static GlobalOptions extract(List<String> words) {
        boolean verbose = false;
        OptionalInt threads = OptionalInt.empty();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                rest.addAll(words.subList(i, words.size()));
                break;
            } else if (word.equals("--verbose")) {
                verbose = true;
            } else if (word.equals("--threads") || word.startsWith("--threads=")) {
                String text;
                if (word.startsWith("--threads=")) {
                    text = word.substring("--threads=".length());
                } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                    text = words.get(++i);
                } else {
                    throw UsageException.missingValue("--threads", THREADS);
                }
                if (threads.isPresent()) {
                    throw new UsageException("option --threads given more than once");
                }
                Integer n = THREADS.parseOrNull(text);
                if (n == null) {
                    throw UsageException.badValue("option --threads", THREADS, text);
                }
                threads = OptionalInt.of(n);
            } else {
                rest.add(word);
            }
        }
        return new GlobalOptions(verbose, threads, rest);
    }
}
