# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn

# Left: the loss of ONE element as the error (prediction - target) varies.
error = torch.linspace(-3, 3, 121)
zero = torch.zeros_like(error)
l1 = nn.L1Loss(reduction="none")(error, zero)
mse = nn.MSELoss(reduction="none")(error, zero)

# Right: cross-entropy as a function of the probability of the true class.
p = torch.linspace(0.01, 1, 100)
ce = -torch.log(p)

fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
left.plot(error, l1, label="L1Loss: |x - y|")
left.plot(error, mse, label="MSELoss: (x - y)²")
left.set_xlabel("error x - y")
left.set_ylabel("loss")
left.set_ylim(0, 4)
left.legend()
right.plot(p, ce, color="tab:red", label="CrossEntropyLoss: -log p")
right.plot([0.3322], [1.1019], "o", color="black")
right.annotate("the course example\np = 0.3322, loss = 1.1019",
               (0.3322, 1.1019), xytext=(0.42, 2.4),
               arrowprops={"arrowstyle": "->"})
right.set_xlabel("probability p given to the true class")
right.set_ylabel("loss")
right.legend()
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/losses.png", dpi=80)
# --8<-- [end:figure]
