# --8<-- [start:solution]
import torch
from torch import nn

# With stride 1 the size stays when 2p = d(k - 1), so p = d(k - 1) / 2.
k, d = 5, 2
p = d * (k - 1) // 2
print(p)

conv = nn.Conv2d(3, 8, kernel_size=k, dilation=d, padding=p)
print(conv(torch.ones(1, 3, 32, 32)).shape)
# padding="same" finds the same number for you
same = nn.Conv2d(3, 8, kernel_size=k, dilation=d, padding="same")
print(same(torch.ones(1, 3, 32, 32)).shape)
# --8<-- [end:solution]
