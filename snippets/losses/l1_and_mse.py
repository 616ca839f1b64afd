# --8<-- [start:l1]
import torch
from torch import nn

# Losses work on floats: say so when the numbers are written as integers.
inputs = torch.tensor([1, 2, 3], dtype=torch.float32)   # what the model says
targets = torch.tensor([1, 2, 5], dtype=torch.float32)  # the right answers

loss_mean = nn.L1Loss()                 # reduction="mean" is the default
loss_sum = nn.L1Loss(reduction="sum")
loss_none = nn.L1Loss(reduction="none")  # one loss per element
print(loss_none(inputs, targets))  # |1-1|, |2-2|, |3-5|
print(loss_sum(inputs, targets))   # 0 + 0 + 2
print(loss_mean(inputs, targets))  # (0 + 0 + 2) / 3
# --8<-- [end:l1]

# --8<-- [start:mse]
loss_mse = nn.MSELoss()
print(loss_mse(inputs, targets))                       # (0 + 0 + 2**2) / 3
print(nn.MSELoss(reduction="sum")(inputs, targets))    # 0 + 0 + 2**2

# The same numbers by hand: the mean of |y - x| and of (y - x) ** 2.
diff = targets - inputs
print(torch.allclose(diff.abs().mean(), loss_mean(inputs, targets)))
print(torch.allclose((diff ** 2).mean(), loss_mse(inputs, targets)))

# The *root* mean square error is the square root of the MSE.
print(round(loss_mse(inputs, targets).sqrt().item(), 4))
# --8<-- [end:mse]
