package dev.gatun.tokenizers.decoders;

import dev.gatun.tokenizers.text.ByteLevelAlphabet;
import dev.gatun.tokenizers.unicode.Utf8;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Maps byte-alphabet characters back to bytes and decodes them as UTF-8 into one string; incomplete or
 * invalid sequences become U+FFFD. A token with a character outside the alphabet (an added token)
 * contributes its own UTF-8 bytes.
 */
public record ByteLevel() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String token : tokens) {
            if (!appendAlphabetBytes(token, bytes)) {
                bytes.writeBytes(Utf8.bytes(token));
            }
        }
        return List.of(Utf8.decodeLossy(bytes.toByteArray(), bytes.size()));
    }

    private static boolean appendAlphabetBytes(String token, ByteArrayOutputStream out) {
        for (int i = 0; i < token.length(); i++) {
            if (ByteLevelAlphabet.byteOf(token.charAt(i)) < 0) {
                return false;
            }
        }
        for (int i = 0; i < token.length(); i++) {
            out.write(ByteLevelAlphabet.byteOf(token.charAt(i)));
        }
        return true;
    }
}
