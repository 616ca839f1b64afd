# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Rectangle
from torch import nn

image = torch.tensor([[1, 2, 0, 3, 1],
                      [0, 1, 2, 3, 1],
                      [1, 2, 1, 0, 0],
                      [5, 2, 3, 1, 1],
                      [2, 1, 0, 1, 1]], dtype=torch.float32)
x = image.reshape(1, 1, 5, 5)
colours = ["tab:blue", "tab:orange", "tab:green", "tab:purple"]


def draw_grid(ax, grid, title):
    grid = grid.numpy()  # matplotlib wants numpy arrays
    ax.imshow(grid, cmap="Greys", vmin=0, vmax=12)
    for r in range(grid.shape[0]):
        for c in range(grid.shape[1]):
            ax.text(c, r, f"{grid[r, c]:g}", ha="center", va="center",
                    fontsize=12)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


fig, axes = plt.subplots(1, 4, figsize=(9, 3.3),
                         width_ratios=[5, 2, 5, 2])
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.03, top=0.86,
                    wspace=0.15)
for i, ceil in enumerate([False, True]):
    out = nn.MaxPool2d(3, ceil_mode=ceil)(x)[0, 0]
    draw_grid(axes[2 * i], image, f"ceil_mode={ceil}: windows")
    draw_grid(axes[2 * i + 1], out, f"output {tuple(out.shape)}")
    # stride 3: windows start at rows/columns 0 and 3
    starts = [(0, 0), (0, 3), (3, 0), (3, 3)] if ceil else [(0, 0)]
    for k, (r, c) in enumerate(starts):
        # a window that sticks out only covers the part inside
        h, w = min(3, 5 - r), min(3, 5 - c)
        axes[2 * i].add_patch(Rectangle(
            (c - 0.45, r - 0.45), w - 0.1, h - 0.1, fill=False,
            edgecolor=colours[k], linewidth=3,
            linestyle="-" if h == w == 3 else "--"))
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/ceil_mode.png", dpi=80)
# --8<-- [end:figure]
