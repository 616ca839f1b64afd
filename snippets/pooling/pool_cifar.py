# --8<-- [start:cifar]
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
        self.maxpool1 = nn.MaxPool2d(kernel_size=3, ceil_mode=False)

    def forward(self, x):
        return self.maxpool1(x)


decade = Decade()
writer = SummaryWriter("logs/pooling")
for step, (imgs, targets) in enumerate(dataloader):
    output = decade(imgs)
    writer.add_images("input", imgs, step)
    writer.add_images("output", output, step)  # still 3 channels: RGB
    print(imgs.shape, "->", output.shape)
    if step == 1:
        break  # two batches are enough to look at
writer.close()

# Pooling has nothing to learn, and keeps the channels apart.
print(len(list(decade.parameters())))
print(torch.equal(output[:, 0], decade(imgs[:, 0:1])[:, 0]))
# --8<-- [end:cifar]
