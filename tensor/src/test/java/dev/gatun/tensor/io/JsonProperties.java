package dev.gatun.tensor.io;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonProperties {

    private static final BigInteger LONG_LIMIT = BigInteger.ONE.shiftLeft(63);

    @Property(tries = 400)
    void compactRoundTrip(@ForAll("values") Object value) {
        assertEquals(value, Json.parse(Json.write(value)));
    }

    @Property(tries = 200)
    void prettyRoundTrip(@ForAll("values") Object value) {
        assertEquals(value, Json.parse(Json.writePretty(value)));
    }

    @Property(tries = 50)
    void roundTripThroughAUtf8File(@ForAll("values") Object value) throws Exception {
        Path file = Files.createTempFile("gatun-json", ".json");
        try {
            Files.writeString(file, Json.writePretty(value), StandardCharsets.UTF_8);
            assertEquals(value, Json.parse(file));
        } finally {
            Files.delete(file);
        }
    }

    /** Every finite bit pattern, not just "nice" doubles, must come back bit-identical. */
    @Property
    void everyFiniteDoubleRoundTripsExactly(@ForAll long bits) {
        double d = Double.longBitsToDouble(bits);
        if (Double.isFinite(d)) {
            Object back = Json.parse(Json.write(d));
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back));
        }
    }

    @Property
    void integerTextParsesToItsExactValue(@ForAll("anyIntegers") BigInteger n) {
        Object parsed = Json.parse(n.toString());
        Object expected = n.bitLength() < 64 ? (Object) n.longValue() : n;
        assertEquals(expected, parsed);
    }

    @Property
    void anyStringRoundTrips(@ForAll("strings") String s) {
        assertEquals(s, Json.parse(Json.write(s)));
    }

    /** Arbitrary text either parses or fails with a JsonException; nothing else may escape. */
    @Property(tries = 2000)
    void garbageGivesOnlyJsonExceptions(@ForAll("jsonishText") String text) {
        try {
            Json.parse(text);
        } catch (JsonException expected) {
            // the only acceptable failure
        }
    }

    @Provide
    Arbitrary<Object> values() {
        return value(3);
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.<Object>oneOf(
                strings().map(s -> (Object) s),
                Arbitraries.longs().map(n -> (Object) n),
                bigIntegersBeyondLong().map(n -> (Object) n),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b)
        ).injectNull(0.1);
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> lists = value(depth - 1).list().ofMaxSize(4).map(ArrayList::new);
        Arbitrary<Object> maps = Arbitraries.maps(strings(), value(depth - 1)).ofMaxSize(4)
                .map(LinkedHashMap::new);
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, lists), Tuple.of(1, maps));
    }

    /** Any UTF-16 content including lone surrogates, plus strings built from whole code points. */
    @Provide
    Arbitrary<String> strings() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(12);
        Arbitrary<String> codePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .list().ofMaxSize(6)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
        Arbitrary<String> asciiWithEscapes = Arbitraries.strings().withChars("ab\"\\/\n\t\u0000\u001f ")
                .ofMaxLength(10);
        return Arbitraries.oneOf(anyChars, codePoints, asciiWithEscapes);
    }

    @Provide
    Arbitrary<BigInteger> anyIntegers() {
        return Arbitraries.oneOf(Arbitraries.longs().map(BigInteger::valueOf), bigIntegersBeyondLong());
    }

    private static Arbitrary<BigInteger> bigIntegersBeyondLong() {
        return Arbitraries.bigIntegers().between(LONG_LIMIT, BigInteger.TEN.pow(60))
                .flatMap(n -> Arbitraries.of(n, n.negate().subtract(BigInteger.ONE)));
    }

    /** Short strings over JSON's own alphabet, so that many are nearly valid. */
    @Provide
    Arbitrary<String> jsonishText() {
        return Arbitraries.strings().withChars("{}[]\",:-+.eE0123456789truefalsn \\u\n\u0001é\uD800")
                .ofMaxLength(24);
    }
}
