# --8<-- [start:step]
import json
from pathlib import Path

# What `make gpu-check` measured on an NVIDIA H200 (2026-12-04)
path = Path("snippets/speed/results/gpu-2026-12-04.json")
check = json.loads(path.read_text())
m = check["machine"]
print(f"{m['gpu']}, torch {m['torch']}, CUDA {m['cuda']}")
print(f"CPU: {m['cpu_cores']} cores, {m['cpu']}")
# benchmark_step.py with BATCH_SIZE = 64 and STEPS = 50, as printed
for line in check["steps"]["step"]["output"][1:]:
    print(line)
# --8<-- [end:step]

# --8<-- [start:resume]
train = check["steps"]["train"]
pairs = {"default_kernels_vs_deterministic":
         "default vs deterministic cuDNN, neither stopped",
         "resumed_vs_straight":
         "deterministic cuDNN: stopped + resumed vs never stopped"}
for key, what in pairs.items():
    pair = train[key]
    print(f"{what}: same bits {pair['bitwise_equal']}")
    print(f"  largest difference {pair['max_relative_difference']:.0e} of "
          f"the largest weight; test accuracy "
          f"{pair['test_accuracy'][0]:.4f}, {pair['test_accuracy'][1]:.4f}")
# --8<-- [end:resume]
