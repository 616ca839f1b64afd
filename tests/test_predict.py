"""snippets/inference/predict.py, run the way a reader runs it:

    python snippets/inference/predict.py IMAGE [IMAGE ...] --checkpoint PATH

Every image format and Pillow mode the chapter promises, EXIF rotation, tiny and
40-megapixel images, and every failure: one line on stderr naming the file, a
non-zero exit code, the good images of the same call still predicted, never a
traceback, and never code run from a crafted checkpoint.
"""

from __future__ import annotations

import io
import math
import os
import pickle
import re
import runpy
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from ptdocs import runner
from ptdocs.pages import ROOT
from ptdocs.runner import run_snippet

PREDICT = "snippets/inference/predict.py"
PHOTO = ROOT / "snippets" / "photos" / "cat.jpg"
CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
           "dog", "frog", "horse", "ship", "truck"]
GUESS = r"[a-z]+ \(\d{1,3}\.\d%\)"  # "cat (12.3%)"
# As in the page's shell blocks: deprecations fail the program, and `python`
# forks the harness's warm interpreter (ptdocs/warm_python.py).
ENV = runner.shell_env()


def run(workdir: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = runner.warm_python().env_for(ENV)
    return subprocess.run(["python", PREDICT, *map(str, args)], cwd=workdir,
                          env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def predict():
    """predict.py's functions (load_image, preprocess, main, ...), imported
    without running its command line."""
    return runner.import_snippet(ROOT / PREDICT)


def save_checkpoint(path: Path, predict, **extra) -> Path:
    """A checkpoint in train.py's format, from a seeded untrained network."""
    torch.manual_seed(0)
    model = predict["Decade"]()
    torch.save({"model": model.state_dict(), "optimizer": {"state": {}, "param_groups": []},
                "epoch": 0, "rng": torch.get_rng_state(), "classes": CLASSES, **extra}, path)
    return path


def small_photo() -> Image.Image:
    return Image.open(PHOTO).resize((64, 43))


def with_transparency(image: Image.Image) -> Image.Image:
    """RGBA whose left third is fully transparent and black underneath."""
    pixels = np.array(image.convert("RGBA"))
    pixels[:, : pixels.shape[1] // 3] = 0
    return Image.fromarray(pixels)


def write_good_images(folder: Path) -> list[str]:
    """One file per format and mode predict.py promises to read."""
    folder.mkdir(exist_ok=True)
    photo = small_photo()
    rgba = with_transparency(photo)
    gray16 = Image.fromarray(np.asarray(photo.convert("L")).astype(np.uint16) * 257)
    keyed = photo.convert("P")
    keyed.info["transparency"] = 0  # palette index 0 is transparent
    images = {
        "rgb.png": photo, "rgba.png": rgba, "la.png": rgba.convert("LA"),
        "p.png": photo.convert("P"), "p_transparent.png": keyed,
        "l.png": photo.convert("L"), "i16.png": gray16,
        "rgb.jpg": photo, "l.jpg": photo.convert("L"), "cmyk.jpg": photo.convert("CMYK"),
        "rgb.bmp": photo, "p.bmp": photo.convert("P"), "l.bmp": photo.convert("L"),
        "rgb.webp": photo, "rgba.webp": rgba,
        "one_pixel.png": photo.resize((1, 1)), "one_pixel.jpg": photo.resize((1, 1)),
    }
    for name, image in images.items():
        image.save(folder / name)
    modes = {name: Image.open(folder / name).mode for name in images}
    # The files really are in the modes the chapter lists.
    assert modes["i16.png"] == "I;16" and modes["cmyk.jpg"] == "CMYK", modes
    assert modes["p_transparent.png"] == "P" and modes["la.png"] == "LA", modes
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    photo.save(folder / "exif_rotated.jpg", exif=exif)
    return [f"{folder.name}/{name}" for name in [*images, "exif_rotated.jpg"]]


def write_40_megapixel_jpeg(path: Path) -> Path:
    """7680 x 5200 (39.9 MP) in well under a second: flat colour with a photo
    pasted in, so the encoder has little to do."""
    image = Image.new("RGB", (7680, 5200), (90, 120, 160))
    image.paste(Image.open(PHOTO), (3000, 2500))
    image.save(path, quality=70)
    return path


def header_only_png(path: Path, width: int, height: int) -> Path:
    """A tiny real PNG whose header claims width x height. Opening an image
    reads only its header, so this is all a decompression bomb needs."""
    buf = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    start = data.index(b"IHDR")  # chunk: length, b"IHDR", 13 bytes, crc
    data[start + 4:start + 12] = struct.pack(">II", width, height)
    data[start + 17:start + 21] = struct.pack(">I", zlib.crc32(data[start:start + 17]))
    path.write_bytes(bytes(data))
    return path


def test_network_matches_the_training_chapter(predict):
    """The checkpoint's keys and shapes come from snippets/training/model.py."""
    model_py = ROOT / "snippets" / "training" / "model.py"
    if not model_py.exists():
        pytest.skip("snippets/training/model.py is not written yet")
    training = runner.import_snippet(model_py)["Decade"]()
    ours = predict["Decade"]()
    assert ({k: v.shape for k, v in training.state_dict().items()}
            == {k: v.shape for k, v in ours.state_dict().items()})


def test_a_train_py_checkpoint_works(workdir, predict, monkeypatch, capsys):
    """The real thing: one epoch of snippets/training/train.py, then predict."""
    train_py = ROOT / "snippets" / "training" / "train.py"
    if not train_py.exists():
        pytest.skip("snippets/training/train.py is not written yet")
    run_snippet(train_py, workdir, ["--epochs", "1"])
    capsys.readouterr()
    ckpt = workdir / "checkpoints" / "epoch_001.pt"
    monkeypatch.setattr(sys, "argv", [PREDICT, str(PHOTO), "--checkpoint", str(ckpt),
                                      "--topk", "10"])
    assert predict["main"]() == 0
    out, err = capsys.readouterr()
    assert err == ""
    names = re.findall(r"([a-z]+) \(", out)
    assert sorted(names) == sorted(torch.load(ckpt, weights_only=True)["classes"])


def test_every_format_and_mode_is_predicted(workdir, predict):
    names = write_good_images(workdir / "images")
    big = write_40_megapixel_jpeg(workdir / "images" / "40mp.jpg")
    names.append("images/40mp.jpg")
    ckpt = save_checkpoint(workdir / "ckpt.pth", predict)

    start = time.perf_counter()
    proc = run(workdir, *names, "--checkpoint", ckpt, "--topk", "3")
    seconds = time.perf_counter() - start
    print(f"{len(names)} images incl. {big.stat().st_size / 1e6:.1f} MB 40 MP JPEG: "
          f"{seconds:.1f} s (interpreter start included)")

    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == names
    for line in lines:
        assert re.fullmatch(rf"\S+: {GUESS}, {GUESS}, {GUESS}", line), line
        percents = [float(p) for p in re.findall(r"\((\d+\.\d)%\)", line)]
        assert percents == sorted(percents, reverse=True), line
        assert all(name in CLASSES for name in re.findall(r"([a-z]+) \(", line)), line


def test_bad_images_get_one_line_each_and_good_ones_still_run(workdir, predict):
    ckpt = save_checkpoint(workdir / "ckpt.pth", predict)
    (workdir / "empty.jpg").write_bytes(b"")
    (workdir / "notes.txt").write_text("not a picture\n")
    (workdir / "not_really.png").write_text("not a picture either\n")
    data = PHOTO.read_bytes()
    (workdir / "truncated.jpg").write_bytes(data[: len(data) // 2])
    buf = io.BytesIO()
    Image.open(PHOTO).save(buf, "PNG")
    (workdir / "truncated.png").write_bytes(buf.getvalue()[: buf.tell() // 2])
    header_only_png(workdir / "huge.png", 10_000, 10_000)
    header_only_png(workdir / "tall.png", 1, 60_000_000)  # under Pillow's own limit
    (workdir / "a_folder").mkdir()
    os.mkfifo(workdir / "fifo.png")  # opening it waits for a writer: forever
    with open(workdir / "big.png", "wb") as fh:  # 1 x 1 pixels, 150 MB (sparse)
        Image.new("RGB", (1, 1)).save(fh, "PNG")
        fh.truncate(150_000_000)
    args = ["snippets/photos/cat.jpg", "missing.jpg", "empty.jpg", "notes.txt",
            "not_really.png", "truncated.jpg", "truncated.png", "huge.png", "tall.png",
            "a_folder", "fifo.png", "big.png", "snippets/photos/rocket.jpg"]

    proc = run(workdir, *args, "--checkpoint", ckpt, timeout=60)

    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    out = proc.stdout.splitlines()
    assert [line.split(": ")[0] for line in out] == [args[0], args[-1]]
    assert all(re.fullmatch(rf"\S+: {GUESS}", line) for line in out), out
    errors = proc.stderr.splitlines()
    assert len(errors) == len(args) - 2, proc.stderr
    expected = {
        "missing.jpg": "no such file",
        "empty.jpg": "empty file (0 bytes)",
        "notes.txt": "not an image (BMP, GIF, JPEG, PNG, PPM, TIFF, WEBP)",
        "not_really.png": "not an image (BMP, GIF, JPEG, PNG, PPM, TIFF, WEBP)",
        "truncated.jpg": "cannot read the image (OSError: image file is truncated",
        "truncated.png": "cannot read the image (OSError: image file is truncated",
        # refused before decoding: the file holds almost nothing of that
        "huge.png": "10000 x 10000 pixels, more than the 50,000,000 this program decodes",
        "tall.png": "1 x 60000000 pixels, more than the 50,000,000 this program decodes",
        "a_folder": "not a regular file (a folder, a FIFO, ...?)",
        "fifo.png": "not a regular file (a folder, a FIFO, ...?)",
        "big.png": "150,000,000 bytes, more than the 100,000,000 this program reads",
    }
    for line, (name, reason) in zip(errors, expected.items()):
        assert line.startswith(f"error: {name}: {reason}"), line


class WholeModel(nn.Module):
    """Stands for the notes' Decade, pickled whole with torch.save(model)."""

    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(2, 2)


class Payload:
    """Unpickling this runs a shell command: what a crafted checkpoint does."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"echo owned > '{self.marker}'",))


def compressed(source: Path, target: Path) -> Path:
    """source (a torch.save zip archive) with its parts compressed, as a zip
    bomb has them: a few kB that load as gigabytes. torch.load reads it."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), zipfile.ZIP_DEFLATED)
    return target


def bad_checkpoints(folder: Path, predict) -> dict[str, tuple[Path, str]]:
    good = save_checkpoint(folder / "good.pth", predict)
    compressed(good, folder / "compressed.pth")
    data = good.read_bytes()
    (folder / "truncated.pth").write_bytes(data[: len(data) // 2])
    (folder / "empty.pth").write_bytes(b"")
    (folder / "text.pth").write_text("hello, I am not a checkpoint\n")
    (folder / "random.pth").write_bytes(np.random.default_rng(0).bytes(4096))
    for protocol in (2, 4):  # 2 names its globals; 4 uses opcodes torch rejects
        with open(folder / f"crafted{protocol}.pth", "wb") as fh:
            pickle.dump(Payload(folder / "marker"), fh, protocol=protocol)
    wide = predict["Decade"]()
    wide.model[7] = nn.Linear(1024, 128)
    wide.model[8] = nn.Linear(128, 10)
    torch.save({"model": wide.state_dict(), "classes": CLASSES}, folder / "wider.pth")
    torch.save({"model": nn.Linear(3, 4).state_dict()}, folder / "other.pth")
    torch.save(WholeModel(), folder / "whole_model.pth")
    torch.save(torch.zeros(3), folder / "tensor.pth")
    save_checkpoint(folder / "five_names.pth", predict, classes=CLASSES[:5])
    save_checkpoint(folder / "no_names.pth", predict, classes=None)
    save_checkpoint(folder / "numbers.pth", predict, classes=list(range(10)))
    torch.manual_seed(0)
    nan = predict["Decade"]()
    with torch.no_grad():
        nan.model[7].bias[0] = math.nan
    torch.save({"model": nan.state_dict(), "classes": CLASSES}, folder / "nan.pth")
    expected = "(expected what train.py saves, such as checkpoints/epoch_010.pt, or a saved"
    return {
        "missing": (folder / "missing.pth", "no such file"),
        "truncated": (folder / "truncated.pth", "not a checkpoint (a damaged zip archive)"),
        # (decompressing before the check: a small file could take gigabytes)
        "compressed": (folder / "compressed.pth", "not a checkpoint (a zip archive with "
                       "compressed or overlapping parts, which torch.save never writes)"),
        "empty": (folder / "empty.pth", f"an empty file, not a checkpoint {expected}"),
        "text": (folder / "text.pth", f"a text file, not a checkpoint {expected}"),
        "random": (folder / "random.pth", f"a file of another kind, not a checkpoint {expected}"),
        "a photo": (PHOTO, f"a JPEG image, not a checkpoint {expected} state_dict)"),
        "classes None": (folder / "no_names.pth",
                         'its "classes" is a NoneType, not a list of names'),
        "classes not names": (folder / "numbers.pth",
                              'its "classes" is a list, not a list of names'),
        "nan weights": (folder / "nan.pth",
                        "its weights hold nan or inf (did the training diverge?)"),
        "crafted, pickle protocol 2": (folder / "crafted2.pth",
                                       "refused to unpickle posix.system"),
        "crafted, pickle protocol 4": (folder / "crafted4.pth",
                                       "not a checkpoint (Unsupported operand"),
        "folder": (folder, "not a regular file (a folder, a FIFO, ...?)"),
        "other shapes": (folder / "wider.pth", "not made for this network (RuntimeError: "
                         "Error(s) in loading state_dict for Decade: size mismatch for "
                         "model.7.weight"),
        "other keys": (folder / "other.pth", "not made for this network (RuntimeError: "
                       'Error(s) in loading state_dict for Decade: Missing key(s) in '
                       'state_dict: "model.0.weight"'),
        "whole model": (folder / "whole_model.pth", "refused to unpickle "
                        "tests.test_predict.WholeModel (weights_only=True"),
        "not a dict": (folder / "tensor.pth", "holds a Tensor, not a dict of weights"),
        "wrong names": (folder / "five_names.pth", "names 5 classes, the network has 10"),
    }


def test_bad_checkpoints_get_one_line(tmp_path, predict, monkeypatch, capsys):
    """In-process (main() itself) for speed; the subprocess path is the same code
    and is exercised by the other tests."""
    cases = bad_checkpoints(tmp_path, predict)
    for case, (path, reason) in cases.items():
        monkeypatch.setattr(sys, "argv", [PREDICT, str(PHOTO), "--checkpoint", str(path)])
        code = predict["main"]()
        out, err = capsys.readouterr()
        assert code == 2, case
        assert out == "", case
        assert err.count("\n") == 1 and "Traceback" not in err, (case, err)
        assert err.startswith(f"error: checkpoint {path}: {reason}"), (case, err)
    assert not (tmp_path / "marker").exists()


def test_a_bare_state_dict_works_too(tmp_path, predict, monkeypatch, capsys):
    """The notes' second way of saving: torch.save(model.state_dict(), path)."""
    torch.save(predict["Decade"]().state_dict(), tmp_path / "bare.pth")
    monkeypatch.setattr(sys, "argv", [PREDICT, str(PHOTO), "--checkpoint",
                                      str(tmp_path / "bare.pth")])
    assert predict["main"]() == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(rf"\S+: {GUESS}\n", out) and err == ""


def test_a_crafted_checkpoint_never_runs_code(workdir, predict):
    # The payload is real: plain pickle runs it.
    control = workdir / "control_marker"
    pickle.loads(pickle.dumps(Payload(control)))
    assert control.exists()

    marker = workdir / "marker"
    torch.save({"model": Payload(marker)}, workdir / "crafted.pth")
    proc = run(workdir, "snippets/photos/cat.jpg", "--checkpoint", "crafted.pth")

    assert proc.returncode == 2 and proc.stdout == ""
    assert re.fullmatch(r"error: checkpoint crafted\.pth: refused to unpickle "
                        r"(posix|nt)\.system \(weights_only=True\).*\n", proc.stderr)
    assert not marker.exists()


def test_exif_rotation_is_applied(tmp_path, predict):
    load, pre = predict["load_image"], predict["preprocess"]
    photo = small_photo()
    exif = Image.Exif()
    exif[0x0112] = 6  # displayed rotated 90° clockwise
    for ext in ("png", "jpg"):
        photo.save(tmp_path / f"tagged.{ext}", exif=exif, quality=95)
        photo.transpose(Image.Transpose.ROTATE_270).save(tmp_path / f"turned.{ext}",
                                                         quality=95)
        photo.save(tmp_path / f"plain.{ext}", quality=95)
        tagged = pre(load(tmp_path / f"tagged.{ext}"))
        turned = pre(load(tmp_path / f"turned.{ext}"))
        plain = pre(load(tmp_path / f"plain.{ext}"))
        assert load(tmp_path / f"tagged.{ext}").size == (43, 64)
        if ext == "png":  # lossless: exactly the same pixels
            assert torch.equal(tagged, turned)
        else:  # two JPEG encodings of the same picture
            assert (tagged - turned).abs().mean() < 0.02
        assert (tagged - plain).abs().mean() > 0.05


def test_transparent_pixels_become_white(tmp_path, predict):
    rgba = with_transparency(small_photo())
    keyed = small_photo().convert("P")
    keyed.paste(0, (0, 0, 64 // 3, 43))  # palette index 0 ...
    keyed.info["transparency"] = 0        # ... is the transparent one
    for name, image in {"rgba.png": rgba, "la.png": rgba.convert("LA"),
                        "keyed.png": keyed, "rgba.webp": rgba}.items():
        image.save(tmp_path / name, lossless=True)
        pixels = np.asarray(predict["load_image"](tmp_path / name))
        assert (pixels[:, :10] == 255).all(), name  # left third: transparent
    # convert("RGB") alone would show the hidden black instead.
    assert (np.asarray(Image.open(tmp_path / "rgba.png").convert("RGB"))[:, :10] == 0).all()


def test_sixteen_bit_gray_is_scaled_not_clipped(tmp_path, predict):
    ramp = np.linspace(0, 65535, 256).round().astype(np.uint16).reshape(1, 256)
    Image.fromarray(ramp.repeat(4, axis=0)).save(tmp_path / "ramp.png")
    assert Image.open(tmp_path / "ramp.png").mode == "I;16"
    pixels = np.asarray(predict["load_image"](tmp_path / "ramp.png"))
    assert pixels.shape == (4, 256, 3)
    assert (pixels[0, :, 0] == np.arange(256)).all()


def test_a_40_megapixel_jpeg_is_decoded_small(tmp_path, predict):
    """draft() lets libjpeg decode at 1/8 size: ~0.6 MP in memory, not 40 MP."""
    big = write_40_megapixel_jpeg(tmp_path / "big.jpg")
    start = time.perf_counter()
    image = predict["load_image"](big)
    batch = predict["preprocess"](image)
    seconds = time.perf_counter() - start
    print(f"40 MP JPEG -> {image.size} -> {tuple(batch.shape)} in {seconds:.2f} s")
    assert image.size == (960, 650)
    assert batch.shape == (1, 3, 32, 32)
    assert seconds < 20  # about 0.2 s on an idle 2-core machine


def test_too_many_pixels_are_refused_before_decoding(tmp_path, predict):
    """Header-only files: decoding them would allocate what the header claims."""
    for name, width, height in [("huge.png", 10_000, 10_000), ("tall.png", 1, 60_000_000)]:
        path = header_only_png(tmp_path / name, width, height)
        with pytest.raises(predict["CannotPredict"], match=f"^{width} x {height} pixels, more "
                           "than the 50,000,000 this program decodes$"):
            predict["load_image"](path)


GRAY = 141  # RGB (100, 150, 200) as 8-bit gray


def every_mode() -> dict[str, tuple[Image.Image, tuple | None]]:
    """An image in each Pillow mode, with the RGB it shows (None: no known
    scale, to be refused)."""
    colour = Image.new("RGB", (8, 8), (100, 150, 200))
    shown = (100, 150, 200)
    images = {mode: (colour.convert(mode), shown)
              for mode in ("RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "LAB", "HSV", "P",
                           "PA")}
    gray = (GRAY,) * 3
    images.update({mode: (colour.convert(mode), gray) for mode in ("L", "LA", "La")})
    images["1"] = (Image.new("1", (8, 8), 1), (255, 255, 255))
    for mode in ("I;16", "I;16L", "I;16B", "I;16N"):  # 16 bits: 141 * 257
        images[mode] = (Image.new(mode, (8, 8), GRAY * 257), gray)

    def wide(mode, value):
        dtype = np.float32 if mode == "F" else np.int32
        return Image.fromarray(np.full((8, 8), value, dtype), mode)

    images.update({
        "I (0..255)": (wide("I", GRAY), gray),
        "I (0..65535)": (wide("I", GRAY * 257), gray),
        "I (negative)": (wide("I", -5), None),
        "I (beyond 16 bits)": (wide("I", 70_000), None),
        "F (0..1)": (wide("F", GRAY / 255), gray),
        "F (0..255)": (wide("F", float(GRAY)), gray),
        "F (nan)": (wide("F", math.nan), None),
        "F (beyond 255)": (wide("F", 300.0), None),
    })
    assert {image.mode for image, _ in images.values()} == set(Image.MODES)
    return images


def test_every_pillow_mode_is_converted_or_refused(predict):
    """Never silently black: the colour each mode holds, or CannotPredict."""
    for name, (image, shown) in every_mode().items():
        if shown is None:
            with pytest.raises(predict["CannotPredict"], match="no known scale"):
                predict["to_rgb"](image)
            continue
        rgb = predict["to_rgb"](image)
        assert rgb.mode == "RGB" and rgb.size == image.size, name
        mean = np.asarray(rgb).reshape(-1, 3).mean(axis=0)  # (P dithers)
        assert np.abs(mean - shown).max() <= 4, (name, mean, shown)


def test_float_and_32_bit_tiffs_are_read_at_their_scale(tmp_path, predict):
    """Mode F (floats from 0 to 1) and I (8-bit values in 32 bits): as files."""
    for name, values in [("f.tif", np.full((8, 8), GRAY / 255, np.float32)),
                         ("i.tif", np.full((8, 8), GRAY, np.int32))]:
        Image.fromarray(values).save(tmp_path / name)
        assert Image.open(tmp_path / name).mode == name[0].upper()
        pixels = np.asarray(predict["load_image"](tmp_path / name))
        assert (pixels == GRAY).all(), (name, pixels[0, 0])


def test_a_file_beyond_the_byte_budget_is_refused(tmp_path, predict):
    with open(tmp_path / "big.png", "wb") as fh:  # a 1-pixel PNG, then zeros
        Image.new("RGB", (1, 1)).save(fh, "PNG")
        fh.truncate(150_000_000)
    with pytest.raises(predict["CannotPredict"], match="^150,000,000 bytes, more than"):
        predict["load_image"](tmp_path / "big.png")


def test_class_names_and_file_names_reach_the_terminal_escaped(tmp_path, predict,
                                                               monkeypatch, capsys):
    """Escape sequences (colours, cursor moves) and line breaks in a
    checkpoint's class names or in a file name are shown, not obeyed."""
    names = ["\x1b[31mred", "two\nlines", "bell\x07", "\u202eevil"] + CLASSES[4:]
    ckpt = save_checkpoint(tmp_path / "names.pth", predict, classes=names)
    shutil.copy(PHOTO, tmp_path / "cat\x1b[2J.jpg")
    monkeypatch.setattr(sys, "argv", [PREDICT, str(tmp_path / "cat\x1b[2J.jpg"),
                                      "--checkpoint", str(ckpt), "--topk", "10"])
    assert predict["main"]() == 0
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1, out
    assert all(c.isprintable() for c in out[:-1]), repr(out)
    for shown in ["cat\\x1b[2J.jpg: ", "\\x1b[31mred (", "two\\nlines (", "bell\\x07 (",
                  "\\u202eevil ("]:
        assert shown in out, (shown, out)


def test_a_network_whose_output_is_not_finite_predicts_nothing(tmp_path, predict,
                                                              monkeypatch, capsys):
    """Finite but huge weights: the scores overflow to inf, softmax gives nan."""
    torch.manual_seed(0)
    model = predict["Decade"]()
    with torch.no_grad():
        model.model[7].bias.fill_(10.0)
        model.model[8].weight.fill_(3e38)
    torch.save({"model": model.state_dict(), "classes": CLASSES}, tmp_path / "huge.pth")
    monkeypatch.setattr(sys, "argv", [PREDICT, str(PHOTO), "--checkpoint",
                                      str(tmp_path / "huge.pth")])
    assert predict["main"]() == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"error: {PHOTO}: the network's output holds nan or inf\n")


def test_a_fifo_as_the_checkpoint_is_refused_at_once(workdir):
    """Opening a FIFO for reading waits for a writer: here there is none."""
    os.mkfifo(workdir / "fifo.pth")
    proc = run(workdir, "snippets/photos/cat.jpg", "--checkpoint", "fifo.pth", timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2, "", "error: checkpoint fifo.pth: not a regular file (a folder, a FIFO, ...?)\n")


# `python -c CTRL_C predict.py ARGS`: Ctrl-C (a real SIGINT) while the first
# image is decoded
CTRL_C = ("import os, runpy, signal, sys\n"
          "from PIL import Image\n"
          "def interrupted(*args, **kwargs):\n"
          "    os.kill(os.getpid(), signal.SIGINT)\n"
          "Image.Image.load = interrupted\n"
          "sys.argv = sys.argv[1:]\n"
          "runpy.run_path(sys.argv[0], run_name='__main__')\n")


def test_ctrl_c_gets_one_line(workdir, predict, tmp_path):
    ckpt = save_checkpoint(tmp_path / "good.pth", predict)
    env = runner.warm_python().env_for(ENV)
    proc = subprocess.run(["python", "-c", CTRL_C, PREDICT, "snippets/photos/cat.jpg",
                           "--checkpoint", ckpt], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (130, "", "interrupted\n")


def test_the_command_line_in_one_line(predict, monkeypatch, capsys):
    """--help names --topk's default; a missing --checkpoint is one line that
    says what to give, not argparse's usage line plus the error."""
    monkeypatch.setattr(sys, "argv", [PREDICT, "--help"])
    with pytest.raises(SystemExit) as stopped:
        predict["parse_args"]()
    out = " ".join(capsys.readouterr().out.split())
    assert stopped.value.code == 0
    assert "--topk K show the K likeliest classes (default 1)" in out, out
    monkeypatch.setattr(sys, "argv", [PREDICT, "cat.jpg"])
    with pytest.raises(SystemExit) as stopped:
        predict["parse_args"]()
    assert (stopped.value.code, capsys.readouterr()) == (2, (
        "", "error: the following arguments are required: --checkpoint (the file train.py "
        "saved, e.g. --checkpoint checkpoints/epoch_010.pt); see --help\n"))


def test_the_top_figure_shows_every_label_whole(monkeypatch):
    """The page's first picture (show_prediction.py): each panel with its
    titles, ticks and axis labels lies inside the picture, and no two panels
    overlap (a long axis label used to run off the right edge: "untrained
    netwo")."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    saved = []
    monkeypatch.setattr(Figure, "savefig", lambda fig, *a, **k: saved.append(fig))
    monkeypatch.chdir(ROOT)
    runpy.run_path(str(ROOT / "snippets" / "inference" / "show_prediction.py"))
    (fig,) = saved
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)  # lays the panels out, as saving does
    page = fig.bbox.padded(1)
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes]
    assert len(boxes) == 12
    for i, box in enumerate(boxes):
        assert page.contains(box.x0, box.y0) and page.contains(box.x1, box.y1), (i, box)
        assert not any(box.overlaps(other) for other in boxes[i + 1:]), i
