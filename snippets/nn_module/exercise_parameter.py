# --8<-- [start:solution]
import torch
from torch import nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        # nn.Parameter registers the tensor: the optimizer will see it.
        self.factor = nn.Parameter(torch.tensor(2.0))
        # A plain tensor attribute is NOT a parameter.
        self.offset = torch.tensor(1.0)

    def forward(self, x):
        return self.factor * x + self.offset


scale = Scale()
print([name for name, _ in scale.named_parameters()])
print(sum(p.numel() for p in scale.parameters()))
print(scale(torch.tensor([1.0, 2.0])))
# --8<-- [end:solution]
