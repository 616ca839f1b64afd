"""snippets/speed/benchmark.py: output format, bad arguments, and that the
optimised loop computes what the course loop computes.

Timings are never asserted here (a timed assertion is not a benchmark);
the speed claims on the page come from the committed full runs under
snippets/speed/results/.
"""

from __future__ import annotations

import json
import re
import runpy

import pytest
import torch
import torchvision

from ptdocs.pages import ROOT
from ptdocs.runner import run_snippet

BENCH = ROOT / "snippets" / "speed" / "benchmark.py"
RESULTS = ROOT / "snippets" / "speed" / "results"
TABLE_HEAD = re.compile(r"^loop\s+train img/s\s+epoch img/s\s+vs course\s+test acc")
ROW = re.compile(r"^(?P<name>.+?)\s+(?P<train>\d+)\s+(?P<epoch>\d+)\s+"
                 r"(?P<ratio>\d+\.\d\d)x\s+(?P<acc>\d+\.\d%|-)\s+\d+\.\d$")


@pytest.fixture(scope="module")
def bench():
    """benchmark.py's functions, without running its command line."""
    return runpy.run_path(str(BENCH), run_name="benchmark_under_test")


def rows(lines, after):
    """Table rows printed under the table whose title starts with `after`."""
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    assert TABLE_HEAD.match(lines[start + 1]), lines[start + 1]
    out = []
    for line in lines[start + 3:]:
        m = ROW.match(line)
        if not m:
            break
        out.append(m)
    return out


def test_smoke_run_prints_machine_tables_and_speedup(workdir):
    out = run_snippet(BENCH, workdir, ["--smoke", "--json", "r.json"])
    lines = out.splitlines()
    assert re.fullmatch(r"speedup \d+\.\d\d", lines[-1]), lines[-1]
    assert lines[0].startswith("machine: ")
    assert re.match(r"torch \S+, device cpu, threads \d+$", lines[1])
    assert any(line.startswith("load average at start: ") for line in lines)
    assert any(line.startswith("load average at end: ") for line in lines)
    assert any(line.startswith("course: PIL+ToTensor DataLoader(bs=64")
               for line in lines)
    assert any(line.startswith("optimised: preloaded uint8") for line in lines)
    table = rows(lines, "course vs optimised")
    assert [m["name"] for m in table] == ["course", "optimised"]
    assert table[0]["ratio"] == "1.00"

    result = json.loads((workdir / "r.json").read_text())
    assert [r["loop"] for r in result["main"]] == ["course", "optimised"]
    assert f"{result['speedup']:.2f}" == lines[-1].split()[1]
    assert "ablation" not in result


def test_the_gpu_ablation_steps_end_at_the_optimised_loop(bench):
    """On a GPU every ablation step builds on the one before, and the last step
    is exactly the optimised loop of the side-by-side table (no GPU needed to
    build the list)."""
    loops = bench["ablation_loops"](torch.device("cuda"), True)
    _, optimised = bench["main_loops"](torch.device("cuda"), True)
    last = next(loop for loop in loops if loop.name == "+ CUDA graphs")
    assert bench["replace"](last, name=optimised.name) == optimised


@pytest.mark.parametrize("args, message", [
    (["--images", "0"], "--images must be at least 1"),
    (["--epochs", "-1"], "--epochs must be at least 1"),
    (["--device", "tpu"], "argument --device: invalid choice"),
    (["--data", "no/such/folder"], "--data no/such/folder: no such folder"),
    (["--threads", "-2"], "--threads must be 0 (default) or more"),
    (["--images", "many"], "argument --images: invalid int value"),
])
def test_bad_arguments_give_one_line_and_exit_2(workdir, capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        run_snippet(BENCH, workdir, args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-GPU message")
def test_cuda_without_a_gpu_is_a_clear_error(workdir, capsys):
    with pytest.raises(SystemExit):
        run_snippet(BENCH, workdir, ["--device", "cuda"])
    assert "no CUDA device is available" in capsys.readouterr().err


def test_preloaded_batches_equal_to_tensor(bench, workdir):
    """The optimised input is bit for bit the course's ToTensor input."""
    root = str(workdir / "dataset")
    images, labels = bench["preload"](root, True, torch.device("cpu"))
    train, _ = bench["course_datasets"](root)
    idx = torch.tensor([5, 0, 1999, 42])
    for channels_last in (False, True):
        loop = bench["Loop"]("t", data="uint8", channels_last=channels_last)
        batch = bench["to_input"](images[idx], loop)
        assert batch.is_contiguous(
            memory_format=torch.channels_last if channels_last
            else torch.contiguous_format)
        expected = torch.stack([train[i][0] for i in idx.tolist()])
        assert torch.equal(batch, expected)
        assert labels[idx].tolist() == [train[i][1] for i in idx.tolist()]


def test_both_test_passes_count_the_same_correct_answers(bench, workdir):
    root = str(workdir / "dataset")
    torch.manual_seed(0)
    model = bench["make_model"]()
    loss_fn = torch.nn.CrossEntropyLoss()
    course, fast = bench["main_loops"](torch.device("cpu"), False)
    train, test = bench["course_datasets"](root)
    _, loader = bench["course_loaders"](train, test, course, 64, 130,
                                        torch.Generator().manual_seed(0))
    by_course = bench["course_test"](model, loader, loss_fn, torch.device("cpu"))
    data = bench["preload"](root, False, torch.device("cpu"))
    model_cl = model.to(memory_format=torch.channels_last)
    by_fast = bench["fast_test"](model_cl, data, loss_fn, fast, 130)
    # channels_last may round differently: allow one tie to flip
    assert abs(by_course - by_fast) <= 1


def test_epoch_order_covers_the_data_before_repeating(bench):
    order = bench["epoch_order"](10, 25, torch.Generator().manual_seed(0))
    assert len(order) == 25
    assert sorted(order[:10].tolist()) == list(range(10))
    assert sorted(order[10:20].tolist()) == list(range(10))


@pytest.mark.parametrize("n_images", [20, 25, 7])
def test_both_loops_see_the_images_in_the_same_order(bench, n_images):
    """Same seed, same shuffles, epoch after epoch: so the accuracies of the
    two loops differ only by what the optimisations change."""
    data = list(range(10))
    sampler_gen = torch.Generator().manual_seed(3)
    fast_gen = torch.Generator().manual_seed(3)
    sampler = torch.utils.data.RandomSampler(data, num_samples=n_images,
                                             generator=sampler_gen)
    for _ in range(3):
        assert list(sampler) == bench["epoch_order"](10, n_images,
                                                     fast_gen).tolist()


def test_course_sampler_cycles_like_the_fast_loop(bench, workdir):
    train, test = bench["course_datasets"](str(workdir / "dataset"))
    course = bench["Loop"]("course")
    train_loader, test_loader = bench["course_loaders"](
        train, test, course, 5000, 1200, torch.Generator().manual_seed(0))
    assert len(train_loader.sampler) == 5000
    assert len(test_loader.sampler) == 1200
    assert isinstance(train.transform, torchvision.transforms.ToTensor)


@pytest.mark.parametrize("folder", [RESULTS, RESULTS / "xeon-amx"], ids=["zen3", "xeon-amx"])
def test_committed_results_are_three_full_runs_of_the_same_command(folder):
    runs = [json.loads(p.read_text()) for p in sorted(folder.glob("run*.json"))]
    assert len(runs) == 3
    for run in runs:
        assert not run["args"]["smoke"]
        assert run["args"] == {**runs[0]["args"], "json": run["args"]["json"]}
        assert [r["loop"] for r in run["main"]] == ["course", "optimised"]
        assert run["ablation"][0]["loop"] == "course"
        assert run["torch"] == runs[0]["torch"]
        assert run["machine"] == runs[0]["machine"]
