package dev.gatun.models.vision;

/**
 * The EXIF orientation tag of a JPEG file, and the transposition that shows the image upright, as
 * {@code PIL.ImageOps.exif_transpose} applies it (Hugging Face's {@code load_image} calls it before
 * converting to RGB).
 *
 * <p>Orientation values: 1 upright, 2 mirrored left-right, 3 rotated 180 degrees, 4 mirrored top-bottom,
 * 5 transposed (mirrored about the main diagonal), 6 needs a 90-degree clockwise turn, 7 transversed
 * (mirrored about the other diagonal), 8 needs a 90-degree counter-clockwise turn.
 */
final class ExifOrientation {

    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    /**
     * The orientation (1..8) stored in a JPEG's EXIF segment; 1 when the data is not a JPEG, has no
     * EXIF segment or no orientation tag, or the segment is malformed.
     */
    static int of(byte[] data) {
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
            return 1;
        }
        int p = 2;
        while (p + 4 <= data.length && (data[p] & 0xFF) == 0xFF) {
            int marker = data[p + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {  // start of scan or end of image: no more headers
                return 1;
            }
            int length = u16(data, p + 2, false);
            int body = p + 4;
            if (marker == 0xE1 && length >= 8 && body + length - 2 <= data.length && isExif(data, body)) {
                int orientation = fromTiff(data, body + 6, body + length - 2);
                return orientation >= 1 && orientation <= 8 ? orientation : 1;
            }
            p += 2 + length;
        }
        return 1;
    }

    private static boolean isExif(byte[] d, int at) {
        return d[at] == 'E' && d[at + 1] == 'x' && d[at + 2] == 'i' && d[at + 3] == 'f' && d[at + 4] == 0
                && d[at + 5] == 0;
    }

    /** The orientation in the first IFD of the TIFF structure in {@code [start, end)}, or 1. */
    private static int fromTiff(byte[] d, int start, int end) {
        if (end - start < 8) {
            return 1;
        }
        boolean little = d[start] == 'I' && d[start + 1] == 'I';
        if (!little && !(d[start] == 'M' && d[start + 1] == 'M')) {
            return 1;
        }
        long ifd = start + u32(d, start + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = u16(d, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = (int) ifd + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(d, e, little) == ORIENTATION_TAG) {
                return u16(d, e + 8, little);  // type SHORT, count 1: the value sits in the first 2 bytes
            }
        }
        return 1;
    }

    private static int u16(byte[] d, int at, boolean little) {
        int a = d[at] & 0xFF;
        int b = d[at + 1] & 0xFF;
        return little ? a | b << 8 : a << 8 | b;
    }

    private static long u32(byte[] d, int at, boolean little) {
        long hi = u16(d, little ? at + 2 : at, little);
        long lo = u16(d, little ? at : at + 2, little);
        return hi << 16 | lo;
    }

    /** The image turned upright for an EXIF orientation (1..8; other values leave it as it is). */
    static RgbImage apply(RgbImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] out = new byte[image.pixels().length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                // the source pixel (sx, sy) shown at (x, y)
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }  // 8
                }
                System.arraycopy(image.pixels(), (sy * w + sx) * 3, out, (y * outW + x) * 3, 3);
            }
        }
        return new RgbImage(outW, outH, out);
    }
}
