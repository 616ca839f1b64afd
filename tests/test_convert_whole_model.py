"""snippets/inference/convert_whole_model.py: a whole model saved the notes'
way (torch.save(model), the class defined in the training script) becomes a
weights-only checkpoint that predict.py reads; anything else is refused with
one line, and no code from the file ever runs."""

from __future__ import annotations

import runpy
import shutil
import subprocess
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
    (["decade_9.pth"], "usage: convert_whole_model.py OLD.pth NEW.pt"),
])
def test_anything_else_gets_one_line_and_writes_nothing(files, python, args, words):
    before = (files / "plain_dict.pth").read_bytes()
    proc = python(files, CONVERT, *args)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and words in proc.stderr, proc.stderr
    assert not (files / "a.pt").exists() and not (files / "pwned").exists()
    assert (files / "plain_dict.pth").read_bytes() == before
