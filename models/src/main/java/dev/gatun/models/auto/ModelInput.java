package dev.gatun.models.auto;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * One named input of a model, as {@link AutoModel#forward} expects it.
 *
 * @param name     the Hugging Face name, e.g. {@code pixel_values} or {@code input_ids}
 * @param integer  whether the values are integer ids (any integer dtype, read as I64) rather than
 *                 floating point (any float dtype, read as F32)
 * @param shape    the expected shape in shape letters, e.g. {@code (B, 3, H, W)}; its number of dimensions
 *                 is the rank every input must have
 * @param required whether the model cannot run without it
 */
public record ModelInput(String name, boolean integer, String shape, boolean required) {

    /** The number of dimensions the input must have: the letters of {@link #shape()}. */
    public int rank() {
        return shape.replaceAll("[()\\s]", "").split(",").length;
    }

    /**
     * Checks the dtype kind and rank of {@code t} and converts it to I64 or F32.
     *
     * @throws GatunException naming the input with the expected and the actual dtype or shape
     */
    public Tensor check(Tensor t) {
        boolean isInteger = !t.dtype().isFloatingPoint();
        if (isInteger != integer) {
            throw new GatunException("input '" + name + "': expected " + (integer ? "integer ids (I64, I32 or BOOL)"
                    : "floating-point values (F32, F16 or BF16)") + ", got " + t.dtype().safetensorsName());
        }
        if (t.rank() != rank()) {
            throw new GatunException("input '" + name + "': expected shape " + shape + " (" + rank()
                    + " dimensions), got " + Arrays.toString(t.shape()));
        }
        DType target = integer ? DType.I64 : DType.F32;
        return t.dtype() == target ? t : t.to(target);
    }
}
