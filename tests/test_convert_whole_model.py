"""snippets/inference/convert_whole_model.py: a whole model saved the notes'
way (torch.save(model), the class defined in the training script) becomes a
weights-only checkpoint that predict.py reads; anything else is refused with
one line, and no code from the file ever runs."""

from __future__ import annotations

import io
import os
import runpy
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import torch

from ptdocs import offline
from ptdocs.pages import ROOT

CONVERT = "snippets/inference/convert_whole_model.py"
# Files that are not the course's network (the course's own whole-model
# file comes from snippets/inference/save_whole_model.py, as on the page).
OTHER_FILES = """
import os, torch
from torch import nn
class Evil:
    def __reduce__(self):
        return (os.system, ("touch pwned",))
torch.save(Evil(), "evil.pth")
torch.save(nn.Sequential(nn.Linear(2, 2)), "other_net.pth")
torch.save({"weight": torch.ones(2)}, "plain_dict.pth")
open("garbage.pth", "w").write("not a torch file")
# The course's network with a module where its state_dict version number
# goes: state_dict() would carry it into the "weights only" output.
import sys
sys.path.insert(0, "snippets/training")   # the course's network, as train.py imports it
from model import Decade
decade = Decade()
object.__setattr__(decade, "_version", nn.Linear(1, 1))
torch.save(decade, "module_in_metadata.pth")
"""


@pytest.fixture(scope="module")
def python(warm_python, shell_env):
    """python(workdir, *args): the program run as a shell block runs it."""
    env = warm_python.env_for(shell_env)

    def run(workdir: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["python", *map(str, args)], cwd=workdir, env=env,
                              capture_output=True, text=True, timeout=300)
    return run


@pytest.fixture(scope="module")
def files(python):
    work = offline.make_workdir("convert")
    assert python(work, "snippets/inference/save_whole_model.py").returncode == 0
    assert python(work, "-c", OTHER_FILES).returncode == 0
    yield work
    shutil.rmtree(work, ignore_errors=True)


def test_whole_model_becomes_a_checkpoint_predict_reads(files, python):
    proc = python(files, CONVERT, "decade_9.pth", "new.pt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("decade_9.pth: the course's network (__main__.Decade in the file)"
                           " -> new.pt, weights only\n")
    converted = torch.load(files / "new.pt", weights_only=True)
    # the weights as pickled, read here without the converter
    module = runpy.run_path(str(ROOT / CONVERT), run_name="converter_under_test")
    allowed = [(module["Decade"], "__main__.Decade"), *module["LAYERS"]]
    with torch.serialization.safe_globals(allowed):
        expected = torch.load(files / "decade_9.pth", weights_only=True).state_dict()
    assert converted["model"].keys() == expected.keys()
    assert all(torch.equal(converted["model"][k], expected[k]) for k in expected)
    assert len(converted["classes"]) == 10
    predicted = python(files, "snippets/inference/predict.py", "snippets/photos/cat.jpg",
                       "--checkpoint", "new.pt")
    assert predicted.returncode == 0, predicted.stderr
    assert predicted.stdout.startswith("snippets/photos/cat.jpg: ")


@pytest.mark.parametrize("args, words", [
    (["evil.pth", "a.pt"], "evil.pth needs posix.system, which is not part of the "
                           "course's network: not converted"),
    (["other_net.pth", "a.pt"], "other_net.pth holds another network than the course's"),
    (["plain_dict.pth", "a.pt"], "plain_dict.pth holds a dict, not a whole model"),
    (["garbage.pth", "a.pt"], "garbage.pth is not a torch.save file"),
    (["missing.pth", "a.pt"], "no such file: missing.pth"),
    (["decade_9.pth", "plain_dict.pth"], "plain_dict.pth exists already; give a new name"),
    (["decade_9.pth"], "the following arguments are required: NEW.pt (usage: "
                       "convert_whole_model.py OLD.pth NEW.pt [--class NAME])"),
])
def test_anything_else_gets_one_line_and_writes_nothing(files, python, args, words):
    before = (files / "plain_dict.pth").read_bytes()
    proc = python(files, CONVERT, *args)
    assert proc.returncode == (2 if len(args) == 1 else 1) and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and words in proc.stderr, proc.stderr
    assert not (files / "a.pt").exists() and not (files / "pwned").exists()
    assert (files / "plain_dict.pth").read_bytes() == before


# --- crafted files: one line each, nothing written ---------------------------

@pytest.fixture(scope="module")
def convert():
    """The converter's main(argv), imported without running its command line."""
    return runpy.run_path(str(ROOT / CONVERT), run_name="converter_under_test")["main"]


def with_pickle(path: Path, pickled: bytes, like: bytes | None = None) -> Path:
    """A torch.save zip archive (like: the bytes of one) whose data.pkl is
    `pickled`: what a crafted file holds."""
    if like is None:
        buf = io.BytesIO()
        torch.save({}, buf)
        like = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(like)) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, pickled if info.filename.endswith("/data.pkl")
                         else src.read(info))
    return path


# Pickles that pass torch's own scan (every opcode known, no name outside
# its allowlist) and then break its unpickler in different ways.
CRAFTED = {
    "IndexError": b"\x80\x02R.",                               # REDUCE, empty stack
    "KeyError": b"\x80\x02h\x05.",                             # memo 5, never stored
    "AssertionError": b"\x80\x02K\x01Q.",                      # a persistent id of 1
    "TypeError": b"\x80\x02ccollections\nOrderedDict\nK\x01\x85R.",  # OrderedDict((1,))
}


def converted(convert, capsys, *argv) -> tuple[int, str, str]:
    try:
        convert([str(a) for a in argv])
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", CRAFTED)
def test_a_crafted_file_gets_one_line(kind, convert, capsys, tmp_path):
    old = with_pickle(tmp_path / "crafted.pth", CRAFTED[kind])
    code, out, err = converted(convert, capsys, old, tmp_path / "new.pt")
    assert (code, out) == (1, "") and err.count("\n") == 1, err
    assert err.startswith(f"error: {old} is not a "), err
    assert f"({kind}" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crafted.pth"]


def test_a_compressed_archive_is_refused_before_loading(files, convert, capsys, tmp_path):
    """torch.save never compresses; a compressed part (a zip bomb: kB on disk,
    gigabytes when loaded) is refused before torch reads the file, even when
    it holds the course's network."""
    with zipfile.ZipFile(files / "decade_9.pth") as src, \
            zipfile.ZipFile(tmp_path / "zipped.pth", "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), zipfile.ZIP_DEFLATED)
    old = tmp_path / "zipped.pth"
    code, out, err = converted(convert, capsys, old, tmp_path / "new.pt")
    assert (code, out, err) == (1, "", f"error: {old} is not a torch.save file (a zip archive "
                                "with compressed or overlapping parts, which torch.save never "
                                "writes)\n")
    assert not (tmp_path / "new.pt").exists()


@pytest.mark.timeout(60)
def test_many_class_names_are_refused_in_one_pass(convert, capsys, tmp_path):
    """A list of 3,000 classes all called Decade, each in a module of its own.
    Each is refused by name, at once; the old program tried them one at a time,
    loading the file again for each (minutes)."""
    names = b"".join(b"cm%d\nDecade\n" % i for i in range(3000))
    old = with_pickle(tmp_path / "many.pth", b"\x80\x02](" + names + b"e.")
    code, out, err = converted(convert, capsys, old, tmp_path / "new.pt")
    assert (code, out) == (1, "") and err == (
        f"error: {old} needs m0.Decade, m1.Decade, m10.Decade and 2997 more, which is not "
        "part of the course's network: not converted (your copy of it under another name? "
        "Then give that name: --class NAME)\n")


def test_the_course_class_only_under_the_course_names(files, convert, capsys, tmp_path):
    """The notes' Decade pickled from a module the course never had: refused,
    unless its name is given with --class."""
    pickled = (files / "decade_9.pth").read_bytes()
    with zipfile.ZipFile(io.BytesIO(pickled)) as z:
        data = z.read(next(n for n in z.namelist() if n.endswith("/data.pkl")))
    assert b"c__main__\nDecade\n" in data
    old = with_pickle(tmp_path / "elsewhere.pth",
                      data.replace(b"c__main__\nDecade\n", b"cevil\nDecade\n"), like=pickled)
    code, out, err = converted(convert, capsys, old, tmp_path / "new.pt")
    assert (code, out) == (1, "") and err.startswith(
        f"error: {old} needs evil.Decade, which is not part of the course's network"), err
    assert not (tmp_path / "new.pt").exists()
    code, out, err = converted(convert, capsys, old, tmp_path / "new.pt", "--class",
                               "evil.Decade")
    assert (code, err) == (0, "") and "(evil.Decade in the file)" in out
    assert torch.load(tmp_path / "new.pt", weights_only=True)["model"].keys()


def test_the_output_holds_weights_only(files, convert, capsys, tmp_path):
    """Whatever the input's objects carry (here a module as the version
    number that state_dict() copies into the dict's metadata), the output
    holds tensors and names only: it loads with weights_only=True and no
    allowlist."""
    code, out, err = converted(convert, capsys, files / "module_in_metadata.pth",
                               tmp_path / "new.pt")
    assert (code, err) == (0, ""), err
    assert torch.serialization.get_unsafe_globals_in_checkpoint(tmp_path / "new.pt") == []
    loaded = torch.load(tmp_path / "new.pt", weights_only=True)
    assert all(type(t) is torch.Tensor for t in loaded["model"].values())


def test_no_symlink_is_followed_and_a_full_disk_leaves_nothing(files, python, tmp_path):
    """A symlink at the old program's fixed temporary name stays untouched;
    on a full disk (files may not grow past 100 kB) nothing is left behind."""
    (files / "victim.txt").write_text("keep me\n")
    (files / "sym.pt.tmp").symlink_to(files / "victim.txt")
    proc = python(files, CONVERT, "decade_9.pth", "sym.pt")
    assert proc.returncode == 0, proc.stderr
    assert (files / "victim.txt").read_text() == "keep me\n"
    assert (files / "sym.pt.tmp").is_symlink()
    before = set(os.listdir(files))
    full = ("import resource, runpy, signal, sys\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))\n"
            "sys.argv = sys.argv[1:]\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n")
    proc = python(files, "-c", full, CONVERT, "decade_9.pth", "full.pt")
    assert (proc.returncode, proc.stdout) == (1, "") and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: cannot write full.pt ("), proc.stderr
    assert proc.stderr.endswith("; nothing written\n"), proc.stderr
    assert set(os.listdir(files)) == before


def test_ctrl_c_gets_one_line_and_leaves_nothing(files, python):
    """Ctrl-C (a real SIGINT) while the new file is written."""
    before = set(os.listdir(files))
    code = ("import os, runpy, signal, sys, torch\n"
            "def interrupted(*args, **kwargs):\n"
            "    os.kill(os.getpid(), signal.SIGINT)\n"
            "torch.save = interrupted\n"
            "sys.argv = sys.argv[1:]\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n")
    proc = python(files, "-c", code, CONVERT, "decade_9.pth", "stopped.pt")
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        130, "", "interrupted; nothing written\n")
    assert set(os.listdir(files)) == before


@pytest.mark.parametrize("new", ["", "new_folder/"])
def test_a_new_name_that_names_no_file_is_refused(files, convert, capsys, new):
    """Else the temporary file would go to the folder above (for "": the
    parent of the working directory), outside the output's folder."""
    code, out, err = converted(convert, capsys, files / "decade_9.pth", new)
    assert (code, out, err) == (2, "", f"error: {new!r} names no file; give one, such as "
                                "NEW.pt\n")
    assert not (ROOT / "new_folder").exists()
