# --8<-- [start:figure]
import math
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
fan_in, fan_out = 1024, 64  # the notes' nn.Linear(1024, 64)


def weights_after(init_fn):
    w = nn.Linear(fan_in, fan_out).weight.detach().clone()
    if init_fn is not None:
        init_fn(w)
    return w.flatten()


inits = {
    "default (kaiming_uniform_, a=sqrt(5))": None,
    "xavier_uniform_": nn.init.xavier_uniform_,
    "kaiming_normal_ (relu)": lambda w: nn.init.kaiming_normal_(
        w, nonlinearity="relu"),
    "normal_(0, 0.01)": lambda w: nn.init.normal_(w, 0, 0.01),
}

fig, axes = plt.subplots(len(inits), 1, figsize=(7, 6.5), sharex=True,
                         layout="constrained")
bound = 1 / math.sqrt(fan_in)
for ax, (name, fn) in zip(axes, inits.items()):
    w = weights_after(fn)
    ax.hist(w.numpy(), bins=100, range=(-0.2, 0.2), color="C1",
            histtype="stepfilled")  # one polygon: fast to draw
    for x in (-bound, bound):  # the default's bound, for comparison
        ax.axvline(x, color="k", ls="--", lw=0.8)
    ax.set_title(f"{name}: std {w.std().item():.4f}", fontsize=10)
    ax.set_yticks([])
axes[-1].set_xlabel("weight value  (dashed: ±1/sqrt(fan_in))")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/init_histograms.png", dpi=80)
# --8<-- [end:figure]
