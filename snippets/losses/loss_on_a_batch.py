# --8<-- [start:model]
import math

import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader

dataset = torchvision.datasets.CIFAR10(
    "./dataset", train=False, download=True,
    transform=torchvision.transforms.ToTensor())
dataloader = DataLoader(dataset, batch_size=64)


class Decade(nn.Module):
    def __init__(self):
        super().__init__()  # no class name to get wrong
        self.model1 = nn.Sequential(
            nn.Conv2d(3, 32, 5, padding=2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, padding=2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model1(x)
# --8<-- [end:model]


# --8<-- [start:loss]
torch.manual_seed(0)
decade = Decade()
loss = nn.CrossEntropyLoss()

imgs, targets = next(iter(dataloader))  # one batch shows it all
outputs = decade(imgs)                  # 10 scores per image
result_loss = loss(outputs, targets)    # one number for the whole batch
print(imgs.shape, outputs.shape, targets.shape)
print(result_loss.shape, result_loss.requires_grad)
# An untrained net guesses about 1/10 per class: loss near -log(1/10).
print(abs(result_loss.item() - math.log(10)) < 0.1)
# --8<-- [end:loss]

# --8<-- [start:backward]
conv1 = decade.model1[0]
print(conv1.weight.grad)  # None: no gradient has been computed yet
result_loss.backward()    # fills .grad of every parameter of the net
print(conv1.weight.grad.shape, conv1.weight.shape)
print(all(p.grad is not None for p in decade.parameters()))
# --8<-- [end:backward]
