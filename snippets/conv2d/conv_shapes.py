# --8<-- [start:shapes]
import torch
from torch import nn

x = torch.ones(1, 3, 32, 32)  # one CIFAR-sized image

settings = [
    dict(),                    # defaults: stride=1, padding=0, dilation=1
    dict(stride=2),
    dict(padding=1),
    dict(dilation=2),
    dict(padding="same"),      # pads so that H and W stay (stride 1 only)
]
for kwargs in settings:
    conv = nn.Conv2d(3, 6, kernel_size=3, **kwargs)
    print(f"{str(kwargs):22} -> {tuple(conv(x).shape)}")
# --8<-- [end:shapes]

# --8<-- [start:formula]
import itertools  # noqa: E402
import math  # noqa: E402

import torch.nn.functional as F  # noqa: E402


def conv_out(h, k, s=1, p=0, d=1):
    # H_out = floor((H + 2p - d(k - 1) - 1) / s + 1)
    return math.floor((h + 2 * p - d * (k - 1) - 1) / s + 1)


checked = 0
for h, k, s, p, d in itertools.product(
        [7, 32], [1, 3, 5], [1, 2, 3], [0, 1, 2], [1, 2]):
    if conv_out(h, k, s, p, d) < 1:
        continue  # the kernel does not fit: PyTorch raises an error
    # F.conv2d with a fixed weight: the same shapes as nn.Conv2d, cheaper
    real = F.conv2d(torch.ones(1, 1, h, h), torch.ones(1, 1, k, k),
                    stride=s, padding=p, dilation=d).shape[-1]
    assert real == conv_out(h, k, s, p, d), (h, k, s, p, d)
    checked += 1
print(f"formula matches PyTorch in all {checked} settings")
# --8<-- [end:formula]
