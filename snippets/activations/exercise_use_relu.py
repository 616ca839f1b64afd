# --8<-- [start:solution]
import torch
from torch import nn


class Tudui(nn.Module):
    def __init__(self):
        super().__init__()
        self.relu1 = nn.ReLU()
        self.sigmoid1 = nn.Sigmoid()

    def forward(self, x):
        x = self.relu1(x)  # now both layers run, in this order
        return self.sigmoid1(x)


torch.manual_seed(0)
x = torch.randn(4, 3, 8, 8)  # has negative values, unlike pictures
out = Tudui()(x)
# ReLU turns negatives into 0 and sigmoid(0) = 0.5: nothing below 0.5
print(out.min().item())
print(out.min().item() >= 0.5, out.max().item() < 1)
# --8<-- [end:solution]
