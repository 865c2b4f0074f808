package dev.gatun.nn;

import dev.gatun.tensor.GatunException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An indexed list of modules of one type, as {@code torch.nn.ModuleList}: the transformer blocks of a
 * model. Children are named {@code "0"}, {@code "1"}, ..., so a list registered as {@code "layer"} gives
 * keys like {@code layer.3.attention.self.query.weight}. It has no forward of its own: the owner decides
 * how the modules are called.
 *
 * @param <M> the type of the modules held
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> modules = new ArrayList<>();

    /** An empty list. */
    public ModuleList() {
    }

    /** A list holding {@code modules} in order. */
    public ModuleList(List<? extends M> modules) {
        for (M m : modules) {
            add(m);
        }
    }

    /** Adds {@code module} at the end under the next index; returns this list. */
    public ModuleList<M> add(M module) {
        registerModule(Integer.toString(modules.size()), module);
        modules.add(module);
        return this;
    }

    /** The module at {@code index}. */
    public M get(int index) {
        if (index < 0 || index >= modules.size()) {
            throw new GatunException("ModuleList has " + modules.size() + " modules, no index " + index);
        }
        return modules.get(index);
    }

    public int size() {
        return modules.size();
    }

    @Override
    public Iterator<M> iterator() {
        return Collections.unmodifiableList(modules).iterator();
    }
}
