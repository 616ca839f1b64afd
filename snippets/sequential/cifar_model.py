# --8<-- [start:model]
import torch
from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super().__init__()
        self.module1 = nn.Sequential(
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
        return self.module1(x)


torch.manual_seed(0)
decade = Decade()
print(decade)
# --8<-- [end:model]

# --8<-- [start:trace]
x = torch.ones((64, 3, 32, 32))  # a batch of 64 CIFAR-sized pictures
print(f"    {'input':9} {tuple(x.shape)}")
for i, layer in enumerate(decade.module1):  # a Sequential is a list of layers
    x = layer(x)
    print(f"({i}) {type(layer).__name__:9} {tuple(x.shape)}")
# --8<-- [end:trace]

# --8<-- [start:params]
for name, p in decade.named_parameters():
    print(f"{name:20} {str(tuple(p.shape)):16} {p.numel():>6}")
print(sum(p.numel() for p in decade.parameters()))
# --8<-- [end:params]
