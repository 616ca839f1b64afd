# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle

image = torch.tensor([[1, 2, 0, 3, 1],
                      [0, 1, 2, 3, 1],
                      [1, 2, 1, 0, 0],
                      [5, 2, 3, 1, 1],
                      [2, 1, 0, 1, 1]])
kernel = torch.tensor([[1, 2, 1],
                       [0, 1, 0],
                       [2, 1, 0]])


def draw(ax, grid, title, box=None, pad=0):
    grid = grid.numpy()  # matplotlib wants numpy arrays
    n = grid.shape[0]
    ax.imshow(grid, cmap="Oranges", vmin=0, vmax=grid.max() * 1.6)
    for r in range(n):
        for c in range(n):
            in_pad = min(r, c) < pad or max(r, c) >= n - pad
            ax.text(c, r, grid[r, c], ha="center", va="center",
                    fontsize=11, color="grey" if in_pad else "black")
    if box:  # (row, col, size) of the window to outline
        r, c, s = box
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), s, s, fill=False,
                               edgecolor="tab:blue", linewidth=3))
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


x = image.reshape(1, 1, 5, 5)
w = kernel.reshape(1, 1, 3, 3)
out = F.conv2d(x, w)[0, 0]
padded = F.pad(image, (1, 1, 1, 1))  # what padding=1 adds: zeros
out_pad = F.conv2d(x, w, padding=1)[0, 0]

fig, axes = plt.subplots(2, 3, figsize=(9, 6.2))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.95, hspace=0.12)
draw(axes[0, 0], image, "input 5x5", box=(0, 1, 3))
draw(axes[0, 1], kernel, "kernel 3x3")
draw(axes[0, 2], out, "output 3x3 (stride=1)", box=(0, 1, 1))
draw(axes[1, 0], padded, "input with padding=1: 7x7", box=(0, 0, 3), pad=1)
draw(axes[1, 1], kernel, "same kernel")
draw(axes[1, 2], out_pad, "output 5x5 (padding=1)", box=(0, 0, 1))
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/sliding_window.png", dpi=80)
# --8<-- [end:figure]
