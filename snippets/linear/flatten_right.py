# --8<-- [start:flatten]
import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader

dataset = torchvision.datasets.CIFAR10(
    "./dataset", train=False, download=True,
    transform=torchvision.transforms.ToTensor())
dataloader = DataLoader(dataset, batch_size=64)  # drop_last not needed

torch.manual_seed(0)
linear = nn.Linear(3 * 32 * 32, 10)  # one picture: 3072 numbers

shapes = []
for imgs, targets in dataloader:
    flat = torch.flatten(imgs, 1)  # keep dim 0 (the batch), flatten the rest
    output = linear(flat)
    shapes.append((tuple(flat.shape), tuple(output.shape)))
print(shapes[0])
print(shapes[-1])  # the last, smaller batch works too
print(len(shapes))
# --8<-- [end:flatten]

# --8<-- [start:module]
# nn.Flatten() does the same inside a model (start_dim=1 by default).
model = nn.Sequential(nn.Flatten(), linear)
print(model(imgs).shape)

# One row per picture, and each row depends on its own picture only:
print(torch.allclose(model(imgs[:1]), model(imgs)[:1], atol=1e-6))
# --8<-- [end:module]
