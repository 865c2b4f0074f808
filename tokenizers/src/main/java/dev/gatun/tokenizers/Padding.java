package dev.gatun.tokenizers;

import java.util.ArrayList;
import java.util.List;

/** Padding of a batch of encodings, as the reference's {@code pad_encodings}. */
final class Padding {

    private Padding() {
    }

    /** Pads every encoding to the fixed length, or to the batch's longest, rounded up to the multiple. */
    static List<Encoding> pad(List<Encoding> encodings, PaddingParams params) {
        if (encodings.isEmpty()) {
            return encodings;
        }
        int length = params.fixedLength();
        if (params.batchLongest()) {
            for (Encoding e : encodings) {
                length = Math.max(length, e.length());
            }
        }
        int multiple = params.padToMultipleOf();
        if (multiple > 0 && length % multiple > 0) {
            length += multiple - length % multiple;
        }
        List<Encoding> out = new ArrayList<>(encodings.size());
        for (Encoding e : encodings) {
            out.add(e.pad(length, params));
        }
        return out;
    }
}
