# --8<-- [start:imports]
"""Classify images with the notes' CIFAR-10 network (section 16).

    python snippets/inference/predict.py IMAGE [IMAGE ...] --checkpoint PATH
"""
import sys

try:  # importing torch takes seconds: a Ctrl-C meanwhile gets one line
    import argparse
    import os
    import pickle
    import re
    import stat
    import warnings
    import zipfile

    import numpy as np
    import torch
    from PIL import Image, ImageOps, UnidentifiedImageError
    from torch import nn
    from torchvision import transforms
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    sys.exit(130)  # the shell's code for "stopped by Ctrl-C"

# Used when a checkpoint does not name its classes (CIFAR-10's index order)
CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck"]
# Limits on what is read, checked before decoding: a tiny file can claim
# billions of pixels. 50 megapixels is a big phone photo.
MAX_PIXELS = 50_000_000
MAX_BYTES = 100_000_000            # an image file
MAX_CHECKPOINT_BYTES = 100_000_000  # the course's network takes 0.5 MB
FORMATS = ["BMP", "GIF", "JPEG", "PNG", "PPM", "TIFF", "WEBP"]


class CannotPredict(Exception):
    """A problem with one input, explained in one line."""
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
    if image.mode.startswith("I") or image.mode == "F":
        image = Image.fromarray(to_8_bit(image))  # 16/32-bit, float: "L"
    if image.mode == "La":  # gray with premultiplied alpha: undo that
        image = image.convert("LA")
    if image.has_transparency_data:  # RGBA, LA, PA, P or L with a key
        # Transparent pixels often hide black; show them as white paper
        white = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(white, image.convert("RGBA"))
    if image.mode != "RGB":
        image = image.convert("RGB")  # L, P, CMYK, 1, ...: no alpha
    return image


def to_8_bit(image):
    """Gray values of more than 8 bits -> 0..255. convert("L") would clip
    them: 16-bit scans almost all white, floats in 0..1 all black."""
    pixels = np.asarray(image, dtype=np.float32)
    low, high = (pixels.min(), pixels.max()) if pixels.size else (0, 0)
    if image.mode.startswith("I;16"):  # 16 bits: 0..65535
        scale = 257  # 65535 / 257 = 255
    elif not (np.isfinite(high) and low >= 0):
        raise CannotPredict(f"mode {image.mode} pixels from {low} to "
                            f"{high}: no known scale")
    elif image.mode == "F" and high <= 1:
        scale = 1 / 255  # floats from 0 to 1
    elif high <= 255:
        scale = 1  # 8-bit values kept in a wider mode
    elif image.mode == "I" and high <= 65535:
        scale = 257  # 16-bit values in a 32-bit mode
    else:
        raise CannotPredict(f"mode {image.mode} pixels up to {high}: no "
                            "known scale")
    return (pixels / scale).round().clip(0, 255).astype(np.uint8)
# --8<-- [end:to_rgb]


# --8<-- [start:load_image]
def load_image(path):
    """An image file -> an upright RGB PIL image."""
    with open_regular(path, MAX_BYTES) as f:
        with warnings.catch_warnings():
            # Pillow warns from 89.5 megapixels: the check below is ours
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(f, formats=FORMATS)  # reads the header only
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size: much
        # faster for big photos, and still larger than the 32x32 the
        # network sees
        image.draft("RGB", (128, 128))
        width, height = image.size
        if width * height > MAX_PIXELS:  # before decoding: a bomb?
            raise CannotPredict(f"{width} x {height} pixels, more than "
                                f"the {MAX_PIXELS:,} this program decodes")
        image.load()  # decode now, while the file is open
    # Phones save "rotate me" in EXIF instead of rotating the pixels
    ImageOps.exif_transpose(image, in_place=True)
    return to_rgb(image)


def open_regular(path, limit):
    """Open a regular file of at most limit bytes for reading. A FIFO or a
    device could block forever or never end. (O_NONBLOCK: opening a FIFO
    does not wait for a writer; a regular file reads as always.)"""
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))  # Windows: no newline changes
    fd = os.open(path, flags)
    info = os.fstat(fd)
    if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
        return os.fdopen(fd, "rb")
    os.close(fd)
    if not stat.S_ISREG(info.st_mode):
        raise CannotPredict("not a regular file (a folder, a FIFO, ...?)")
    raise CannotPredict(f"{info.st_size:,} bytes, more than the "
                        f"{limit:,} this program reads")
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
def read_checkpoint(path, device):
    try:
        f = open_regular(path, MAX_CHECKPOINT_BYTES)
    except FileNotFoundError:
        raise CannotPredict("no such file") from None
    except OSError as exc:
        raise CannotPredict(f"cannot read it ({one_line(exc)})") from None
    with f:
        kind = what_is(f.read(8))
        if kind:
            raise CannotPredict(
                f"{kind}, not a checkpoint (expected what train.py saves, "
                "such as checkpoints/epoch_010.pt, or a saved state_dict)")
        f.seek(0)
        problem = zip_problem(f)  # before torch.load reads it
        if problem:
            raise CannotPredict(f"not a checkpoint ({problem})")
        try:
            with warnings.catch_warnings():
                # e.g. "unusual pickle protocol": we explain failures
                warnings.simplefilter("ignore", UserWarning)
                # weights_only=True: tensors and plain containers only, so
                # a crafted file cannot run code; map_location: tensors
                # saved on a GPU are loaded onto this machine's device
                return torch.load(f, map_location=device, weights_only=True)
        except pickle.UnpicklingError as exc:
            found = re.search(r"GLOBAL ([\w.]+)", str(exc))
            if found:  # weights_only=True stopped at a class or function
                raise CannotPredict(
                    f"refused to unpickle {found[1]} (weights_only=True); a"
                    " whole model saved with torch.save(model)? Save "
                    "model.state_dict() instead") from None
            why = re.search(r"Unsupported operand \S+", str(exc))
            why = why[0] if why else one_line(exc)
            raise CannotPredict(f"not a checkpoint ({why})") from None
        except Exception as exc:  # truncated, damaged, crafted
            raise CannotPredict(
                f"not a checkpoint ({one_line(exc)})") from None


def zip_problem(f):
    """Why f cannot be what torch.save writes, judged from its zip archive
    (None: no reason found). torch.save stores each part uncompressed,
    one after another; compressed or overlapping parts could make a small
    file take gigabytes of memory. A file in torch's older format, not a
    zip, is left to torch.load."""
    try:
        if f.read(4) != b"PK\x03\x04":  # how a zip archive starts
            return None
        with zipfile.ZipFile(f) as archive:
            parts = archive.infolist()
    except Exception:  # truncated, crafted
        return "a damaged zip archive"
    finally:
        f.seek(0)
    if (any(p.compress_type != zipfile.ZIP_STORED for p in parts)
            or sum(p.file_size for p in parts) > os.fstat(f.fileno()).st_size):
        return ("a zip archive with compressed or overlapping parts, which "
                "torch.save never writes")
    return None


def what_is(start):
    """What a file is, from its first bytes, if it is surely not a file
    of torch.save (a zip archive, or an older pickle); else None."""
    kinds = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
             b"GIF8": "a GIF image", b"BM": "a BMP image",
             b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image",
             b"RIFF": "a WebP image (or another RIFF file)"}
    for magic, kind in kinds.items():
        if start.startswith(magic):
            return kind
    if not start:
        return "an empty file"
    if start.startswith((b"PK", b"\x80")):
        return None  # a zip archive or a pickle: torch.load decides
    if all(32 <= byte < 127 or byte in b"\t\r\n" for byte in start):
        return "a text file"
    return "a file of another kind"
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
    classes = checkpoint.get("classes", CIFAR10_CLASSES)
    if not (isinstance(classes, (list, tuple))
            and all(isinstance(name, str) for name in classes)):
        raise CannotPredict(f'its "classes" is a {type(classes).__name__}'
                            ", not a list of names")
    model = Decade().to(device)
    try:
        model.load_state_dict(state_dict)  # strict: every key and shape
    except Exception as exc:
        raise CannotPredict(
            f"not made for this network ({one_line(exc)})") from None
    if len(classes) != 10:
        raise CannotPredict(f"names {len(classes)} classes, the network has 10")
    if not all(torch.isfinite(t).all() for t in model.state_dict().values()):
        raise CannotPredict("its weights hold nan or inf (did the training "
                            "diverge?)")
    return model, list(classes)
# --8<-- [end:build_model]


# --8<-- [start:predict]
def predict(model, batch, k):
    """The k most likely (probabilities, class indices) for each image."""
    model.eval()  # inference behaviour of Dropout/BatchNorm, if any
    with torch.no_grad():  # no graph for backward: faster, less memory
        scores = model(batch)
    if not torch.isfinite(scores).all():
        raise CannotPredict("the network's output holds nan or inf")
    probabilities = scores.softmax(dim=1)  # 10 scores -> sum to 1
    return probabilities.topk(k, dim=1)
# --8<-- [end:predict]


# --8<-- [start:report]
def one_line(exc, limit=200):
    """An exception as one short line: no traceback, no line breaks."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split()).rstrip(":")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def printable(text):
    """Control characters (escape, newline, ...) shown as escapes: a file
    name or a class name must not move the cursor or recolour the
    terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def image_problem(path, exc):
    if isinstance(exc, CannotPredict):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, UnidentifiedImageError):
        if os.path.getsize(path) == 0:
            return "empty file (0 bytes)"
        return f"not an image ({', '.join(FORMATS)})"
    return f"cannot read the image ({one_line(exc)})"  # truncated, ...
# --8<-- [end:report]


# --8<-- [start:args]
class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse prints usage + message: 2 lines
        if "--checkpoint" in message:
            message += " (the file train.py saved, e.g. --checkpoint " \
                       "checkpoints/epoch_010.pt)"
        print(f"error: {message}; see --help", file=sys.stderr)
        sys.exit(2)


def parse_args():
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="+", help="PNG, JPEG, BMP, WebP...")
    parser.add_argument("--checkpoint", required=True,
                        help="a train.py checkpoint or a saved state_dict")
    parser.add_argument("--topk", type=int, default=1, choices=range(1, 11),
                        metavar="K",
                        help="show the K likeliest classes (default 1)")
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
        say(f"error: checkpoint {args.checkpoint}: {exc}", sys.stderr)
        return 2  # nothing can be predicted without a network

    failed = 0
    for path in args.images:
        try:
            batch = preprocess(load_image(path)).to(device)
            probabilities, indices = predict(model, batch, args.topk)
        except Exception as exc:  # one line per bad image, then go on
            say(f"error: {path}: {image_problem(path, exc)}", sys.stderr)
            failed += 1
            continue
        guesses = [f"{classes[i]} ({p:.1%})" for p, i in
                   zip(probabilities[0].tolist(), indices[0].tolist())]
        say(f"{path}: {', '.join(guesses)}", sys.stdout)
    return 1 if failed else 0


def say(line, stream):
    print(printable(line), file=stream)
# --8<-- [end:main]


# --8<-- [start:entry]
if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C: one line, not a traceback
        print("interrupted", file=sys.stderr)
        sys.exit(130)
# --8<-- [end:entry]
