import torch
from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 2)

    def forward(self, x):
        return self.linear(x)


imgs = torch.ones(3, 4)
output = Decade(imgs)  # the input goes to the constructor: Decade()(imgs)
