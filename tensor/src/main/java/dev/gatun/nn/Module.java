package dev.gatun.nn;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a network that owns parameters, buffers and child modules, as
 * {@code torch.nn.Module} does.
 *
 * <p>Subclasses register what they own by name in their constructor; the names give the PyTorch
 * state-dict keys. A child registered as {@code "attention"} whose own child {@code "query"} has a
 * parameter {@code "weight"} contributes the key {@code attention.query.weight}, so checkpoints saved by
 * PyTorch or Hugging Face load by name.
 *
 * {@snippet :
 * final class Block extends Module implements Layer {
 *     private final LayerNorm norm;
 *     private final Linear proj;
 *
 *     Block(int dim, RandomGenerator rng) {
 *         norm = registerModule("norm", new LayerNorm(dim));
 *         proj = registerModule("proj", new Linear(dim, dim, true, rng));
 *     }
 *
 *     public Tensor forward(Tensor x) {
 *         return x.add(proj.forward(norm.forward(x)));   // (B, T, C)
 *     }
 * }
 * }
 *
 * <p><b>Memory.</b> Parameters and buffers are allocated in the {@link dev.gatun.tensor.Scope} current
 * when the module is constructed. Build a model inside a long-lived scope ({@code Scope.create()} then
 * {@code enter()}) to free it deterministically by closing that scope, or with no scope current to let
 * the garbage collector own it. Never build one inside a short per-step {@code Scope.open()}: its
 * weights would be freed when the step ends.
 *
 * <p>Registration happens during construction; afterwards the structure is fixed and a module may be
 * read from many threads. Training mode and gradients are mutable state and belong to one thread.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Boolean> persistent = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Creates a module in training mode with nothing registered. */
    protected Module() {
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers {@code value} as the parameter {@code name}: it becomes a leaf that requires grad.
     *
     * @return {@code value}, so a constructor can keep it in a field
     */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkFreeName(name);
        if (value.producer() != null) {
            throw new GatunException("parameter '" + name + "' must be a leaf tensor; pass detach() of a computed one");
        }
        parameters.put(name, value.requiresGrad(true));
        return value;
    }

    /**
     * Registers {@code value} as a persistent buffer {@code name}: state that is saved in the state dict
     * but not trained (running statistics, fixed position tables).
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        return registerBuffer(name, value, true);
    }

    /**
     * Registers a buffer; a non-persistent one (such as a rotary cos/sin cache rebuilt from the config)
     * is left out of {@link #stateDict()}.
     */
    protected final Tensor registerBuffer(String name, Tensor value, boolean persistent) {
        checkFreeName(name);
        buffers.put(name, value);
        this.persistent.put(name, persistent);
        return value;
    }

    /**
     * Registers {@code child} under {@code name}; its parameters and buffers appear with the prefix
     * {@code name + "."}.
     *
     * @return {@code child}, so a constructor can keep it in a field
     */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkFreeName(name);
        if (child == this) {
            throw new GatunException("module '" + name + "' cannot be registered as its own child");
        }
        children.put(name, child);
        return child;
    }

    private void checkFreeName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new GatunException("a module member name must be non-empty and without '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new GatunException(getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
    }

    // ---------------------------------------------------------------- traversal

    /** The direct children, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** This module (under the name {@code ""}) and every descendant under its dotted name, depth first. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String path, Map<String, Module> out) {
        out.put(path, this);
        children.forEach((name, child) -> child.collectModules(join(path, name), out));
    }

    /** {@code path.name}, or {@code name} at the root. */
    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /**
     * Every parameter of this module and its descendants under its dotted name, in registration order
     * (own parameters first, then each child's). A tensor shared by two modules appears once, under the
     * first name that reaches it, as in PyTorch.
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Tensor, Boolean> seen = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            m.getValue().parameters.forEach((name, p) -> {
                if (seen.put(p, Boolean.TRUE) == null) {
                    out.put(join(m.getKey(), name), p);
                }
            });
        }
        return out;
    }

    /** The values of {@link #namedParameters()}: what an optimizer updates. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer of this module and its descendants under its dotted name, persistent or not. */
    public final Map<String, Tensor> namedBuffers() {
        return collectBuffers(false);
    }

    private Map<String, Tensor> collectBuffers(boolean persistentOnly) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            Module module = m.getValue();
            module.buffers.forEach((name, b) -> {
                if (!persistentOnly || module.persistent.get(name)) {
                    out.put(join(m.getKey(), name), b);
                }
            });
        }
        return out;
    }

    /** Total number of parameter elements, counting shared tensors once. */
    public final long numParameters() {
        long n = 0;
        for (Tensor p : namedParameters().values()) {
            n += p.numel();
        }
        return n;
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Parameters and persistent buffers by dotted name, parameters first within each module. The values
     * are the module's own tensors (not copies), detached from autograd. A shared tensor appears under
     * every name that reaches it, as in PyTorch, so tied weights load from either key.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            Module module = m.getValue();
            module.parameters.forEach((name, p) -> out.put(join(m.getKey(), name), p.detach()));
            module.buffers.forEach((name, b) -> {
                if (module.persistent.get(name)) {
                    out.put(join(m.getKey(), name), b);
                }
            });
        }
        return out;
    }

    /**
     * Copies values from {@code state} into this module's parameters and persistent buffers, converting
     * dtypes (a BF16 checkpoint loads into F32 parameters). The module's tensors keep their identity, so
     * an optimizer built earlier still updates them.
     *
     * <p>Nothing is copied unless the whole load is valid. A shape mismatch is always an error. With
     * {@code strict}, keys of the module missing from {@code state} and keys of {@code state} the module
     * does not have are errors too; all problems are reported in one {@link GatunException}.
     *
     * @return the missing and unexpected keys (both empty after a successful strict load)
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + " (expected " + java.util.Arrays.toString(e.getValue().shape())
                        + ", got " + java.util.Arrays.toString(src.shape()) + ")");
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        LoadResult result = new LoadResult(missing, unexpected);
        if (!mismatched.isEmpty() || (strict && !result.isExact())) {
            throw new GatunException(loadError(result, mismatched));
        }
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            own.forEach((key, dst) -> {
                Tensor src = state.get(key);
                if (src != null) {
                    dst.copy_(src);
                }
            });
        }
        for (Module m : namedModules().values()) {
            m.parametersChanged();
        }
        return result;
    }

    private String loadError(LoadResult result, List<String> mismatched) {
        StringBuilder sb = new StringBuilder("error loading the state dict of ").append(getClass().getSimpleName());
        if (!result.missingKeys().isEmpty()) {
            sb.append("; missing keys: ").append(String.join(", ", result.missingKeys()));
        }
        if (!result.unexpectedKeys().isEmpty()) {
            sb.append("; unexpected keys: ").append(String.join(", ", result.unexpectedKeys()));
        }
        if (!mismatched.isEmpty()) {
            sb.append("; shape mismatch: ").append(String.join(", ", mismatched));
        }
        return sb.toString();
    }

    /**
     * What {@link #loadStateDict} found: keys the module has that the state lacked, and keys of the state
     * that the module does not have.
     */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        public LoadResult {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }

        /** Whether the keys matched exactly. */
        public boolean isExact() {
            return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
        }
    }

    // ---------------------------------------------------------------- mode and gradients

    /** Sets training mode ({@code true}) or evaluation mode on this module and every descendant. */
    public Module train(boolean mode) {
        for (Module m : namedModules().values()) {
            m.training = mode;
            m.parametersChanged();
        }
        return this;
    }

    /**
     * Tells this module that its parameters' values may have changed, so it drops anything derived from
     * them (such as the packed weight {@link Linear} keeps for inference). Called by
     * {@link #loadStateDict} and {@link #train(boolean)} on every module; call it after writing into a
     * parameter's memory directly. Does nothing by default; it does not descend into children.
     */
    public void parametersChanged() {
    }

    /** Training mode: dropout drops. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode: dropout is the identity. */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Zeroes every parameter's gradient in place, keeping its memory.
     *
     * <p>PyTorch's default is to drop gradients instead ({@code set_to_none}); here the gradient lives in
     * the parameter's scope, so dropping it would make every backward pass allocate a fresh one there and
     * a long-lived scope would grow by one set of gradients per step.
     */
    public final void zeroGrad() {
        zeroGrad(false);
    }

    /** Zeroes gradients in place, or with {@code setToNone} drops them (their memory stays in its scope). */
    public final void zeroGrad(boolean setToNone) {
        zeroGrads(parameters(), setToNone);
    }

    private static void zeroGrads(List<Tensor> params, boolean setToNone) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Tensor p : params) {
                if (setToNone) {
                    p.setGrad(null);
                } else if (p.grad() != null) {
                    p.grad().fill_(0.0);
                }
            }
        }
    }

    /** The class name and the tree of children, for printing. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((name, child) -> sb.append("  (").append(name).append("): ")
                    .append(child.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }

    /** The constructor arguments shown by {@link #toString()}, as PyTorch's {@code extra_repr}. */
    protected String extraRepr() {
        return "";
    }
}
