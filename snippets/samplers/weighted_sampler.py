# --8<-- [start:imbalanced]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torchvision
from torch.utils.data import RandomSampler, Subset, WeightedRandomSampler

train_data = torchvision.datasets.CIFAR10("./dataset", train=True,
                                          download=True)
labels = torch.tensor(train_data.targets)  # labels only: no image decoding

# an imbalanced subset: 180 airplanes (class 0), 20 automobiles (class 1)
airplanes = (labels == 0).nonzero().flatten()[:180]
automobiles = (labels == 1).nonzero().flatten()[:20]
subset_idx = torch.cat([airplanes, automobiles])
subset = Subset(train_data, subset_idx.tolist())
subset_labels = labels[subset_idx]
class_count = torch.bincount(subset_labels)
print(len(subset), class_count.tolist())
# --8<-- [end:imbalanced]

# --8<-- [start:weights]
# each sample's weight: 1 / (size of its class), so each class sums to 1
weights = 1.0 / class_count[subset_labels].double()
print(f"{weights[0]:.4f} {weights[-1]:.4f}")  # 1/180, 1/20

g = torch.Generator().manual_seed(0)
weighted = WeightedRandomSampler(weights, num_samples=len(subset),
                                 replacement=True, generator=g)
plain = RandomSampler(subset, generator=g)


def class_counts(sampler, epochs=10):
    drawn = [i for _ in range(epochs) for i in sampler]  # 10 epochs
    return torch.bincount(subset_labels[drawn]).tolist()


plain_counts = class_counts(plain)
weighted_counts = class_counts(weighted)
print("RandomSampler        ", plain_counts)
print("WeightedRandomSampler", weighted_counts)
print(all(abs(c - 1000) < 100 for c in weighted_counts))  # about 50/50
# --8<-- [end:weights]

# --8<-- [start:repeats]
one_epoch = list(weighted)
print(len(one_epoch), len(set(one_epoch)) < len(one_epoch))  # repeats
# --8<-- [end:repeats]

# --8<-- [start:figure]
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
names = train_data.classes[:2]
x = torch.arange(2)
bars = ax.bar(x - 0.2, plain_counts, width=0.4, label="RandomSampler")
ax.bar_label(bars)
bars = ax.bar(x + 0.2, weighted_counts, width=0.4,
              label="WeightedRandomSampler (1 / class count)")
ax.bar_label(bars)
ax.set_xticks(x.tolist(), names)
ax.set_ylabel("samples drawn in 10 epochs")
ax.set_ylim(0, 2100)
ax.set_title("180 airplanes + 20 automobiles")
ax.legend(fontsize=8)
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/weighted_counts.png", dpi=80)
# --8<-- [end:figure]
