# --8<-- [start:table]
import json
import statistics
from pathlib import Path

import matplotlib.pyplot as plt

# What each ablation row changes one thing of (see ablation_loops() in
# benchmark.py): the first rows form a chain, later rows branch off its end.
CHAIN = ["course", "preloaded uint8", "+ channels_last",
         "+ test bs 1024, inference_mode"]


def base_of(name):
    if name in CHAIN:
        return CHAIN[max(CHAIN.index(name) - 1, 0)]
    return "course" if name.startswith("course") else CHAIN[-1]


def median_rows(runs, key):
    """Per loop, the median over runs of: img/s; img/s relative to the
    course loop and to the row it builds on, both taken within the same
    run (so load drift between runs cancels); accuracy; warm-up seconds
    (torch.compile compiles during the warm-up)."""
    out = {}
    for run in runs:
        by_name = {row["loop"]: row for row in run[key]}
        base = run[key][0]["epoch_img_s"]
        for row in run[key]:
            r = out.setdefault(row["loop"], {k: [] for k in (
                "train", "epoch", "ratio", "step", "acc", "warm")})
            r["train"].append(row["train_img_s"])
            r["epoch"].append(row["epoch_img_s"])
            r["ratio"].append(row["epoch_img_s"] / base)
            step = by_name.get(base_of(row["loop"]), run[key][0])
            r["step"].append(row["epoch_img_s"] / step["epoch_img_s"])
            r["warm"].append(row["warmup_s"])
            if row["accuracy"] is not None:
                r["acc"].append(row["accuracy"])
    return {name: {k: statistics.median(v) if v else None
                   for k, v in r.items()} for name, r in out.items()}


def show(title, rows, steps):
    print(f"\n{title}")
    print(f"{'loop':<31}{'train':>6}{'epoch':>6}{'ratio':>7}"
          + (f"{'step':>7}" if steps else "") + f"{'acc':>6}{'warm-up':>9}")
    for name, r in rows.items():
        acc = "-" if r["acc"] is None else f"{r['acc']:.1f}"
        step = f"{r['step']:>6.2f}x" if steps else ""
        print(f"{name:<31}{r['train']:>6.0f}{r['epoch']:>6.0f}"
              f"{r['ratio']:>6.2f}x{step}{acc:>6}{r['warm']:>8.1f}s")


def report(folder):
    """Three full runs of benchmark.py --json, committed as data."""
    runs = [json.loads(f.read_text())
            for f in sorted(Path(folder).glob("run*.json"))]
    first = runs[0]
    print(first["machine"])
    print(f"torch {first['torch']}, {first['threads']} thread(s), "
          f"median of {len(runs)} runs")
    loads = [float(r[k].split()[0]) for r in runs
             for k in ("loadavg_start", "loadavg_end")]
    print(f"load average (1 min) during the runs: {min(loads):.1f} to "
          f"{max(loads):.1f}")
    show("course vs optimised (img/s, test accuracy %, seconds)",
         median_rows(runs, "main"), False)
    speedups = sorted(r["speedup"] for r in runs)
    print("speedup per run: " + ", ".join(f"{s:.2f}" for s in speedups))
    ablation = median_rows(runs, "ablation")
    show("ablation: one step at a time", ablation, True)
    return first, runs, ablation


# the 2-core AMD EPYC (Zen 3)
first, runs, ablation = report("snippets/speed/results")
# --8<-- [end:table]

# --8<-- [start:figure]
names = list(ablation)
ratios = [ablation[n]["ratio"] for n in names]
# grey: the course; green: kept in the optimised loop; orange: not kept
colours = ["tab:gray" if n == "course" else
           "tab:green" if n in CHAIN else "tab:orange" for n in names]
fig, ax = plt.subplots(figsize=(8, 0.42 * len(names) + 1.3),
                       layout="constrained")
ax.barh(names, ratios, color=colours)
ax.axvline(1, color="black", linewidth=0.8)
ax.invert_yaxis()  # the course loop on top, steps in order below it
for y, (ratio, n) in enumerate(zip(ratios, names)):
    ax.text(ratio, y, f" {ratio:.2f}x ({ablation[n]['epoch']:.0f} img/s)",
            va="center")
ax.set_xlabel("whole-epoch speed relative to the course loop "
              "(same run; median of the runs)")
ax.set_xlim(0, max(ratios) * 1.45)
ax.set_title(f"{first['machine']}, torch {first['torch']}, "
             f"{first['threads']} thread(s): median of {len(runs)} runs",
             fontsize=10)
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/speed.png", dpi=80)
# --8<-- [end:figure]

# --8<-- [start:amx]
# the 2-core Intel Xeon with AMX and AVX512-BF16
report("snippets/speed/results/xeon-amx")
# --8<-- [end:amx]
