# --8<-- [start:table]
import json
import math
from pathlib import Path

# make gpu-check, run on an NVIDIA H200; its benchmark step was run again
# after a fix (see the speed chapter), and that run is this file
path = Path("snippets/speed/results/gpu-2026-12-04-benchmark.json")
check = json.loads(path.read_text())
m = check["machine"]
bench = check["steps"]["benchmark"]["result"]
print(f"{m['gpu']}, CUDA {m['cuda']}, cuDNN {m['cudnn']}, "
      f"torch {m['torch']}, driver {m['driver']}")
images, test_images = bench["args"]["images"], bench["args"]["test_images"]
print(f"{images:,} train + {test_images:,} test images an epoch "
      "(stand-in data), median of 3 epochs")

# Each step builds on the row before it; the other rows branch off.
CHAIN = ["course", "preloaded uint8", "+ channels_last",
         "+ test bs 1024, inference_mode", "+ bf16 autocast",
         "+ batch 2048, lr 0.04", "+ cudnn.benchmark", "+ CUDA graphs"]
rows = {row["loop"]: row for row in bench["ablation"]}
total = rows[CHAIN[-1]]["train_img_s"] / rows["course"]["train_img_s"]
print(f"\n{'loop':<33}{'train img/s':>12}{'ratio':>8}{'step':>7}"
      f"{'share':>7}{'acc':>7}")
for name, row in rows.items():
    if name in CHAIN:
        base = rows[CHAIN[max(CHAIN.index(name) - 1, 0)]]
    else:  # a side step: from the course, or from the last step
        base = rows["course" if name.startswith("course") else CHAIN[-1]]
    ratio = row["train_img_s"] / rows["course"]["train_img_s"]
    step = row["train_img_s"] / base["train_img_s"]
    # share of the whole gain, on a log scale (the shares add up to 100%)
    share = (f"{round(100 * math.log(step) / math.log(total))}%"
             if name in CHAIN[1:] else "")
    print(f"{name:<33}{row['train_img_s']:>12,.0f}{ratio:>7.1f}x"
          f"{step:>6.2f}x{share:>7}{row['accuracy']:>6.1f}%")
course, optimised = bench["main"]
print(f"\ncourse vs optimised, side by side: {course['train_img_s']:,.0f} "
      f"vs {optimised['train_img_s']:,.0f} img/s training, "
      f"{bench['train_speedup']:.1f}x")
# --8<-- [end:table]
