# --8<-- [start:accumulate]
import torch
from torch import nn

layer = nn.Linear(2, 1)
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[0.5, -1.0]]))
    layer.bias.fill_(0.25)
x = torch.tensor([[1.0, 2.0]])
y = torch.tensor([[3.0]])
loss_fn = nn.MSELoss()

for step in range(3):  # same data, no zero_grad, no step
    loss_fn(layer(x), y).backward()
    print(step, layer.weight.grad)
# --8<-- [end:accumulate]

# --8<-- [start:zero_grad]
optim = torch.optim.SGD(layer.parameters(), lr=0.01)
optim.zero_grad()   # by default this sets .grad to None
print(layer.weight.grad)
loss_fn(layer(x), y).backward()
print(layer.weight.grad)  # one batch's gradient again
# --8<-- [end:zero_grad]
