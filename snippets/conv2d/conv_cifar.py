# --8<-- [start:model]
import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader
from torch.utils.tensorboard import SummaryWriter

dataset = torchvision.datasets.CIFAR10(
    "./dataset", train=False, download=True,
    transform=torchvision.transforms.ToTensor())
dataloader = DataLoader(dataset, batch_size=64)


class Decade(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=3, out_channels=6,
                               kernel_size=3, stride=1, padding=0)

    def forward(self, x):
        return self.conv1(x)


torch.manual_seed(0)  # the same random kernels on every run
decade = Decade()
print(decade)

imgs, targets = next(iter(dataloader))  # one batch is enough here
output = decade(imgs)
print(imgs.shape)
print(output.shape)
# --8<-- [end:model]

# --8<-- [start:reshape]
# The notes' trick to show 6 channels as "RGB" images:
fake_rgb = torch.reshape(output, (-1, 3, 30, 30))
print(fake_rgb.shape)  # the batch grew from 64 to 128 "images"

# Image 0's six channels became fake image 0 (channels 0-2)
# and fake image 1 (channels 3-5): two pictures that do not exist.
print(torch.equal(fake_rgb[0], output[0, 0:3]))
print(torch.equal(fake_rgb[1], output[0, 3:6]))
# --8<-- [end:reshape]

# --8<-- [start:better]
from torchvision.utils import make_grid  # noqa: E402

writer = SummaryWriter("logs/conv2d")
writer.add_images("input", imgs, 0)

# One grayscale tile per channel: (6, 30, 30) -> (6, 1, 30, 30).
# scale_each maps every tile to [0, 1] by its own min and max,
# since conv outputs are not pictures in [0, 1].
maps = output[0].detach().unsqueeze(1)
grid = make_grid(maps, nrow=6, normalize=True, scale_each=True)
print(maps.shape, grid.shape)
writer.add_image("output/image0_channels", grid, 0)
writer.close()
# --8<-- [end:better]

# --8<-- [start:figure]
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402

out0 = output[0].detach()
panels = [("input image 0", imgs[0])]
panels += [(f"channel {c}", out0[c]) for c in range(6)]
# What TensorBoard shows for the reshaped batch: floats clipped to [0, 1].
panels += [(f"fake image {k}\n= channels {3 * k}-{3 * k + 2}",
            fake_rgb[k].detach().clamp(0, 1)) for k in range(2)]

fig, axes = plt.subplots(1, 9, figsize=(13, 2))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.78)
for ax, (title, t) in zip(axes, panels):
    if t.dim() == 3:  # a colour picture: CHW -> HWC for matplotlib
        ax.imshow(t.permute(1, 2, 0).numpy())
    else:  # one channel: a grayscale picture
        ax.imshow(t.numpy(), cmap="gray")
    ax.set_title(title, fontsize=10)
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/reshape_trap.png", dpi=80)
# --8<-- [end:figure]
