# --8<-- [start:eval]
import torch
from torch import nn

model = nn.Linear(4, 2)  # any network
imgs = torch.ones(3, 4)  # a batch of test data

model.eval()  # switches dropout and batch norm to testing; not gradients
outputs = model(imgs)
print("wrong:", outputs.requires_grad, type(outputs.grad_fn).__name__)

with torch.no_grad():  # no graph: nothing is kept for a backward()
    outputs = model(imgs)
print("right:", outputs.requires_grad, outputs.grad_fn)
# --8<-- [end:eval]
