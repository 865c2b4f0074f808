package dev.gatun.models.vision;

import dev.gatun.tensor.GatunException;

/**
 * A target size in one of the forms Hugging Face's {@code size} dictionaries take, and how each
 * turns an image's (height, width) into the resize target.
 */
public sealed interface ImageSize {

    /** The (height, width) an image of the given size is resized to. */
    Dims outputSize(int height, int width);

    /** A height and a width, both at least 1. */
    record Dims(int height, int width) {
        public Dims {
            if (height < 1 || width < 1) {
                throw new GatunException("image size must be at least 1x1 (height x width), got "
                        + height + "x" + width);
            }
        }
    }

    /** {@code {"height": h, "width": w}}: exactly that size, the aspect ratio not kept. */
    record HeightWidth(int height, int width) implements ImageSize {
        public HeightWidth {
            new Dims(height, width);
        }

        @Override
        public Dims outputSize(int imageHeight, int imageWidth) {
            return new Dims(height, width);
        }
    }

    /**
     * {@code {"shortest_edge": s}}: the shorter side becomes {@code s} and the longer one
     * {@code int(s * long / short)}, as {@code get_resize_output_image_size(default_to_square=False)}
     * computes it (truncating a double quotient).
     */
    record ShortestEdge(int shortestEdge) implements ImageSize {
        public ShortestEdge {
            if (shortestEdge < 1) {
                throw new GatunException("shortest_edge must be >= 1, got " + shortestEdge);
            }
        }

        @Override
        public Dims outputSize(int height, int width) {
            int shortSide = Math.min(height, width);
            int longSide = Math.max(height, width);
            int newLong = (int) ((double) shortestEdge * longSide / shortSide);
            return width <= height ? new Dims(newLong, shortestEdge) : new Dims(shortestEdge, newLong);
        }
    }

    /**
     * {@code {"shortest_edge": s, "longest_edge": l}}: the shorter side becomes {@code s} unless that
     * makes the longer one exceed {@code l}, in which case the longer one becomes about {@code l}; the
     * rule of {@code get_size_with_aspect_ratio} in {@code transformers.image_transforms}, including
     * its Python rounding (half to even) and truncations. A result with a zero side is an error, as it
     * is in Pillow.
     */
    record ShortestLongestEdge(int shortestEdge, int longestEdge) implements ImageSize {
        public ShortestLongestEdge {
            if (shortestEdge < 1 || longestEdge < 1) {
                throw new GatunException("shortest_edge and longest_edge must be >= 1, got " + shortestEdge
                        + " and " + longestEdge);
            }
        }

        @Override
        public Dims outputSize(int height, int width) {
            int size = shortestEdge;
            double raw = Double.NaN;
            double small = Math.min(height, width);
            double large = Math.max(height, width);
            if (large / small * size > longestEdge) {
                raw = longestEdge * small / large;
                size = (int) Math.rint(raw);
            }
            boolean capped = !Double.isNaN(raw);
            if ((height <= width && height == size) || (width <= height && width == size)) {
                return new Dims(height, width);
            }
            if (width < height) {
                int h = capped ? (int) (raw * height / width) : (int) ((double) size * height / width);
                return dims(h, size, height, width);
            }
            int w = capped ? (int) (raw * width / height) : (int) ((double) size * width / height);
            return dims(size, w, height, width);
        }

        private Dims dims(int h, int w, int height, int width) {
            if (h < 1 || w < 1) {
                throw new GatunException("size {shortest_edge: " + shortestEdge + ", longest_edge: " + longestEdge
                        + "} turns a " + width + "x" + height + " image into " + w + "x" + h
                        + " (width x height); height and width must be > 0");
            }
            return new Dims(h, w);
        }
    }
}
