# --8<-- [start:edges]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torchvision import transforms

photo = Image.open("snippets/photos/cat.jpg")
to_tensor = transforms.Compose([transforms.Resize(150), transforms.ToTensor()])
x = to_tensor(photo).unsqueeze(0)  # (1, 3, 150, 225): a batch of one
gray = x.mean(dim=1, keepdim=True)  # (1, 1, 150, 225)

# A Conv2d whose two kernels we choose ourselves (Sobel filters):
# they respond where brightness changes left-right or top-bottom.
edges = nn.Conv2d(1, 2, kernel_size=3, padding=1, bias=False)
sobel_x = torch.tensor([[-1.0, 0.0, 1.0],
                        [-2.0, 0.0, 2.0],
                        [-1.0, 0.0, 1.0]])
with torch.no_grad():  # we set weights by hand, not by training
    edges.weight[0, 0] = sobel_x
    edges.weight[1, 0] = sobel_x.T
    maps = edges(gray)[0]
print(gray.shape, "->", maps.shape)

panels = {
    "input (gray)": gray[0, 0],
    "kernel 0: left-right changes": maps[0].abs(),
    "kernel 1: top-bottom changes": maps[1].abs(),
}
fig, axes = plt.subplots(1, 3, figsize=(8.7, 2.5))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.82, wspace=0.05)
for ax, (title, m) in zip(axes, panels.items()):
    # clip the brightest 1% so that weaker edges stay visible
    ax.imshow(m.numpy(), cmap="gray", vmax=m.quantile(0.99).item())
    ax.set_title(f"{title}\n{tuple(m.shape)}", fontsize=10)
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/edge_kernels.png", dpi=80)
# --8<-- [end:edges]

# --8<-- [start:random]
torch.manual_seed(0)
conv = nn.Conv2d(3, 6, kernel_size=3)  # random weights, as before training
with torch.no_grad():
    out = conv(x)[0]
print(x.shape, "->", out.shape)

fig, axes = plt.subplots(1, 7, figsize=(12.6, 1.6))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.86, wspace=0.05)
axes[0].imshow(x[0].permute(1, 2, 0).numpy())  # CHW -> HWC for matplotlib
axes[0].set_title("input", fontsize=10)
for c, ax in enumerate(axes[1:]):
    ax.imshow(out[c].numpy(), cmap="gray")  # each channel is one map
    ax.set_title(f"channel {c}", fontsize=10)
for ax in axes:
    ax.axis("off")
fig.savefig("figures/random_conv.png", dpi=80)
# --8<-- [end:random]
