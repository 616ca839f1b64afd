# --8<-- [start:solution]
import math

import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(32 * 16 * 16, 10))
model.apply(lambda m: nn.init.constant_(m.weight, 1.0)
            if isinstance(m, (nn.Conv2d, nn.Linear)) else None)


def reset(m):
    # layers with parameters know their own default initialisation
    if hasattr(m, "reset_parameters"):
        m.reset_parameters()


torch.manual_seed(0)
model.apply(reset)
for m in (model[0], model[3]):
    fan_in, _ = nn.init._calculate_fan_in_and_fan_out(m.weight)
    bound = 1 / math.sqrt(fan_in)
    print(type(m).__name__, fan_in, m.weight.abs().max().item() <= bound)
# --8<-- [end:solution]
