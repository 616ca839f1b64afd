# --8<-- [start:solution]
import torch
from torch import nn

targets = torch.tensor([1.0, 2.0, 5.0])

inputs = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
nn.L1Loss()(inputs, targets).backward()
print(inputs.grad)  # sign(x - y) / 3

inputs = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
nn.MSELoss()(inputs, targets).backward()
print(inputs.grad)  # 2 * (x - y) / 3
# --8<-- [end:solution]
