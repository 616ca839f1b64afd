# --8<-- [start:table]
import json
import statistics
from pathlib import Path

import matplotlib.pyplot as plt

# Three full runs of benchmark.py --json, committed as data
files = sorted(Path("snippets/speed/results").glob("run*.json"))
runs = [json.loads(f.read_text()) for f in files]
first = runs[0]
print(f"{first['machine']}, torch {first['torch']}, "
      f"{first['threads']} thread(s), median of {len(runs)} runs")
loads = [float(r[k].split()[0]) for r in runs
         for k in ("loadavg_start", "loadavg_end")]
print(f"load average (1 min) during the runs: {min(loads):.1f} to "
      f"{max(loads):.1f}")


def median_rows(key):
    """Per loop: median over runs of img/s, ratio to course, accuracy
    and warm-up seconds (torch.compile compiles during the warm-up)."""
    out = {}
    for run in runs:
        base = run[key][0]["epoch_img_s"]
        for row in run[key]:
            r = out.setdefault(row["loop"], {"train": [], "epoch": [],
                                             "ratio": [], "acc": [],
                                             "warm": []})
            r["train"].append(row["train_img_s"])
            r["epoch"].append(row["epoch_img_s"])
            r["ratio"].append(row["epoch_img_s"] / base)
            r["warm"].append(row["warmup_s"])
            if row["accuracy"] is not None:
                r["acc"].append(row["accuracy"])
    return {name: {k: statistics.median(v) if v else None
                   for k, v in r.items()} for name, r in out.items()}


def show(title, rows):
    print(f"\n{title}")
    print(f"{'loop':<31}{'train':>6}{'epoch':>6}{'ratio':>7}{'acc':>6}"
          f"{'warm-up':>9}")
    for name, r in rows.items():
        acc = "-" if r["acc"] is None else f"{r['acc']:.1f}"
        print(f"{name:<31}{r['train']:>6.0f}{r['epoch']:>6.0f}"
              f"{r['ratio']:>6.2f}x{acc:>6}{r['warm']:>8.1f}s")


main = median_rows("main")
show("course vs optimised (img/s, test accuracy %, seconds)", main)
speedups = sorted(r["speedup"] for r in runs)
print("speedup per run: " + ", ".join(f"{s:.2f}" for s in speedups))
ablation = median_rows("ablation")
show("ablation: one step at a time", ablation)
# --8<-- [end:table]

# --8<-- [start:figure]
names = list(ablation)
rates = [ablation[n]["epoch"] for n in names]
colours = ["tab:gray" if n.startswith("course") else "tab:blue"
           for n in names]
fig, ax = plt.subplots(figsize=(8, 0.42 * len(names) + 1.2),
                       layout="constrained")
ax.barh(names, rates, color=colours)
ax.invert_yaxis()  # the course loop on top, steps in order below it
for y, (rate, n) in enumerate(zip(rates, names)):
    ax.text(rate, y, f" {ablation[n]['ratio']:.2f}x", va="center")
ax.set_xlabel("images per second, whole epoch (train + test pass)")
ax.set_xlim(0, max(rates) * 1.2)
ax.set_title(f"{first['machine']}, torch {first['torch']}, "
             f"{first['threads']} thread(s): median of {len(runs)} runs",
             fontsize=10)
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/speed.png", dpi=80)
# --8<-- [end:figure]
