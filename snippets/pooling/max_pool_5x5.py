# --8<-- [start:pool]
import torch
from torch import nn

# The course's 5x5 example, as float32 like the course writes it.
image = torch.tensor([[1, 2, 0, 3, 1],
                      [0, 1, 2, 3, 1],
                      [1, 2, 1, 0, 0],
                      [5, 2, 3, 1, 1],
                      [2, 1, 0, 1, 1]], dtype=torch.float32)
image = torch.reshape(image, (-1, 1, 5, 5))  # (N, C, H, W)

floor_pool = nn.MaxPool2d(kernel_size=3, ceil_mode=False)  # the default
ceil_pool = nn.MaxPool2d(kernel_size=3, ceil_mode=True)
print(floor_pool(image))
print(ceil_pool(image))
# --8<-- [end:pool]

# --8<-- [start:by_hand]
# stride defaults to kernel_size: windows start at rows/columns 0 and 3.
print(floor_pool)
x = image[0, 0]
print(x[0:3, 0:3].max().item())  # the only full window
# ceil_mode=True keeps the windows that stick out of the picture,
# and takes the max of the part that is inside:
print(x[0:3, 3:5].max().item(), x[3:5, 0:3].max().item(),
      x[3:5, 3:5].max().item())
# --8<-- [end:by_hand]

# --8<-- [start:stride]
# An explicit stride=1 makes the windows overlap: 3x3 outputs.
print(nn.MaxPool2d(kernel_size=3, stride=1)(image))
# --8<-- [end:stride]

# --8<-- [start:indices]
# return_indices=True also says WHERE each maximum was:
# the position in the flattened 5x5 plane, row * 5 + column.
values, where = nn.MaxPool2d(3, ceil_mode=True, return_indices=True)(image)
print(where)
print([divmod(i, 5) for i in where.flatten().tolist()])  # (row, column)
# --8<-- [end:indices]
