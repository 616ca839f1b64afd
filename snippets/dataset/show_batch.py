# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torchvision
from torch.utils.data import DataLoader
from torchvision.utils import make_grid

test_data = torchvision.datasets.CIFAR10(
    "./dataset", train=False,
    transform=torchvision.transforms.ToTensor(), download=True)
loader = DataLoader(test_data, batch_size=16, shuffle=True,
                    generator=torch.Generator().manual_seed(0))
imgs, targets = next(iter(loader))

# make_grid tiles the batch (N, C, H, W) into one picture (C, H', W'):
# 8 per row, 12 white pixels apart (room for the labels).
grid = make_grid(imgs, nrow=8, padding=12, pad_value=1.0)
print(imgs.shape, "->", grid.shape)

fig, ax = plt.subplots(figsize=(7, 2.3), layout="constrained")
# matplotlib wants (H', W', C); "nearest" keeps the pixels sharp.
ax.imshow(grid.permute(1, 2, 0).numpy(), interpolation="nearest")
for k, target in enumerate(targets.tolist()):  # class name under each tile
    row, col = divmod(k, 8)
    ax.text(12 + 44 * col + 16, 12 + 44 * row + 33,
            test_data.classes[target], ha="center", va="top", fontsize=7)
ax.set_title("one batch of 16 (shuffled, seed 0)", fontsize=10)
ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/batch.png", dpi=80)
# --8<-- [end:figure]
