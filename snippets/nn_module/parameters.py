# --8<-- [start:count]
import torch
from torch import nn


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, kernel_size=3)
        self.act = nn.ReLU()
        self.fc = nn.Linear(6 * 30 * 30, 10)

    def forward(self, x):
        x = self.act(self.conv(x))
        return self.fc(torch.flatten(x, 1))


model = Tiny()
for name, p in model.named_parameters():
    print(f"{name:12} {str(tuple(p.shape)):16} {p.numel()}")

total = sum(p.numel() for p in model.parameters())
# conv: 6 kernels of 3x3x3 plus 6 biases; fc: 5400x10 weights plus 10
print(total, total == (6 * 3 * 3 * 3 + 6) + (5400 * 10 + 10))
# --8<-- [end:count]

# --8<-- [start:children]
# Layers assigned as attributes are registered as children, in order.
for name, child in model.named_children():
    print(name, "->", child)

print(model(torch.ones(2, 3, 32, 32)).shape)
# --8<-- [end:children]
