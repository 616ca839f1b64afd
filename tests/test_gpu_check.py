"""ptdocs/gpu_check.py (`make gpu-check`): its dry run, every step on the CPU.

The real check needs an NVIDIA GPU and runs by hand (its results are
committed under snippets/speed/results/gpu-*.json); here the same code runs at
tiny sizes, so that the check itself cannot rot between two GPU sessions.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import torch

from ptdocs.pages import ROOT

RESULTS = ROOT / "snippets" / "speed" / "results"


@pytest.fixture
def gpu_check(warm_python, shell_env):
    # `python` is the harness's warm interpreter, for the check and for
    # every program it starts
    env = warm_python.env_for(shell_env)

    def run(*args) -> subprocess.CompletedProcess:
        return subprocess.run(["python", "-m", "ptdocs.gpu_check", "--python", "python",
                               *map(str, args)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return run


def test_dry_run_runs_every_step_on_the_cpu(tmp_path, gpu_check):
    """Every step but the first: the "pages" step runs the GPU chapter's two
    pages and tests/test_gpu.py with pytest, which this suite does itself
    (about 20 CPU seconds more for the same blocks). What that step checks on
    a GPU machine, that only the blocks that need a GPU skip on a CPU, is
    test_only_the_blocks_that_need_a_gpu_wait_for_one below."""
    out = tmp_path / "dry.json"
    proc = gpu_check("--dry-run", "--out", out, "--steps", "step,train,predict,benchmark")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["dry_run"] and result["device"] == "cpu" and result["gpu"] is None
    assert "DRY RUN, CPU only: nothing here is GPU-verified" in proc.stdout
    steps = result["steps"]
    assert list(steps) == ["step", "train", "predict", "benchmark"]
    assert all(step["ok"] for step in steps.values()), steps

    train = steps["train"]
    assert train["interrupted"].startswith("interrupted: saved ck_stopped/epoch_00")
    assert train["resumed"][0].startswith("resuming from ck_stopped/")
    assert train["resumed_vs_straight"]["bitwise_equal"]
    # on the CPU the default kernels are deterministic too
    assert train["default_kernels_vs_deterministic"]["bitwise_equal"]
    assert len(train["epoch_lines"]) == 4

    assert len(steps["predict"]["cuda"]) == 4 and not steps["predict"]["near_ties"]
    # benchmark.py --smoke --ablation: one row per step (torch.compile is
    # too slow for --smoke)
    bench = steps["benchmark"]
    assert [row["loop"] for row in bench["result"]["main"]] == ["course", "optimised"]
    names = [row["loop"] for row in bench["result"]["ablation"]]
    assert names[0] == "course" and "+ torch.compile" not in names
    for step in ("course + num_workers=2", "preloaded uint8", "+ channels_last",
                 "+ test bs 1024, inference_mode", "+ bf16 autocast",
                 "+ batch 256, lr 0.04"):
        assert step in names
    assert any(line.startswith("ablation (") for line in bench["output"])
    assert bench["output"][-1].startswith("speedup ")


def test_only_the_blocks_that_need_a_gpu_wait_for_one():
    """On a CPU, exactly the blocks of the GPU chapter whose skip reason says
    they need a GPU (nvidia-smi) skip, and the one CUDA test of test_gpu.py;
    the pages step of the GPU check fails on a GPU machine if any of them
    still skips (gpu_check._needs_gpu reads the same reasons)."""
    from ptdocs import gpu_check, markers, pages

    for lang in ("zh", "en"):
        page = pages.LANGUAGES[lang] / "gpu-training.md"
        waiting = [b.index for b in pages.extract(page)
                   if (reason := markers.skipped(b.marks)) and gpu_check._needs_gpu(reason)]
        assert waiting == [1], (lang, waiting)          # block 1: nvidia-smi
    source = (ROOT / "tests" / "test_gpu.py").read_text(encoding="utf-8")
    cuda_only = re.findall(r"@pytest\.mark\.skipif\(not torch\.cuda\.is_available\(\)[^\n]*\n"
                           r"def (\w+)", source)
    assert cuda_only == ["test_module_to_is_in_place_and_tensor_to_is_not_on_cuda"], cuda_only


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-GPU message")
def test_without_a_gpu_it_stops_with_one_line(tmp_path, gpu_check):
    proc = gpu_check("--out", tmp_path / "x.json")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "sees no CUDA device here; nothing was checked (on a CPU, use --dry-run)" \
        in proc.stderr
    assert not (tmp_path / "x.json").exists()


def test_committed_gpu_results_were_measured_on_a_gpu():
    full = json.loads((RESULTS / "gpu-2026-12-04.json").read_text())
    bench = json.loads((RESULTS / "gpu-2026-12-04-benchmark.json").read_text())
    for result in (full, bench):
        assert not result["dry_run"] and result["device"].startswith("cuda")
        assert result["gpu"] == "NVIDIA H200" and result["ok"]
        assert result["optimised_train_img_s"] > 0 and result["speedup"] > 1
    assert list(full["steps"]) == ["pages", "step", "train", "predict", "benchmark"]
    assert full["steps"]["pages"]["skipped"] == {}
    assert full["steps"]["train"]["resumed_vs_straight"]["bitwise_equal"]
    assert bench["steps_run"] == ["benchmark"]
