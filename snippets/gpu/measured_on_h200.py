# --8<-- [start:step]
import json
from pathlib import Path

# What `make gpu-check` measured on an NVIDIA H200 (2026-12-04)
path = Path("snippets/speed/results/gpu-2026-12-04.json")
check = json.loads(path.read_text())
m = check["machine"]
print(f"{m['gpu']}, torch {m['torch']}, CUDA {m['cuda']}; "
      f"CPU: {m['cpu_cores']}-core {m['cpu']}")
# benchmark_step.py with BATCH_SIZE = 64 and STEPS = 50, as printed
for line in check["steps"]["step"]["output"][1:]:
    print(line)
# --8<-- [end:step]

# --8<-- [start:resume]
train = check["steps"]["train"]
for key in ("resumed_vs_straight", "default_kernels_vs_deterministic"):
    pair = train[key]
    print(f"{key}: same bits {pair['bitwise_equal']}, largest difference "
          f"{pair['max_relative_difference']:.0e} of the largest weight, "
          f"test accuracy {pair['test_accuracy'][0]:.4f} and "
          f"{pair['test_accuracy'][1]:.4f}")
# --8<-- [end:resume]
