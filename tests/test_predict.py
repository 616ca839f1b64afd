"""snippets/inference/predict.py, run the way a reader runs it:

    python snippets/inference/predict.py IMAGE [IMAGE ...] --checkpoint PATH

Every image format and Pillow mode the chapter promises, EXIF rotation, tiny and
40-megapixel images, and every failure: one line on stderr naming the file, a
non-zero exit code, the good images of the same call still predicted, never a
traceback, and never code run from a crafted checkpoint.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import runpy
import struct
import subprocess
import sys
import time
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


def run(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    env = runner.warm_python().env_for(ENV)
    return subprocess.run(["python", PREDICT, *map(str, args)], cwd=workdir,
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def predict():
    """predict.py's functions (load_image, preprocess, main, ...), imported
    without running its command line."""
    return runpy.run_path(str(ROOT / PREDICT), run_name="predict_under_test")


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
    training = runpy.run_path(str(model_py), run_name="model")["Decade"]()
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
    (workdir / "a_folder").mkdir()
    args = ["snippets/photos/cat.jpg", "missing.jpg", "empty.jpg", "notes.txt",
            "not_really.png", "truncated.jpg", "truncated.png", "huge.png", "a_folder",
            "snippets/photos/rocket.jpg"]

    proc = run(workdir, *args, "--checkpoint", ckpt)

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
        "notes.txt": "not an image (or a format Pillow cannot read)",
        "not_really.png": "not an image (or a format Pillow cannot read)",
        "truncated.jpg": "cannot read the image (OSError: image file is truncated",
        "truncated.png": "cannot read the image (OSError: image file is truncated",
        "huge.png": "cannot read the image (DecompressionBombWarning: Image size "
                    "(100000000 pixels) exceeds limit of 89478485 pixels",
        "a_folder": "cannot read the image (IsADirectoryError",
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


def bad_checkpoints(folder: Path, predict) -> dict[str, tuple[Path, str]]:
    good = save_checkpoint(folder / "good.pth", predict)
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
    return {
        "missing": (folder / "missing.pth", "no such file"),
        "truncated": (folder / "truncated.pth", "not a checkpoint (RuntimeError: "
                      "PytorchStreamReader failed reading zip archive"),
        "empty": (folder / "empty.pth", "not a checkpoint (EOFError)"),
        "text": (folder / "text.pth", "not a checkpoint ("),
        "random": (folder / "random.pth", "not a checkpoint ("),
        "crafted, pickle protocol 2": (folder / "crafted2.pth",
                                       "refused to unpickle posix.system"),
        "crafted, pickle protocol 4": (folder / "crafted4.pth",
                                       "not a checkpoint (Unsupported operand"),
        "folder": (folder, "not a checkpoint (IsADirectoryError"),
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
    path = header_only_png(tmp_path / "huge.png", 10_000, 10_000)
    with pytest.raises(Image.DecompressionBombWarning):
        predict["load_image"](path)
