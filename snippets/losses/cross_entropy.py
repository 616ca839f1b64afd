# --8<-- [start:torch]
import math

import torch
from torch import nn

# One sample, three classes. The model's raw scores ("logits"), not
# probabilities: CrossEntropyLoss applies the softmax itself.
x = torch.tensor([[0.1, 0.2, 0.3]])  # shape (N=1, C=3)
y = torch.tensor([1])                # index of the true class, shape (N,)

loss_cross = nn.CrossEntropyLoss()
result = loss_cross(x, y)
print(result)
# --8<-- [end:torch]

# --8<-- [start:by_hand]
# loss = -x[class] + log(exp(x[0]) + exp(x[1]) + exp(x[2]))
scores = [0.1, 0.2, 0.3]
by_hand = -scores[1] + math.log(sum(math.exp(s) for s in scores))
print(round(by_hand, 4))

# The same with tensors: log-softmax, then pick the true class.
log_probs = x - torch.log(torch.exp(x).sum(dim=1, keepdim=True))
by_tensor = -log_probs[0, y[0]]
print(torch.allclose(by_tensor, result))
print(torch.allclose(torch.tensor(by_hand), result))
# --8<-- [end:by_hand]

# --8<-- [start:meaning]
probs = torch.softmax(x, dim=1)  # scores -> probabilities that sum to 1
print(probs.round(decimals=4))
p_true = probs[0, 1].item()      # the probability given to the true class
print(round(p_true, 4), round(-math.log(p_true), 4))
# --8<-- [end:meaning]
