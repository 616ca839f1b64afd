# --8<-- [start:solution]
import torch
from torch import nn

image = torch.tensor([[1, 2, 0, 3, 1],
                      [0, 1, 2, 3, 1],
                      [1, 2, 1, 0, 0],
                      [5, 2, 3, 1, 1],
                      [2, 1, 0, 1, 1]], dtype=torch.float32)
out = nn.AvgPool2d(3, ceil_mode=True)(image.reshape(1, 1, 5, 5))
print(out)

# A window that sticks out is averaged over the cells inside only.
by_hand = torch.tensor([[image[0:3, 0:3].mean(), image[0:3, 3:5].mean()],
                        [image[3:5, 0:3].mean(), image[3:5, 3:5].mean()]])
print(torch.allclose(out[0, 0], by_hand))
# --8<-- [end:solution]
