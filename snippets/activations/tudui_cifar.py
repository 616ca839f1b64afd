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


class Tudui(nn.Module):
    def __init__(self):
        super().__init__()
        self.relu1 = nn.ReLU()
        self.sigmoid1 = nn.Sigmoid()

    def forward(self, x):
        return self.sigmoid1(x)  # relu1 is never used


tudui = Tudui()
print(tudui)
# --8<-- [end:model]

# --8<-- [start:run]
called = []


def record(module, inputs, output):
    called.append(type(module).__name__)


for child in tudui.children():  # a hook on relu1 and on sigmoid1
    child.register_forward_hook(record)

writer = SummaryWriter("logs/activations")
imgs, targets = next(iter(dataloader))
output = tudui(imgs)
writer.add_images("input", imgs, 0)
writer.add_images("output", output, 0)  # sigmoid of [0, 1]: washed out
writer.close()

print(called)  # relu1 is defined and printed, but never runs
print(output.shape)
print(output.min().item() >= 0.5, output.max().item() <= 0.7311)
# --8<-- [end:run]

# --8<-- [start:relu_images]
# ToTensor pictures are already in [0, 1]: ReLU leaves them as they are.
print(torch.equal(nn.ReLU()(imgs), imgs))
# --8<-- [end:relu_images]
