# --8<-- [start:solution]
import torch
from torch import nn

x = torch.tensor([[0.1, 0.2, 0.3]])
y = torch.tensor([1])
ce = nn.CrossEntropyLoss()(x, y)

# CrossEntropyLoss is LogSoftmax followed by NLLLoss.
nll = nn.NLLLoss()(nn.LogSoftmax(dim=1)(x), y)
print(torch.allclose(ce, nll))

# A softmax in front of it is applied twice: no error, just a wrong loss.
twice = nn.CrossEntropyLoss()(torch.softmax(x, dim=1), y)
print(torch.allclose(ce, twice), round(twice.item(), 4))
# --8<-- [end:solution]
