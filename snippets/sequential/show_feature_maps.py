# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torchvision import transforms

torch.manual_seed(0)  # random (untrained) weights, the same on every run
module1 = nn.Sequential(
    nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
)

# A photo shrunk to CIFAR size: (1, 3, 32, 32).
to_tensor = transforms.Compose([transforms.Resize((32, 32)),
                                transforms.ToTensor()])
x = to_tensor(Image.open("snippets/photos/cat.jpg")).unsqueeze(0)

fig, axes = plt.subplots(1, 7, figsize=(12, 2.1))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.8,
                    wspace=0.1)
axes[0].imshow(x[0].permute(1, 2, 0).numpy())
axes[0].set_title(f"input\n{tuple(x.shape[1:])}", fontsize=10)
with torch.no_grad():
    for i, ax in enumerate(axes[1:]):  # layers 0-5: conv, pool, ...
        x = module1[i](x)
        ax.imshow(x[0, 0].numpy(), cmap="gray")  # channel 0 only
        ax.set_title(f"({i}) {type(module1[i]).__name__}\n"
                     f"{tuple(x.shape[1:])}", fontsize=10)
for ax in axes:
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/feature_maps.png", dpi=80)
# --8<-- [end:figure]
