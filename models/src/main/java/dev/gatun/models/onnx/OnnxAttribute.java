package dev.gatun.models.onnx;

import dev.gatun.tensor.GatunException;
import java.util.Objects;

/**
 * A node attribute ({@code AttributeProto}) of one of the kinds BERT-like graphs use: a float, an int, a
 * string, a tensor, or lists of floats or ints. Attributes holding graphs, sparse tensors or type protos
 * are kept with their name and type only.
 *
 * @param name the attribute's name, e.g. {@code "epsilon"} or {@code "perm"}
 * @param type the {@code AttributeProto.AttributeType} number (1 float, 2 int, 3 string, 4 tensor, 6 floats, 7 ints, ...)
 * @param f the float value (type 1)
 * @param i the int value (type 2)
 * @param s the string value (type 3), or null
 * @param t the tensor value (type 4), or null
 * @param floats the float list (type 6), never null
 * @param ints the int list (type 7), never null
 */
public record OnnxAttribute(String name, int type, float f, long i, String s, OnnxTensor t, float[] floats,
                            long[] ints) {
    /** {@code AttributeType.FLOAT}. */
    public static final int FLOAT = 1;
    /** {@code AttributeType.INT}. */
    public static final int INT = 2;
    /** {@code AttributeType.STRING}. */
    public static final int STRING = 3;
    /** {@code AttributeType.TENSOR}. */
    public static final int TENSOR = 4;
    /** {@code AttributeType.FLOATS}. */
    public static final int FLOATS = 6;
    /** {@code AttributeType.INTS}. */
    public static final int INTS = 7;

    public OnnxAttribute {
        Objects.requireNonNull(name, "name");
        floats = floats == null ? new float[0] : floats.clone();
        ints = ints == null ? new long[0] : ints.clone();
    }

    /** The float value. */
    public float asFloat() {
        check(FLOAT);
        return f;
    }

    /** The int value. */
    public long asInt() {
        check(INT);
        return i;
    }

    /** The string value. */
    public String asString() {
        check(STRING);
        return s;
    }

    /** The tensor value. */
    public OnnxTensor asTensor() {
        check(TENSOR);
        return t;
    }

    /** The int list. */
    public long[] asInts() {
        check(INTS);
        return ints.clone();
    }

    @Override
    public float[] floats() {
        return floats.clone();
    }

    @Override
    public long[] ints() {
        return ints.clone();
    }

    private void check(int expected) {
        if (type != expected) {
            throw new GatunException("ONNX attribute '" + name + "' has attribute type " + type + ", expected "
                    + expected);
        }
    }
}
