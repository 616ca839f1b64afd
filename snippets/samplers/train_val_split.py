# --8<-- [start:split]
import torch
import torchvision
from torch.utils.data import DataLoader, SubsetRandomSampler

train_data = torchvision.datasets.CIFAR10(
    "./dataset", train=True, download=True,
    transform=torchvision.transforms.ToTensor())
print(len(train_data))

# shuffle all indices once, then cut: 80 % train, 20 % validation
g = torch.Generator().manual_seed(0)
indices = torch.randperm(len(train_data), generator=g).tolist()
split = int(0.8 * len(train_data))
train_idx, val_idx = indices[:split], indices[split:]
print(len(train_idx), len(val_idx))
print(set(train_idx).isdisjoint(val_idx))  # no image in both
# --8<-- [end:split]

# --8<-- [start:loaders]
train_sampler = SubsetRandomSampler(train_idx, generator=g)
val_sampler = SubsetRandomSampler(val_idx, generator=g)
# the same dataset object twice: the samplers decide who sees what
train_loader = DataLoader(train_data, batch_size=64, sampler=train_sampler)
val_loader = DataLoader(train_data, batch_size=64, sampler=val_sampler)
print(len(train_loader), len(val_loader))  # batches: 1600/64, 400/64

imgs, targets = next(iter(train_loader))
print(imgs.shape, targets.shape)
# --8<-- [end:loaders]

# --8<-- [start:epochs]
epoch1, epoch2 = list(train_sampler), list(train_sampler)
print(epoch1[:5], type(epoch1[0]).__name__)  # it yields indices
print(epoch1 != epoch2)  # a new order every epoch ...
print(sorted(epoch1) == sorted(epoch2) == sorted(train_idx))  # same images
# --8<-- [end:epochs]
