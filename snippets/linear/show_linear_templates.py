# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torchvision
from torch import nn

train = torchvision.datasets.CIFAR10("./dataset", train=True, download=True)
# The whole (small) training set as one tensor, scaled like ToTensor does.
x = torch.tensor(train.data).permute(0, 3, 1, 2).float() / 255
y = torch.tensor(train.targets)

torch.manual_seed(0)  # the bias starts random: fix it for a repeatable picture
model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))
nn.init.zeros_(model[1].weight)  # start blank: whatever shows up is learned
optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
loss_fn = nn.CrossEntropyLoss()
for step in range(10):  # a short full-batch training run
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
accuracy = (model(x).argmax(1) == y).float().mean().item()
print(accuracy > 0.5)  # well above chance (0.1)

# Row k of the weight holds one number per input pixel: a picture.
weight = model[1].weight.detach().reshape(10, 3, 32, 32)
fig, axes = plt.subplots(1, 10, figsize=(11, 1.6))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.82,
                    wspace=0.08)
for k, ax in enumerate(axes):
    w = weight[k]
    w = (w - w.min()) / (w.max() - w.min())  # stretch to [0, 1] to draw
    ax.imshow(w.permute(1, 2, 0).numpy())
    ax.set_title(train.classes[k], fontsize=10)
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/linear_templates.png", dpi=80)
# --8<-- [end:figure]
