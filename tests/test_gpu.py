"""What the GPU chapter promises but its page cannot show: CI has no GPU.

The page shows no benchmark output (timings are never exact), so its form is
checked here; the `.cuda()` style must stay runnable on CPU-only machines.
"""

from __future__ import annotations

import ast
import re

import pytest
import torch

from ptdocs.pages import ROOT
from ptdocs.runner import run_snippet

GPU = ROOT / "snippets" / "gpu"


def _guarded_by_cuda_check(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "torch.cuda.is_available()" in ast.unparse(node.test):
            return True
    return False


def test_cuda_calls_only_under_is_available():
    problems = []
    for path in sorted(GPU.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "cuda" and not _guarded_by_cuda_check(node, parents)):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not problems, f".cuda() outside `if torch.cuda.is_available():` at {problems}"


def test_benchmark_reports_what_it_measured(workdir):
    out = run_snippet(GPU / "benchmark_step.py", workdir)
    assert re.search(r"^torch \S+, batch \d+, \d+ timed steps$", out, re.M), out
    assert re.search(r"^CPU \(\d+ threads\): [\d.]+ ms/step, \d+ img/s$", out, re.M), out
    if torch.cuda.is_available():
        assert re.search(r"^CUDA \(.+\): [\d.]+ ms/step, \d+ img/s$", out, re.M), out
        assert re.search(r"^GPU / CPU speed ratio: [\d.]+x$", out, re.M), out
    else:
        assert out.rstrip().endswith("No CUDA GPU on this machine: CPU numbers only."), out


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_module_to_is_in_place_and_tensor_to_is_not_on_cuda():
    # The page shows this with a dtype (CI has no GPU); here with the device.
    model = torch.nn.Linear(3, 2)
    assert model.to("cuda") is model and model.weight.device.type == "cuda"
    t = torch.ones(3)
    moved = t.to("cuda")
    assert t.device.type == "cpu" and moved.device.type == "cuda"
