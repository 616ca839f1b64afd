# --8<-- [start:solution]
import math

import torch
from torch import nn

x = torch.tensor([[0.1, 0.2, 0.3],
                  [1.0, 0.0, -1.0]])
y = torch.tensor([1, 0])


def one_sample(scores, true_class):
    log_sum = math.log(sum(math.exp(s) for s in scores))
    return -scores[true_class] + log_sum


losses = [one_sample(x[i].tolist(), y[i].item()) for i in range(len(y))]
print([round(v, 4) for v in losses])
by_hand = sum(losses) / len(losses)  # reduction="mean" averages the batch
result = nn.CrossEntropyLoss()(x, y)
print(round(by_hand, 4), torch.allclose(result, torch.tensor(by_hand)))
# --8<-- [end:solution]
