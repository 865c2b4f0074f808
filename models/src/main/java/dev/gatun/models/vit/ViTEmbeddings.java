package dev.gatun.models.vit;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.Module;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Shape;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The input of ViT, as Hugging Face's {@code ViTEmbeddings}: the patch features with a learned CLS token
 * in front, plus learned absolute position embeddings.
 *
 * <p>The position table has one row for the CLS token and one per patch of an {@code image_size} image
 * (a g x g grid, row-major). For another input size, {@link #forward(Tensor, boolean)} with
 * {@code interpolatePosEncoding} resamples the grid rows bicubically to the input's patch grid
 * ({@link #interpolatePositionEmbeddings}), keeping the CLS row, as Hugging Face's
 * {@code interpolate_pos_encoding}. The sampling grid is the one of {@code F.interpolate(size=...)} used by
 * current transformers; versions before 4.42 and DINO passed {@code scale_factor = (g' + 0.1) / g}
 * instead, which gives the same output size on a slightly different grid.
 *
 * <p>State-dict keys: {@code cls_token} (1, 1, C), {@code position_embeddings} (1, 1 + g², C),
 * {@code patch_embeddings.projection.*}.
 */
public final class ViTEmbeddings extends Module {
    private final ViTConfig config;
    private final Tensor clsToken;
    private final Tensor positionEmbeddings;
    private final ViTPatchEmbeddings patchEmbeddings;
    private final Dropout dropout;

    public ViTEmbeddings(ViTConfig config, RandomGenerator rng) {
        this.config = config;
        int c = config.hiddenSize();
        clsToken = registerParameter("cls_token", Tensor.zeros(1, 1, c));
        positionEmbeddings = registerParameter("position_embeddings", Tensor.zeros(1, config.numPatches() + 1, c));
        patchEmbeddings = registerModule("patch_embeddings", new ViTPatchEmbeddings(config, rng));
        dropout = registerModule("dropout", new Dropout(config.hiddenDropoutProb(), rng));
    }

    /**
     * Embeds {@code pixelValues} (B, channels, height, width), F32.
     *
     * @param interpolatePosEncoding whether an input of another size than {@code image_size} is allowed,
     *     its position embeddings resampled to its patch grid
     * @return (B, 1 + T, C): the CLS token, then the patches row-major
     * @throws GatunException if the input has the wrong rank, dtype or channel count, is smaller than a
     *     patch, or has another size than {@code image_size} without {@code interpolatePosEncoding}
     */
    public Tensor forward(Tensor pixelValues, boolean interpolatePosEncoding) {
        checkPixels(pixelValues, interpolatePosEncoding);
        int b = pixelValues.size(0);
        int c = config.hiddenSize();
        Tensor patches = patchEmbeddings.forward(pixelValues);                  // (B, T, C)
        Tensor cls = clsToken.expand(b, 1, c);                                  // (B, 1, C)
        Tensor tokens = Tensor.cat(List.of(cls, patches), 1);                   // (B, 1 + T, C)
        Tensor positions = interpolatePosEncoding
                ? positionEncoding(pixelValues.size(2), pixelValues.size(3))
                : positionEmbeddings;                                           // (1, 1 + T, C)
        return dropout.forward(tokens.add(positions));
    }

    /**
     * The position embeddings for an input of {@code height} x {@code width} pixels: the table itself
     * when the input has as many patches as the table and is square (Hugging Face's skip rule), else the
     * table resampled to the input's patch grid. (1, 1 + T, C).
     */
    public Tensor positionEncoding(int height, int width) {
        int gh = height / config.patchSize();
        int gw = width / config.patchSize();
        if (gh * gw == config.numPatches() && height == width) {
            return positionEmbeddings;
        }
        return interpolatePositionEmbeddings(positionEmbeddings, gh, gw);
    }

    /**
     * Resamples a position table (1, 1 + g², C) whose patch rows form a g x g grid to a
     * {@code gridHeight} x {@code gridWidth} grid: the CLS row is kept, the grid is resampled with
     * PyTorch's bicubic kernel ({@code align_corners=False}, A = -0.75) as two matrix products, one per
     * axis, so gradients flow back into the table. Any floating dtype.
     *
     * @return (1, 1 + gridHeight * gridWidth, C)
     */
    public static Tensor interpolatePositionEmbeddings(Tensor table, int gridHeight, int gridWidth) {
        int g = (int) Math.round(Math.sqrt(table.rank() == 3 ? table.size(1) - 1 : 0));
        if (table.rank() != 3 || table.size(0) != 1 || g * g + 1 != table.size(1) || g < 1) {
            throw new GatunException("ViT position embeddings must be (1, 1 + g*g, C) for a square grid of g x g"
                    + " patches, got " + Shape.toString(table.shape()));
        }
        if (gridHeight < 1 || gridWidth < 1) {
            throw new GatunException("ViT position embeddings cannot be resampled to a " + gridHeight + " x "
                    + gridWidth + " patch grid");
        }
        int c = table.size(2);
        DType type = table.dtype();
        Tensor cls = table.narrow(1, 0, 1);                                     // (1, 1, C)
        Tensor grid = table.narrow(1, 1, g * g).reshape(g, g, c);               // (g rows, g cols, C)
        Tensor alongCols = BicubicResize.weights(g, gridWidth, type).matmul(grid);       // (g, gw, C)
        Tensor alongRows = BicubicResize.weights(g, gridHeight, type)
                .matmul(alongCols.reshape(g, gridWidth * c));                   // (gh, gw * C)
        return Tensor.cat(List.of(cls, alongRows.reshape(1, gridHeight * gridWidth, c)), 1);
    }

    void checkPixels(Tensor x, boolean interpolate) {
        int channels = config.numChannels();
        if (x.rank() != 4 || x.dtype() != DType.F32 || x.size(1) != channels) {
            throw new GatunException("ViT pixel_values must be F32 (B, " + channels + ", height, width), got "
                    + x.dtype().name() + " " + Shape.toString(x.shape()));
        }
        int h = x.size(2);
        int w = x.size(3);
        int p = config.patchSize();
        if (h < p || w < p || x.size(0) < 1) {
            throw new GatunException("ViT pixel_values " + Shape.toString(x.shape()) + " are smaller than one "
                    + p + " x " + p + " patch or hold no image");
        }
        int s = config.imageSize();
        if (!interpolate && (h != s || w != s)) {
            throw new GatunException("ViT pixel_values are " + h + " x " + w + " but the model was made for " + s
                    + " x " + s + "; pass interpolatePosEncoding = true to resample the position embeddings");
        }
    }

    /** The CLS token, (1, 1, C). */
    public Tensor clsToken() {
        return clsToken;
    }

    /** The position table, (1, 1 + g², C). */
    public Tensor positionEmbeddings() {
        return positionEmbeddings;
    }

    public ViTPatchEmbeddings patchEmbeddings() {
        return patchEmbeddings;
    }
}
