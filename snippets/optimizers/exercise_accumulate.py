# --8<-- [start:solution]
import copy

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
twin = copy.deepcopy(model)
x, y = torch.randn(8, 3), torch.randn(8, 1)
loss_fn = nn.MSELoss()

# One batch of 8 ...
loss_fn(model(x), y).backward()

# ... or two halves of 4, without zero_grad in between. Each half's mean
# loss is divided by 2 so that the sum equals the mean over all 8.
for part in range(2):
    xs, ys = x[part * 4:(part + 1) * 4], y[part * 4:(part + 1) * 4]
    (loss_fn(twin(xs), ys) / 2).backward()

print(torch.allclose(model.weight.grad, twin.weight.grad))
print(torch.allclose(model.bias.grad, twin.bias.grad))
# --8<-- [end:solution]
