# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

x = torch.linspace(-6, 6, 241, requires_grad=True)
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
fig.subplots_adjust(left=0.06, right=0.98, bottom=0.1, top=0.88,
                    wspace=0.2)
for ax, layer in zip(axes, [nn.ReLU(), nn.Sigmoid()]):
    y = layer(x)
    # autograd gives the slope at every point: what backward() passes on
    (slope,) = torch.autograd.grad(y.sum(), x)
    ax.plot(x.detach(), y.detach(), label=f"{layer}")
    ax.plot(x.detach(), slope, "--", label="slope (gradient)")
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.set_title(type(layer).__name__, fontsize=11)
    ax.legend(fontsize=9, loc="upper left")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/activation_curves.png", dpi=80)
# --8<-- [end:figure]
