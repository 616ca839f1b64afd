# --8<-- [start:imports]
"""Classify images with the notes' CIFAR-10 network (section 16).

    python snippets/inference/predict.py IMAGE [IMAGE ...] --checkpoint PATH
"""
import argparse
import os
import pickle
import re
import sys
import warnings

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError
from torch import nn
from torchvision import transforms

# Used when a checkpoint does not name its classes (CIFAR-10's index order)
CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck"]
# --8<-- [end:imports]


# --8<-- [start:model]
class Decade(nn.Module):
    """The training chapter's network, layer for layer: the checkpoint's
    state_dict keys ("model.0.weight", ...) must match these names."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)
# --8<-- [end:model]


# --8<-- [start:to_rgb]
def to_rgb(image):
    """Any Pillow mode -> 8-bit RGB: the 3 channels the network expects."""
    if image.mode.startswith("I"):  # 16-bit grayscale ("I;16") or "I"
        # convert("L") would clip every value above 255 to white:
        # scale 0..65535 down to 0..255 instead
        pixels = np.asarray(image).astype(np.float64) / 257
        image = Image.fromarray(pixels.clip(0, 255).round().astype(np.uint8))
    if image.has_transparency_data:  # RGBA, LA, PA, P or L with a key
        # Transparent pixels often hide black; show them as white paper
        white = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(white, image.convert("RGBA"))
    if image.mode != "RGB":
        image = image.convert("RGB")  # L, P, CMYK, 1, ...: no alpha
    return image
# --8<-- [end:to_rgb]


# --8<-- [start:load_image]
def load_image(path):
    """An image file -> an upright RGB PIL image."""
    with warnings.catch_warnings():
        # Pillow only warns from 89.5 to 179 megapixels: refuse those too
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(path)
    # A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size: much faster
    # for big photos, and still larger than the 32x32 the network sees
    image.draft("RGB", (128, 128))
    # Phones save "rotate me" in EXIF instead of rotating the pixels
    ImageOps.exif_transpose(image, in_place=True)
    return to_rgb(image)
# --8<-- [end:load_image]


# --8<-- [start:preprocess]
# Exactly what training did to CIFAR-10 images: 32x32, ToTensor only
transform = transforms.Compose([
    transforms.Resize((32, 32)),  # a tuple: exactly 32x32, any aspect
    transforms.ToTensor(),        # HWC 0..255 -> CHW float in [0, 1]
])


def preprocess(image):
    # The network takes a batch (N, 3, 32, 32): add N = 1 in front
    return transform(image).unsqueeze(0)
# --8<-- [end:preprocess]


# --8<-- [start:read_checkpoint]
class CannotPredict(Exception):
    """A problem with one input, explained in one line."""


def read_checkpoint(path, device):
    try:
        with warnings.catch_warnings():
            # e.g. "unusual pickle protocol": we explain failures ourselves
            warnings.simplefilter("ignore", UserWarning)
            # weights_only=True: tensors and plain containers only, so a
            # crafted file cannot run code; map_location: tensors saved
            # on a GPU are loaded onto this machine's device
            return torch.load(path, map_location=device, weights_only=True)
    except FileNotFoundError:
        raise CannotPredict("no such file") from None
    except pickle.UnpicklingError as exc:
        found = re.search(r"GLOBAL ([\w.]+)", str(exc))
        if found:  # weights_only=True stopped at a class or function
            raise CannotPredict(
                f"refused to unpickle {found[1]} (weights_only=True); a whole"
                " model saved with torch.save(model)? Save model.state_dict()"
                " instead") from None
        why = re.search(r"Unsupported operand \S+", str(exc))  # not torch's
        why = why[0] if why else one_line(exc)
        raise CannotPredict(f"not a checkpoint ({why})") from None
    except Exception as exc:  # empty, truncated, not a checkpoint at all
        raise CannotPredict(f"not a checkpoint ({one_line(exc)})") from None
# --8<-- [end:read_checkpoint]


# --8<-- [start:build_model]
def build_model(checkpoint, device):
    """Returns (model, class names) from a loaded checkpoint."""
    if not isinstance(checkpoint, dict):
        kind = type(checkpoint).__name__
        raise CannotPredict(f"holds a {kind}, not a dict of weights")
    # train.py saves {"model": state_dict, "classes": [...], ...}; a bare
    # model.state_dict() (the notes' second way of saving) works as well
    state_dict = checkpoint.get("model", checkpoint)
    classes = list(checkpoint.get("classes", CIFAR10_CLASSES))
    model = Decade().to(device)
    try:
        model.load_state_dict(state_dict)  # strict: every key and shape
    except (RuntimeError, TypeError, AttributeError) as exc:
        raise CannotPredict(
            f"not made for this network ({one_line(exc)})") from None
    if len(classes) != 10:
        raise CannotPredict(f"names {len(classes)} classes, the network has 10")
    return model, classes
# --8<-- [end:build_model]


# --8<-- [start:predict]
def predict(model, batch, k):
    """The k most likely (probabilities, class indices) for each image."""
    model.eval()  # inference behaviour of Dropout/BatchNorm, if any
    with torch.no_grad():  # no graph for backward: faster, less memory
        scores = model(batch)
    probabilities = scores.softmax(dim=1)  # 10 scores -> sum to 1
    return probabilities.topk(k, dim=1)
# --8<-- [end:predict]


# --8<-- [start:report]
def one_line(exc, limit=200):
    """An exception as one short line: no traceback, no line breaks."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split()).rstrip(":")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def image_problem(path, exc):
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, UnidentifiedImageError):
        if os.path.getsize(path) == 0:
            return "empty file (0 bytes)"
        return "not an image (or a format Pillow cannot read)"
    return f"cannot read the image ({one_line(exc)})"  # truncated, too big
# --8<-- [end:report]


# --8<-- [start:args]
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="+", help="PNG, JPEG, BMP, WebP...")
    parser.add_argument("--checkpoint", required=True,
                        help="a train.py checkpoint or a saved state_dict")
    parser.add_argument("--topk", type=int, default=1, choices=range(1, 11),
                        metavar="K", help="show the K likeliest classes")
    return parser.parse_args()
# --8<-- [end:args]


# --8<-- [start:main]
def main():
    args = parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else
                          "mps" if torch.backends.mps.is_available() else
                          "cpu")
    try:
        model, classes = build_model(
            read_checkpoint(args.checkpoint, device), device)
    except CannotPredict as exc:
        print(f"error: checkpoint {args.checkpoint}: {exc}", file=sys.stderr)
        return 2  # nothing can be predicted without a network

    failed = 0
    for path in args.images:
        try:
            batch = preprocess(load_image(path)).to(device)
        except Exception as exc:  # one line per bad image, then go on
            print(f"error: {path}: {image_problem(path, exc)}",
                  file=sys.stderr)
            failed += 1
            continue
        probabilities, indices = predict(model, batch, args.topk)
        guesses = [f"{classes[i]} ({p:.1%})" for p, i in
                   zip(probabilities[0].tolist(), indices[0].tolist())]
        print(f"{path}: {', '.join(guesses)}")
    return 1 if failed else 0
# --8<-- [end:main]


# --8<-- [start:entry]
if __name__ == "__main__":
    sys.exit(main())
# --8<-- [end:entry]
