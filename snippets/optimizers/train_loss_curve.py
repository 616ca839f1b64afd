# --8<-- [start:setup]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader, Subset

train_set = torchvision.datasets.CIFAR10(
    "./dataset", train=True, download=True,
    transform=torchvision.transforms.ToTensor())
# A small slice keeps the run to seconds; use train_set for the real thing.
small_set = Subset(train_set, range(160))
torch.manual_seed(0)  # same weights and same shuffling on every run
dataloader = DataLoader(small_set, batch_size=16, shuffle=True)

decade = nn.Sequential(
    nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
)
loss_fn = nn.CrossEntropyLoss()
# momentum=0.9 makes plain SGD learn in a few epochs instead of dozens.
optim = torch.optim.SGD(decade.parameters(), lr=0.01, momentum=0.9)
# --8<-- [end:setup]

# --8<-- [start:train]
epoch_losses = []
for epoch in range(5):
    running_loss = 0.0
    for imgs, targets in dataloader:
        outputs = decade(imgs)
        result_loss = loss_fn(outputs, targets)
        optim.zero_grad()
        result_loss.backward()
        optim.step()
        running_loss += result_loss.item()  # a float, not a tensor
    epoch_losses.append(running_loss / len(dataloader))  # mean per batch
    print(f"epoch {epoch}: loss {epoch_losses[-1]:.3f}")
# --8<-- [end:train]

# --8<-- [start:check]
print(len(epoch_losses), epoch_losses[-1] < epoch_losses[0])
# --8<-- [end:check]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
epochs = range(1, len(epoch_losses) + 1)
ax.plot(epochs, epoch_losses, marker="o")
ax.set_xticks(epochs)
ax.set_xlabel("epoch")
ax.set_ylabel("mean CrossEntropyLoss per batch")
ax.set_title("SGD on 160 CIFAR-10 images (offline fixture)")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/loss_per_epoch.png", dpi=80)
# --8<-- [end:plot]
