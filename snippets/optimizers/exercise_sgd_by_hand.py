# --8<-- [start:solution]
import copy

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(3, 2)
twin = copy.deepcopy(model)  # same starting weights
x, y = torch.randn(8, 3), torch.randn(8, 2)
loss_fn = nn.MSELoss()
lr = 0.1

optim = torch.optim.SGD(model.parameters(), lr=lr)
optim.zero_grad()
loss_fn(model(x), y).backward()
optim.step()

loss_fn(twin(x), y).backward()
with torch.no_grad():  # an update must not become part of the graph
    for p in twin.parameters():
        p -= lr * p.grad
        p.grad = None    # what zero_grad() does

print(all(torch.allclose(a, b) for a, b in
          zip(model.parameters(), twin.parameters())))
# --8<-- [end:solution]
