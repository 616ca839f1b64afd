# --8<-- [start:int]
import torch
from torch import nn

# Without dtype=, whole numbers make an int64 ("Long") tensor.
image = torch.tensor([[1, 2, 0, 3, 1],
                      [0, 1, 2, 3, 1],
                      [1, 2, 1, 0, 0],
                      [5, 2, 3, 1, 1],
                      [2, 1, 0, 1, 1]])
image = torch.reshape(image, (-1, 1, 5, 5))
print(image.dtype)

pool = nn.MaxPool2d(kernel_size=3, ceil_mode=True)
print(pool(image))  # torch 2.14 on the CPU pools integers too
# --8<-- [end:int]

# --8<-- [start:fix]
# Layers with weights are float32, so give them float32 input.
conv = nn.Conv2d(1, 1, kernel_size=3)
print(conv(image.float()).shape)  # or dtype=torch.float32 at creation
print(conv(image.to(torch.float32)).dtype)
# --8<-- [end:fix]
