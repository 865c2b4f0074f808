package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lookup by name over an ordered list of entries, with a helpful error for a missing name. */
final class EntryIndex {

    private static final int SUGGESTIONS = 5;

    private final List<SafetensorsEntry> entries;
    private final Map<String, SafetensorsEntry> byName;

    EntryIndex(List<SafetensorsEntry> entries) {
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
        this.byName = HashMap.newHashMap(entries.size());
        for (SafetensorsEntry e : entries) {
            byName.put(e.name(), e);
        }
    }

    List<SafetensorsEntry> entries() {
        return entries;
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The entry called {@code name}; otherwise an error naming {@code source} and the closest names. */
    SafetensorsEntry get(String name, String source) {
        SafetensorsEntry e = byName.get(name);
        if (e == null) {
            throw new GatunException(source + ": expected a tensor named \"" + name + "\" but found none among "
                    + entries.size() + " tensors" + (entries.isEmpty() ? "" : "; closest names: " + closest(name)));
        }
        return e;
    }

    /** Names sharing the longest prefix with {@code name}: a typo usually differs late in a dotted path. */
    private List<String> closest(String name) {
        return entries.stream()
                .map(SafetensorsEntry::name)
                .sorted(Comparator.comparingInt((String candidate) -> -commonPrefix(name, candidate)))
                .limit(SUGGESTIONS)
                .toList();
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
