import torch
from torch import nn

model = nn.Linear(4, 2)
traced = torch.jit.trace(model, torch.ones(1, 4))  # what add_graph calls
