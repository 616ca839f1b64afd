# --8<-- [start:solution]
import torch
import torchvision
from torch.utils.data import DataLoader, random_split

train_data = torchvision.datasets.CIFAR10(
    "./dataset", train=True, download=True,
    transform=torchvision.transforms.ToTensor())

g = torch.Generator().manual_seed(0)
train_set, val_set = random_split(train_data, [0.8, 0.2], generator=g)
print(type(train_set).__name__, len(train_set), len(val_set))
print(set(train_set.indices).isdisjoint(val_set.indices))

# two datasets now: shuffle the training one, keep validation in order
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=64)
print(len(train_loader), len(val_loader))
# --8<-- [end:solution]
