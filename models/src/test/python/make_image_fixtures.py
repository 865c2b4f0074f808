"""Makes the image-preprocessing fixtures under models/src/test/resources/vision/.

Run with /usr/bin/python3 (Pillow 9.4 and numpy 1.24):

    /usr/bin/python3 models/src/test/python/make_image_fixtures.py

It writes small test images of awkward sizes in several formats and modes (images/), the
preprocessor_config.json variants Gatun must read (configs/), and reference outputs computed by
Pillow and numpy, independently of Gatun:

* decoded: the image as Pillow opens it and converts it with convert("RGB"), uint8 (H, W, 3);
* upright: for JPEGs with an EXIF orientation, ImageOps.exif_transpose then convert("RGB");
* resize: Image.resize of that RGB image for every filter and several sizes, uint8 (H, W, 3);
* pipeline: the Hugging Face ViT/DeiT image-processor pipeline (resize through Pillow with the
  named filter, center crop with zero padding, rescale in float64 then cast to float32, normalize in
  float32, channels first), restated here with Pillow and numpy step by step as
  transformers.image_transforms does it. Small outputs are stored whole; 224x224 outputs are stored
  as the sum of all values plus a seeded sample of (flat index, value) pairs, to keep the fixtures
  small (the uint8 resize they start from is checked whole by the resize cases).

Everything goes into reference.bin (raw little-endian arrays back to back) described by
reference.json: "blobs" names each array (dtype u8, i32 or f32, shape, byte offset) and "decoded",
"upright", "resize", "pipeline" list the cases that refer to them.
"""
import json
import math
import os
import struct
import zlib

import numpy as np
from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "vision"))

FILTERS = {"nearest": 0, "lanczos": 1, "bilinear": 2, "bicubic": 3, "box": 4, "hamming": 5}

IMAGENET_STANDARD = [0.5, 0.5, 0.5]
IMAGENET_DEFAULT_MEAN = [0.485, 0.456, 0.406]
IMAGENET_DEFAULT_STD = [0.229, 0.224, 0.225]


class Blobs:
    def __init__(self):
        self.parts = []
        self.offset = 0
        self.index = {}

    def add(self, name, array):
        kind = {np.dtype(np.uint8): "u8", np.dtype(np.int32): "i32", np.dtype(np.float32): "f32"}[array.dtype]
        raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
        self.index[name] = {"dtype": kind, "shape": list(array.shape), "offset": self.offset}
        self.parts.append(raw)
        self.offset += len(raw)
        return name


# ---- test images -------------------------------------------------------------------------------

def pattern(rng, width, height):
    """Noise, a gradient and sharp edges in one RGB uint8 array (H, W, 3)."""
    y, x = np.mgrid[0:height, 0:width]
    img = np.zeros((height, width, 3), dtype=np.float64)
    img[..., 0] = 255.0 * x / max(width - 1, 1)
    img[..., 1] = 255.0 * y / max(height - 1, 1)
    img[..., 2] = np.where((x // 3 + y // 4) % 2 == 0, 250.0, 5.0)
    noise = rng.integers(-40, 41, size=img.shape)
    img = img + noise
    # a hard-edged block of pure colours
    img[height // 3: height // 3 + max(1, height // 4), width // 4: width // 4 + max(1, width // 3)] = [255, 0, 128]
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def write_png16_rgb(path, array):
    """A 16-bit RGB PNG (Pillow cannot write one), from a uint16 array (H, W, 3)."""
    height, width, _ = array.shape
    rows = b"".join(b"\x00" + array[r].astype(">u2").tobytes() for r in range(height))
    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", header))
        f.write(png_chunk(b"IDAT", zlib.compress(rows, 9)))
        f.write(png_chunk(b"IEND", b""))


def make_images(rng, folder):
    """Writes the test images; returns {file name: the resize sizes (width, height) to check}."""
    images = {}

    def save(name, image, sizes, **kw):
        image.save(os.path.join(folder, name), **kw)
        images[name] = sizes

    save("rgb_37x23.png", Image.fromarray(pattern(rng, 37, 23)),
         [(16, 11), (53, 31), (37, 40), (23, 23), (1, 1), (37, 23), (60, 23), (14, 9)])
    save("rgb_64x48.png", Image.fromarray(pattern(rng, 64, 48)), [(30, 17), (71, 50), (21, 48), (7, 5)])
    save("rgb_5x300.png", Image.fromarray(pattern(rng, 5, 300)), [(5, 37), (9, 120), (3, 299), (2, 7)])
    save("rgb_1x1.png", Image.fromarray(pattern(rng, 1, 1)), [(4, 3), (1, 1), (7, 1)])
    rgba = np.concatenate([pattern(rng, 31, 19), rng.integers(0, 256, size=(19, 31, 1), dtype=np.uint8)], axis=2)
    save("rgba_31x19.png", Image.fromarray(rgba, mode="RGBA"), [(13, 40), (50, 8)])
    save("gray_29x31.png", Image.fromarray(pattern(rng, 29, 31)[..., 0]), [(17, 17), (40, 45)])
    pal = Image.fromarray(pattern(rng, 40, 30)).quantize(colors=37)
    save("palette_40x30.png", pal, [(19, 23)])
    ramp = (np.arange(21 * 17, dtype=np.uint32).reshape(17, 21) * 181 % 65536).astype(np.uint16)
    save("gray16_21x17.png", Image.fromarray(ramp), [(10, 9)])
    rgb16 = rng.integers(0, 65536, size=(13, 19, 3), dtype=np.uint16)
    write_png16_rgb(os.path.join(folder, "rgb16_19x13.png"), rgb16)
    images["rgb16_19x13.png"] = [(8, 8)]
    save("rgb_33x21.bmp", Image.fromarray(pattern(rng, 33, 21)), [(20, 13), (45, 30)])
    # JPEG: smooth content keeps decoder differences small; the resize is checked on Pillow's pixels
    y, x = np.mgrid[0:40, 0:48]
    smooth = np.stack([128 + 100 * np.sin(x / 7.0), 128 + 100 * np.cos(y / 5.0), (x * 5 + y * 3) % 256], axis=2)
    save("photo_48x40.jpg", Image.fromarray(np.clip(smooth, 0, 255).astype(np.uint8)), [(24, 20), (30, 30)],
         quality=90)
    save("gray_20x16.jpg", Image.fromarray(pattern(rng, 20, 16)[..., 1]), [], quality=85)
    # EXIF orientations 2..8 on a 12x8 image with a distinct corner: Hugging Face's load_image turns
    # them upright (ImageOps.exif_transpose) before convert("RGB")
    corner = np.clip(smooth[:8, :12], 0, 255).astype(np.uint8)
    corner[:3, :3] = [255, 255, 255]
    for orientation in range(2, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        save("orient_%d.jpg" % orientation, Image.fromarray(corner), [], quality=95, exif=exif)
    with open(os.path.join(folder, "not_an_image.png"), "w") as f:
        f.write("this is text, not a PNG\n")
    return images


# ---- the Hugging Face pipeline, restated -----------------------------------------------------------

# The defaults of each processor's __init__ in transformers, and whether an int size means a square
# (get_size_dict(default_to_square=True)) or the shortest edge (CLIP and BiT).
TYPE_DEFAULTS = {
    "ViTImageProcessor": dict(size=224, square=True, resample=2, do_center_crop=False, mean=IMAGENET_STANDARD,
                              std=IMAGENET_STANDARD),
    "DeiTImageProcessor": dict(size=256, square=True, resample=3, do_center_crop=True, mean=IMAGENET_STANDARD,
                               std=IMAGENET_STANDARD),
    "BitImageProcessor": dict(size=224, square=False, resample=3, do_center_crop=True,
                              mean=[0.48145466, 0.4578275, 0.40821073], std=[0.26862954, 0.26130258, 0.27577711]),
}


def processor_type(config):
    name = config.get("image_processor_type") or config.get("feature_extractor_type")
    return name.replace("FeatureExtractor", "ImageProcessor")


def size_dict(size, square=True):
    """transformers.image_processing_utils.get_size_dict."""
    if isinstance(size, int):
        return {"height": size, "width": size} if square else {"shortest_edge": size}
    if isinstance(size, list):
        return {"height": size[0], "width": size[1]}
    return size


def output_size(size, height, width):
    """(height, width) after resizing to a size dict, as Hugging Face's processors compute it."""
    if "height" in size and "width" in size:
        return size["height"], size["width"]
    shortest = size["shortest_edge"]
    if "longest_edge" in size:
        # image_transforms.get_size_with_aspect_ratio(image_size, shortest_edge, longest_edge)
        max_size = size["longest_edge"]
        raw = None
        small, large = float(min(height, width)), float(max(height, width))
        if large / small * shortest > max_size:
            raw = max_size * small / large
            shortest = int(round(raw))
        if (height <= width and height == shortest) or (width <= height and width == shortest):
            return height, width
        if width < height:
            return (int(raw * height / width) if raw is not None else int(shortest * height / width)), shortest
        return shortest, (int(raw * width / height) if raw is not None else int(shortest * width / height))
    # image_transforms.get_resize_output_image_size(default_to_square=False)
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = shortest, int(shortest * long / short)
    return (new_long, new_short) if width <= height else (new_short, new_long)


def center_crop(image, crop_height, crop_width):
    """image_transforms.center_crop on an (H, W, C) array, zero padding when the crop is larger."""
    chw = image.transpose(2, 0, 1)
    orig_height, orig_width = chw.shape[1:]
    top = (orig_height - crop_height) // 2
    bottom = top + crop_height
    left = (orig_width - crop_width) // 2
    right = left + crop_width
    if top >= 0 and bottom <= orig_height and left >= 0 and right <= orig_width:
        return chw[..., top:bottom, left:right].transpose(1, 2, 0)
    new_height = max(crop_height, orig_height)
    new_width = max(crop_width, orig_width)
    new_image = np.zeros_like(chw, shape=chw.shape[:-2] + (new_height, new_width))
    top_pad = math.ceil((new_height - orig_height) / 2)
    left_pad = math.ceil((new_width - orig_width) / 2)
    new_image[..., top_pad:top_pad + orig_height, left_pad:left_pad + orig_width] = chw
    top += top_pad
    bottom += top_pad
    left += left_pad
    right += left_pad
    out = new_image[..., max(0, top):min(new_height, bottom), max(0, left):min(new_width, right)]
    return out.transpose(1, 2, 0)


def process(rgb, config):
    """pixel_values (3, H, W) of one RGB uint8 image (H, W, 3) under a preprocessor config."""
    defaults = TYPE_DEFAULTS[processor_type(config)]
    image = rgb
    if config.get("do_resize", True):
        size = size_dict(config.get("size", defaults["size"]), defaults["square"])
        height, width = output_size(size, image.shape[0], image.shape[1])
        image = np.array(Image.fromarray(image).resize((width, height), resample=config.get("resample",
                                                                                              defaults["resample"])))
    # ViTImageProcessor has no crop step: it ignores do_center_crop
    if defaults["do_center_crop"] and config.get("do_center_crop", True):
        crop = size_dict(config.get("crop_size", 224))
        image = center_crop(image, crop["height"], crop["width"])
    if config.get("do_rescale", True):
        image = (image.astype(np.float64) * config.get("rescale_factor", 1 / 255)).astype(np.float32)
    if config.get("do_normalize", True):
        if not np.issubdtype(image.dtype, np.floating):
            image = image.astype(np.float32)
        mean = np.array(config.get("image_mean", defaults["mean"]), dtype=image.dtype)
        std = np.array(config.get("image_std", defaults["std"]), dtype=image.dtype)
        image = (image - mean) / std
    return np.ascontiguousarray(image.transpose(2, 0, 1)).astype(np.float32)


CONFIGS = {
    # google/vit-base-patch16-224: resample absent (ViTImageProcessor's BILINEAR), size as an int
    "vit_base_patch16_224.json": {
        "do_normalize": True, "do_resize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
        "size": 224, "feature_extractor_type": "ViTFeatureExtractor"},
    # microsoft/swin-tiny-patch4-window7-224
    "swin_tiny_patch4_window7_224.json": {
        "do_normalize": True, "do_resize": True, "feature_extractor_type": "ViTFeatureExtractor",
        "image_mean": IMAGENET_DEFAULT_MEAN, "image_std": IMAGENET_DEFAULT_STD, "resample": 3, "size": 224},
    # facebook/deit-base-patch16-224: an int size is a square for DeiT (256x256), then crop 224
    "deit_base_patch16_224.json": {
        "crop_size": 224, "do_center_crop": True, "do_normalize": True, "do_resize": True,
        "feature_extractor_type": "DeiTFeatureExtractor", "image_mean": IMAGENET_DEFAULT_MEAN,
        "image_std": IMAGENET_DEFAULT_STD, "resample": 3, "size": 256},
    # shortest edge to 256 keeping the aspect ratio, bicubic, center crop 224
    "shortest_edge_256_crop_224.json": {
        "crop_size": {"height": 224, "width": 224}, "do_center_crop": True, "do_normalize": True,
        "do_rescale": True, "do_resize": True, "image_mean": IMAGENET_DEFAULT_MEAN,
        "image_processor_type": "BitImageProcessor", "image_std": IMAGENET_DEFAULT_STD, "resample": 3,
        "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 256}},
    # no resize: the image keeps its size; rescale and normalize only
    "no_resize.json": {
        "do_normalize": True, "do_rescale": True, "do_resize": False, "image_mean": IMAGENET_DEFAULT_MEAN,
        "image_processor_type": "ViTImageProcessor", "image_std": IMAGENET_DEFAULT_STD,
        "rescale_factor": 0.00392156862745098},
    # small outputs, stored whole: {height, width} with a crop larger than the resized image (padding)
    "small_crop_padding.json": {
        "image_processor_type": "DeiTImageProcessor", "size": {"height": 20, "width": 9}, "resample": 1,
        "do_center_crop": True, "crop_size": {"height": 15, "width": 13}, "image_mean": [0.1, 0.2, 0.3],
        "image_std": [0.9, 0.8, 0.7]},
    "small_shortest_longest.json": {
        "image_processor_type": "BitImageProcessor", "size": {"shortest_edge": 18, "longest_edge": 30},
        "resample": 4, "do_center_crop": False, "do_normalize": False, "rescale_factor": 0.0039},
    "small_hamming_no_rescale.json": {
        "image_processor_type": "ViTImageProcessor", "size": {"height": 11, "width": 17}, "resample": 5,
        "do_rescale": False, "image_mean": [120.0, 110.0, 100.0], "image_std": [60.0, 58.5, 57.25]},
    "small_nearest_crop.json": {
        "image_processor_type": "DeiTImageProcessor", "size": [26, 19], "resample": 0,
        "do_center_crop": True, "crop_size": 17},
}

PIPELINE_IMAGES = ["rgb_37x23.png", "rgb_5x300.png", "rgba_31x19.png", "photo_48x40.jpg", "rgb_1x1.png"]


def main():
    rng = np.random.default_rng(20261122)
    os.makedirs(os.path.join(OUT, "images"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "configs"), exist_ok=True)
    images = make_images(rng, os.path.join(OUT, "images"))
    blobs = Blobs()
    reference = {"decoded": [], "upright": [], "resize": [], "pipeline": []}
    decoded = {}
    for name, sizes in images.items():
        with Image.open(os.path.join(OUT, "images", name)) as im:
            mode = im.mode
            rgb = np.array(im.convert("RGB"))
        decoded[name] = rgb
        reference["decoded"].append({"image": name, "pil_mode": mode, "data": blobs.add("decoded/" + name, rgb)})
        if name.startswith("orient_"):
            with Image.open(os.path.join(OUT, "images", name)) as im:
                upright = np.array(ImageOps.exif_transpose(im).convert("RGB"))
            reference["upright"].append({"image": name, "data": blobs.add("upright/" + name, upright)})
        for width, height in sizes:
            for filter_name, filter_id in FILTERS.items():
                out = np.array(Image.fromarray(rgb).resize((width, height), resample=filter_id))
                key = "resize/%s/%s/%dx%d" % (name, filter_name, width, height)
                reference["resize"].append({"image": name, "resample": filter_id, "width": width,
                                            "height": height, "data": blobs.add(key, out)})
    for config_name, config in CONFIGS.items():
        with open(os.path.join(OUT, "configs", config_name), "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)
            f.write("\n")
        for name in PIPELINE_IMAGES:
            try:
                values = process(decoded[name], config)
            except ValueError as e:  # Pillow refuses a resize to zero pixels, and so must Gatun
                reference["pipeline"].append({"config": config_name, "image": name, "error": str(e)})
                continue
            case = {"config": config_name, "image": name, "shape": [1] + list(values.shape),
                    "sum": float(values.astype(np.float64).sum())}
            key = "pipeline/%s/%s" % (config_name, name)
            if values.size <= 4096:
                case["values"] = blobs.add(key, values.reshape(1, *values.shape))
            else:
                flat = values.reshape(-1)
                picks = np.sort(rng.choice(flat.size, size=600, replace=False)).astype(np.int32)
                case["indices"] = blobs.add(key + "/indices", picks)
                case["sampled"] = blobs.add(key + "/sampled", flat[picks])
            reference["pipeline"].append(case)
    reference["blobs"] = blobs.index
    with open(os.path.join(OUT, "reference.bin"), "wb") as f:
        for part in blobs.parts:
            f.write(part)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(root, n)) for root, _, names in os.walk(OUT) for n in names)
    print("wrote %d resize cases, %d pipeline cases, %d bytes in %s" % (
        len(reference["resize"]), len(reference["pipeline"]), total, OUT))


if __name__ == "__main__":
    main()
