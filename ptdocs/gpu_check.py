"""Check every GPU claim of the site on a real CUDA card, in one command.

    make gpu-check                  # a machine with an NVIDIA GPU: ~5 minutes
    make gpu-check ARGS=--dry-run   # anywhere: the same steps, on the CPU, tiny

1. pages: the GPU chapter in both languages (and tests/test_gpu.py) through
   the docs harness; on a GPU the blocks that need one run for real.
2. step: snippets/gpu/benchmark_step.py with the page's "numbers worth
   keeping" settings (batch 64, 50 steps).
3. train: ``train.py --device cuda`` for 2 epochs; a run stopped by SIGINT and
   resumed, compared with one never stopped; predict.py on the checkpoint on
   CUDA and on the CPU.
4. benchmark: the speed chapter's ``benchmark.py --device cuda --ablation``.

The stand-in CIFAR-10 has the real one's size (50,000 / 10,000 images; tiny
with --dry-run) in the real file format. Everything measured goes to
snippets/speed/results/gpu-<date>.json (--out elsewhere) and a summary is
printed. Without a CUDA device and without --dry-run it stops at once: nothing
that did not run on a GPU is called GPU-verified. Exit status 1 if a step
failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from ptdocs import ROOT

RESULTS = ROOT / "snippets" / "speed" / "results"
PAGES = ["docs/zh/gpu-training.md", "docs/en/gpu-training.md", "tests/test_gpu.py"]
PHOTOS = ["snippets/photos/cat.jpg", "snippets/photos/coffee.jpg",
          "snippets/photos/grace_hopper.jpg", "snippets/photos/rocket.jpg"]
# train.py as `python train.py ARGS`, with cuDNN's deterministic kernels
DETERMINISTIC = """\
import os, runpy, sys
import torch
torch.backends.cudnn.deterministic = True
torch.backends.cudnn.benchmark = False
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))
runpy.run_path(sys.argv[0], run_name="__main__")
"""
TARGET_IMG_S = 500_000   # issue 13: optimised training loop on an H100/H200
TARGET_SPEEDUP = 20


class Check:
    def __init__(self, args):
        self.args = args
        self.dry = args.dry_run
        self.deadline = time.monotonic() + args.time_limit
        self.work = Path(tempfile.mkdtemp(prefix="gpu-check-"))
        self.steps: dict[str, dict] = {}
        self.env = dict(os.environ)

    # --- running things ----------------------------------------------------
    def left(self) -> float:
        return max(1.0, self.deadline - time.monotonic())

    def run(self, cmd, cwd=None, env=None, name="") -> subprocess.CompletedProcess:
        start = time.monotonic()
        try:
            proc = subprocess.run([str(c) for c in cmd], cwd=cwd or self.work,
                                  env=env or self.env, capture_output=True, text=True,
                                  timeout=self.left())
        except subprocess.TimeoutExpired as exc:
            proc = subprocess.CompletedProcess(exc.cmd, -9, _text(exc.stdout),
                                               _text(exc.stderr) + "\n(time limit reached)")
        print(f"  {name or cmd[1]}: exit {proc.returncode} "
              f"in {time.monotonic() - start:.1f} s", flush=True)
        return proc

    def step(self, name, func):
        print(f"[{name}]", flush=True)
        start = time.monotonic()
        record = self.found = {"ok": False}   # a step fills it as it goes
        try:
            record.update(func())
        except StepFailed as exc:
            record["error"] = str(exc)
        except Exception as exc:  # record it and go on with the next step
            record["error"] = f"{type(exc).__name__}: {exc}"
        record["seconds"] = round(time.monotonic() - start, 1)
        self.steps[name] = record
        print(f"[{name}] {'ok' if record['ok'] else 'FAILED: ' + record['error']}"
              f" ({record['seconds']} s)", flush=True)

    # --- the data ----------------------------------------------------------
    def prepare(self):
        sys.path.insert(0, str(ROOT))
        from ptdocs import offline

        per_batch, test = (64, 100) if self.dry else (10_000, 10_000)
        offline.write_cifar10(self.work / "dataset", train_per_batch=per_batch,
                              test_images=test, seed=1)
        (self.work / "snippets").symlink_to(ROOT / "snippets", target_is_directory=True)
        site = str(offline.STARTUP)
        self.env.update({
            # ptdocs/startup/sitecustomize.py: no network, and
            # torchvision's md5 table pointed at the stand-in's files
            "PTDOCS_OFFLINE": "1", "PTDOCS_ROOT": str(ROOT),
            "PTDOCS_CIFAR_MD5": str(self.work / "dataset" / "cifar-10-batches-py" / "md5.json"),
            # (unchanged if it is there already: the tests' warm `python`
            # serves only callers with its own PYTHONPATH)
            "PYTHONPATH": os.pathsep.join(
                [site] + [p for p in self.env.get("PYTHONPATH", "").split(os.pathsep)
                          if p and p != site]),
            "MPLBACKEND": "Agg",
        })
        if self.dry:  # several tiny programs at once: one thread each
            self.env.setdefault("OMP_NUM_THREADS", "1")
        return 5 * per_batch, test

    # --- 1. the GPU chapter ------------------------------------------------
    def pages(self):
        report = self.work / "pages.xml"
        proc = self.run([self.args.python, "-m", "pytest", *PAGES, "-p", "no:cacheprovider",
                         "-n", "0", "-q", "-o", "junit_family=xunit1",
                         f"--junitxml={report}"], cwd=ROOT, env=os.environ,
                        name="pytest " + " ".join(PAGES))
        if not report.exists():
            raise StepFailed(f"pytest wrote no report: {_tail(proc.stdout + proc.stderr)}")
        cases = _junit(report)
        failed = [c["id"] for c in cases if c["outcome"] == "failed"]
        skipped = {c["id"]: c["reason"] for c in cases if c["outcome"] == "skipped"}
        gpu_skips = {k: v for k, v in skipped.items() if _needs_gpu(v)}
        ran_on_gpu = [c["id"] for c in cases if c["outcome"] == "passed"
                      and c["id"].split("::")[0] in PAGES[:2]]
        out = {"passed": sum(c["outcome"] == "passed" for c in cases),
               "xfailed": sum(c["outcome"] == "xfailed" for c in cases),
               "failed": failed, "skipped": skipped, "exit": proc.returncode}
        if failed or proc.returncode != 0:
            raise StepFailed(f"{len(failed)} failed ({', '.join(failed[:5])}); "
                             f"exit {proc.returncode}: {_tail(proc.stdout, 1500)}")
        if not self.dry and gpu_skips:
            raise StepFailed(f"skipped on a GPU machine: {gpu_skips}")
        if self.dry and not gpu_skips:
            raise StepFailed("no block waits for a GPU: the nvidia-smi blocks are gone?")
        out["blocks_run"] = len(ran_on_gpu)
        return {**out, "ok": True}

    # --- 2. the chapter's step benchmark ------------------------------------
    def step_benchmark(self):
        source = (ROOT / "snippets" / "gpu" / "benchmark_step.py").read_text(encoding="utf-8")
        batch, steps = (8, 2) if self.dry else (64, 50)   # the page: "use 64 and 50"
        source, n = re.subn(r"^BATCH_SIZE = \d+", f"BATCH_SIZE = {batch}", source, flags=re.M)
        source, m = re.subn(r"^STEPS = \d+", f"STEPS = {steps}", source, flags=re.M)
        if (n, m) != (1, 1):
            raise StepFailed("benchmark_step.py no longer sets BATCH_SIZE and STEPS")
        script = self.work / "benchmark_step.py"
        script.write_text(source, encoding="utf-8")
        proc = self.run([self.args.python, script], name="benchmark_step.py")
        if proc.returncode != 0:
            raise StepFailed(_tail(proc.stderr))
        found = {"output": proc.stdout.splitlines(), "batch": batch, "steps": steps}
        gpu = re.search(r"^CUDA \((.+)\): ([\d.]+) ms/step, (\d+) img/s$", proc.stdout, re.M)
        ratio = re.search(r"^GPU / CPU speed ratio: ([\d.]+)x$", proc.stdout, re.M)
        if not self.dry and not (gpu and ratio):
            raise StepFailed(f"no CUDA line: {_tail(proc.stdout)}")
        if gpu:
            found.update(gpu_ms=float(gpu[2]), gpu_img_s=int(gpu[3]), ratio=float(ratio[1]))
        return {**found, "ok": True}

    # --- 3. train.py, resume, predict.py --------------------------------------
    def train(self):
        """train.py as a reader runs it, for 2 epochs. Then the resume pair:
        a run stopped by SIGINT and resumed must end with the weights of a
        run never stopped. On CUDA, cuDNN's default backward kernels may add
        in a varying order, so even two unstopped runs differ (measured
        here too); the pair runs with torch.backends.cudnn.deterministic,
        and then the weights must be equal bit for bit."""
        device = "cpu" if self.dry else "cuda"
        # --dry-run: 4 tiny epochs, so that the SIGINT lands before the end
        epochs = 4 if self.dry else 2
        args = ["snippets/training/train.py", "--device", device, "--epochs", epochs,
                "--data", "dataset"] + (["--batch-size", 16, "--seed", 3] if self.dry else [])
        wrapper = self.work / "deterministic.py"
        wrapper.write_text(DETERMINISTIC, encoding="utf-8")
        plain = [self.args.python, *args]
        fixed = [self.args.python, wrapper, *args]

        def start(cmd, name):
            return subprocess.Popen([str(c) for c in cmd + [
                "--checkpoint-dir", f"ck_{name}", "--logdir", f"logs/{name}"]],
                cwd=self.work, env=self.env, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True)

        t0 = time.monotonic()
        runs = {"plain": start(plain, "plain"), "straight": start(fixed, "straight"),
                "stopped": start(fixed, "stopped")}
        stopped = runs["stopped"]
        first = self.work / "ck_stopped" / "epoch_001.pt"
        while not first.exists() and stopped.poll() is None and time.monotonic() < self.deadline:
            time.sleep(0.01)
        stopped.send_signal(signal.SIGINT)  # what Ctrl-C sends
        done = {name: proc.communicate(timeout=self.left()) for name, proc in runs.items()}
        print(f"  train.py (3 runs at once): exit "
              f"{', '.join(str(p.returncode) for p in runs.values())} "
              f"in {time.monotonic() - t0:.1f} s", flush=True)
        found = self.found
        found.update(device=device, epochs=epochs, stdout=done["plain"][0].splitlines(),
                     epoch_lines=[line for line in done["plain"][1].splitlines()
                                  if line.startswith("epoch ") and ": train loss" in line])
        for name in ("plain", "straight"):
            if runs[name].returncode != 0:
                raise StepFailed(f"train.py --device {device} ({name}): "
                                 f"{_tail(done[name][1])}")
        if stopped.returncode != 130:
            raise StepFailed(f"the SIGINT did not stop the run (exit {stopped.returncode}): "
                             f"{_tail(done['stopped'][1])}")
        found["interrupted"] = done["stopped"][1].strip().splitlines()[-1]
        resumed = self.run(fixed + ["--checkpoint-dir", "ck_stopped", "--logdir", "logs/stopped",
                                    "--resume"], name="train.py --resume")
        if resumed.returncode != 0:
            raise StepFailed(f"--resume: {_tail(resumed.stderr)}")
        found["resumed"] = [line for line in resumed.stdout.splitlines()
                            if line.startswith("resuming")]
        name = f"epoch_{epochs:03d}.pt"
        found["default_kernels_vs_deterministic"] = self.compare("plain", "straight", name)
        found["resumed_vs_straight"] = pair = self.compare("stopped", "straight", name)
        if not pair["bitwise_equal"]:
            raise StepFailed(f"resumed weights differ from the unstopped run's by "
                             f"{pair['max_relative_difference']:.2e} of the largest weight")
        return {"ok": True}

    def compare(self, first, second, name):
        import torch

        a, b = (torch.load(self.work / f"ck_{run}" / name, map_location="cpu",
                           weights_only=True) for run in (first, second))
        worst, equal = 0.0, True
        for key, x in a["model"].items():
            y = b["model"][key]
            equal &= torch.equal(x, y)
            worst = max(worst, ((x - y).abs().max() / x.abs().max()).item())
        return {"bitwise_equal": equal, "max_relative_difference": worst,
                "test_accuracy": [a["test_accuracy"], b["test_accuracy"]]}

    def predict(self):
        name = "epoch_004.pt" if self.dry else "epoch_002.pt"
        ckpt = self.work / "ck_plain" / name
        if not ckpt.exists():
            raise StepFailed(f"no checkpoint {ckpt.name}: the train step failed")
        cmd = [self.args.python, "snippets/inference/predict.py", *PHOTOS,
               "--checkpoint", ckpt, "--topk", 2]
        on_gpu = self.run(cmd, name="predict.py (CUDA if there is one)")
        # CUDA_VISIBLE_DEVICES="": torch sees no GPU, so predict.py takes the
        # CPU and loads the checkpoint with map_location="cpu"
        on_cpu = self.run(cmd, env={**self.env, "CUDA_VISIBLE_DEVICES": ""},
                          name="predict.py (CPU)")
        for proc in (on_gpu, on_cpu):
            if proc.returncode != 0:
                raise StepFailed(_tail(proc.stderr))
        gpu_lines, cpu_lines = on_gpu.stdout.splitlines(), on_cpu.stdout.splitlines()
        gpu, cpu = _guesses(gpu_lines), _guesses(cpu_lines)
        if len(gpu) != len(PHOTOS) or len(cpu) != len(PHOTOS):
            raise StepFailed(f"expected {len(PHOTOS)} lines: {gpu_lines} / {cpu_lines}")
        ties = []
        for photo, g, c in zip(PHOTOS, gpu, cpu):
            if g[0][0] == c[0][0]:
                continue
            # float rounding differs between devices: only a near tie
            # (top two within 0.2 points on both) may swap places
            if max(abs(g[0][1] - g[1][1]), abs(c[0][1] - c[1][1])) > 0.2:
                raise StepFailed(f"{photo}: CUDA says {g[0]}, the CPU says {c[0]}")
            ties.append(photo)
        return {"ok": True, "cuda": gpu_lines, "cpu": cpu_lines, "near_ties": ties}

    # --- 4. the speed chapter's benchmark ------------------------------------
    def benchmark(self):
        out = self.work / "benchmark.json"
        args = (["--device", "cpu", "--smoke", "--ablation"] if self.dry
                else ["--device", "cuda", "--ablation"])
        proc = self.run([self.args.python, "snippets/speed/benchmark.py", *args,
                         "--json", out], name="benchmark.py " + " ".join(args))
        if proc.returncode != 0 or not out.exists():
            raise StepFailed(f"exit {proc.returncode}: {_tail(proc.stderr or proc.stdout)}")
        result = json.loads(out.read_text())
        course, optimised = result["main"]
        found = {"ok": True, "command": "python snippets/speed/benchmark.py " + " ".join(args),
                 "output": proc.stdout.splitlines(), "result": result,
                 "optimised_train_img_s": optimised["train_img_s"],
                 "course_train_img_s": course["train_img_s"],
                 "speedup": result["speedup"], "train_speedup": result["train_speedup"]}
        found["targets_met"] = {
            f"optimised >= {TARGET_IMG_S:,} img/s": optimised["train_img_s"] >= TARGET_IMG_S,
            f"speedup >= {TARGET_SPEEDUP}x": result["train_speedup"] >= TARGET_SPEEDUP}
        return found


STEPS = {"pages": "pages", "step": "step_benchmark", "train": "train", "predict": "predict",
         "benchmark": "benchmark"}


class StepFailed(Exception):
    pass


def _text(data) -> str:
    if isinstance(data, bytes):
        return data.decode(errors="replace")
    return data or ""


def _tail(text: str, n: int = 600) -> str:
    text = " ".join(text.split())
    return text[-n:]


def _guesses(lines: list[str]) -> list[list[tuple[str, float]]]:
    """predict.py's 'photo: cat (53.9%), dog (18.8%)' lines as [(class, %)]."""
    return [[(m[1], float(m[2])) for m in re.finditer(r"(\w+) \(([\d.]+)%\)", line)]
            for line in lines]


def _needs_gpu(reason: str) -> bool:
    return bool(re.search(r"NVIDIA|GPU|显卡", reason))


def _junit(path: Path) -> list[dict]:
    cases = []
    for case in ET.parse(path).iter("testcase"):
        file = case.get("file") or case.get("classname", "").replace(".", "/")
        cid = f"{file}::{case.get('name')}"
        outcome, reason = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
                reason = child.get("message", "")
        cases.append({"id": cid, "outcome": outcome, "reason": reason})
    return cases


def machine(dry: bool) -> dict:
    import torch
    import torchvision

    found = {"device": "cpu" if dry else f"cuda:{torch.cuda.current_device()}",
             "torch": torch.__version__, "torchvision": torchvision.__version__,
             "python": sys.version.split()[0]}
    if not dry:
        props = torch.cuda.get_device_properties(0)
        found.update(gpu=torch.cuda.get_device_name(0), cuda=torch.version.cuda,
                     cudnn=torch.backends.cudnn.version(),
                     memory_gib=round(props.total_memory / 2**30, 1),
                     multiprocessors=props.multi_processor_count,
                     compute_capability=f"{props.major}.{props.minor}")
        smi = shutil.which("nvidia-smi")
        if smi:
            q = subprocess.run([smi, "--query-gpu=driver_version", "--format=csv,noheader"],
                               capture_output=True, text=True)
            found["driver"] = q.stdout.strip()
    # (the same reading of /proc/cpuinfo as the benchmark's own table)
    from ptdocs.runner import import_snippet

    found["cpu"] = import_snippet(ROOT / "snippets" / "speed" / "benchmark.py")["cpu_name"]()
    found["cpu_cores"] = os.cpu_count()
    return found


def summary(result: dict) -> str:
    m = result["machine"]
    dry = "(DRY RUN, CPU only: nothing here is GPU-verified) " if result["dry_run"] else ""
    lines = [f"gpu-check {dry}on {m.get('gpu', m['cpu'])}",
             f"torch {m['torch']}, torchvision {m['torchvision']}"
             + (f", CUDA {m['cuda']}, cuDNN {m['cudnn']}, driver {m.get('driver', '?')}"
                if "cuda" in m else "")]
    for name, step in result["steps"].items():
        lines.append(f"  {name:<10} {'ok' if step['ok'] else 'FAILED'}  ({step['seconds']} s)"
                     + ("" if step["ok"] else f"  {step['error'][:300]}"))
    st = result["steps"].get("step", {})
    if "gpu_img_s" in st:
        lines.append(f"one training step, batch {st['batch']}: GPU {st['gpu_ms']} ms "
                     f"({st['gpu_img_s']:,} img/s), {st['ratio']}x the CPU")
    tr = result["steps"].get("train", {})
    for key, text in (("resumed_vs_straight", "stopped + resumed vs never stopped "
                       "(deterministic cuDNN)"),
                      ("default_kernels_vs_deterministic", "default vs deterministic cuDNN, "
                       "both never stopped")):
        if key in tr:
            c = tr[key]
            lines.append(f"{text}: bitwise equal {c['bitwise_equal']}, max relative "
                         f"difference {c['max_relative_difference']:.1e}, test accuracy "
                         f"{c['test_accuracy'][0]:.4f} / {c['test_accuracy'][1]:.4f}")
    bench = result["steps"].get("benchmark", {})
    if "speedup" in bench:
        lines.append(f"benchmark: course {bench['course_train_img_s']:,.0f} img/s, optimised "
                     f"{bench['optimised_train_img_s']:,.0f} img/s training; "
                     f"{bench['train_speedup']:.1f}x training, {bench['speedup']:.1f}x "
                     "per epoch (test pass included)")
        lines += [f"  target {k}: {'met' if v else 'NOT met'}"
                  for k, v in bench["targets_met"].items()]
        lines += ["  " + line for line in bench["output"]
                  if re.match(r"(loop|-{10}|\S.*\d+\.\d\dx)", line)]
    lines.append(f"{result['wall_seconds']} s in all; results in {result['out']}")
    return "\n".join(lines)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dry-run", action="store_true",
                   help="run every step on the CPU at tiny sizes (checks the check)")
    p.add_argument("--out", type=Path, help="where to write the JSON (default "
                   "snippets/speed/results/gpu-<date>.json; gpu-check-dry-run.json "
                   "with --dry-run)")
    p.add_argument("--python", default=sys.executable,
                   help="the interpreter for the programs (default: this one)")
    p.add_argument("--steps", default=",".join(STEPS),
                   help=f"comma-separated steps to run (default: all of {','.join(STEPS)})")
    p.add_argument("--time-limit", type=float, default=450,
                   help="seconds for everything (default 450)")
    args = p.parse_args(argv)
    args.steps = args.steps.split(",")
    unknown = set(args.steps) - set(STEPS)
    if unknown:
        p.error(f"--steps: no step {', '.join(sorted(unknown))} (there are {', '.join(STEPS)})")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    import torch

    if not args.dry_run and not torch.cuda.is_available():
        print(f"gpu-check: torch {torch.__version__} sees no CUDA device here; "
              "nothing was checked (on a CPU, use --dry-run)", file=sys.stderr)
        return 2
    today = datetime.date.today().isoformat()
    out = args.out or (Path("gpu-check-dry-run.json") if args.dry_run
                       else RESULTS / f"gpu-{today}.json")
    start = time.monotonic()
    check = Check(args)
    try:
        print(f"[data] stand-in CIFAR-10 in {check.work}", flush=True)
        n_train, n_test = check.prepare()
        for name in args.steps:
            check.step(name, getattr(check, STEPS[name]))
    finally:
        shutil.rmtree(check.work, ignore_errors=True)
    bench = check.steps.get("benchmark", {})
    result = {
        "date": today, "dry_run": args.dry_run, "machine": machine(args.dry_run),
        "data": f"stand-in CIFAR-10, {n_train} train / {n_test} test images, real file format",
        "device": "cpu" if args.dry_run else "cuda",
        "gpu": None if args.dry_run else torch.cuda.get_device_name(0),
        "optimised_train_img_s": bench.get("optimised_train_img_s"),
        "speedup": bench.get("train_speedup"),
        "steps_run": args.steps,
        "ok": all(s["ok"] for s in check.steps.values()),
        "steps": check.steps,
        "wall_seconds": round(time.monotonic() - start, 1),
        "out": str(out),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summary(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
