# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch

a = torch.arange(6).view(2, 3)
views = {"a = arange(6).view(2, 3)": a, "a.t()  (3, 2)": a.t()}

fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
for ax, (name, t) in zip(axes, views.items()):
    rows, cols = t.shape
    # the tensor as the reader sees it, drawn at the top
    for i in range(rows):
        for j in range(cols):
            x, y = 1.5 + j, 4.5 - i
            ax.add_patch(plt.Rectangle((x, y), 1, 1, fc="#fde0c5", ec="k"))
            ax.text(x + 0.5, y + 0.5, int(t[i, j]), ha="center", va="center")
    # the memory underneath: always 0 1 2 3 4 5, in this order
    for k in range(6):
        ax.add_patch(plt.Rectangle((k, 0), 1, 1, fc="#dde8f5", ec="k"))
        ax.text(k + 0.5, 0.5, k, ha="center", va="center")
    ax.text(-0.1, 0.5, "memory", ha="right", va="center", fontsize=9)
    # reading the tensor row by row visits memory in this order
    order = t.reshape(-1).tolist()
    for p, q in zip(order, order[1:]):
        bend = -0.5 if q > p else 0.5  # keep every arc above the strip
        ax.annotate("", xy=(q + 0.5, 1.05), xytext=(p + 0.5, 1.05),
                    arrowprops=dict(arrowstyle="->", color="C3",
                                    connectionstyle=f"arc3,rad={bend}"))
    ax.text(3, -0.6, "arrows: reading the tensor row by row", color="C3",
            ha="center", fontsize=9)
    ax.set_title(f"{name}\nstride {t.stride()}, "
                 f"contiguous={t.is_contiguous()}", fontsize=10)
    ax.set_xlim(-1.6, 6.2)
    ax.set_ylim(-1.0, 5.7)
    ax.set_aspect("equal")
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/memory_layout.png", dpi=80)
# --8<-- [end:figure]
