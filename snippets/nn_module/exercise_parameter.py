# --8<-- [start:solution]
import torch
from torch import nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        # nn.Parameter registers the tensor as a parameter: the optimizer sees it.
        self.factor = nn.Parameter(torch.tensor(2.0))
        # A buffer belongs to the module (state_dict, .to(...)) but is not trained.
        self.register_buffer("offset", torch.tensor(1.0))

    def forward(self, x):
        return self.factor * x + self.offset


scale = Scale()
print([name for name, _ in scale.named_parameters()])
print(sum(p.numel() for p in scale.parameters()))
print(list(scale.state_dict()))  # saved with the model: both are there
print(scale(torch.tensor([1.0, 2.0])))

scale.to(torch.float64)  # .to(device) moves buffers the same way
print(scale.offset.dtype)
# --8<-- [end:solution]
