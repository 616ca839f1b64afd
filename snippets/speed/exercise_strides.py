# --8<-- [start:solution]
import torch

x = torch.zeros(2, 3, 4, 5)  # N, C, H, W
print(x.stride())  # NCHW: W neighbours are 1 apart, channels 4 * 5
y = x.contiguous(memory_format=torch.channels_last)
print(y.shape, y.stride())  # same shape; channels now 1 apart
print(torch.equal(x, y))  # same values, only the memory order changed
# --8<-- [end:solution]
