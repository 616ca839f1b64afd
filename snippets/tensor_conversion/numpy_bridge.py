# --8<-- [start:share]
import numpy as np
import torch

array = np.array([1.0, 2.0, 3.0])
shared = torch.from_numpy(array)  # no copy: the tensor uses array's memory
copied = torch.tensor(array)      # a copy with memory of its own

array[0] = 100.0
print(shared)
print(copied)

back = shared.numpy()  # no copy either, in the other direction
back[1] = -1.0
print(array)
# --8<-- [end:share]

# --8<-- [start:dtype]
# numpy's default float is float64, and from_numpy keeps it
print(shared.dtype)
x = torch.from_numpy(np.zeros((1, 3))).float()  # models want float32
print(x.dtype)
# --8<-- [end:dtype]

# --8<-- [start:detach]
w = torch.ones(3, requires_grad=True)
y = w * 2
print(y.detach().numpy())  # detach: same values, no autograd history
print(y.detach().cpu().numpy())  # the version that works on any device
# --8<-- [end:detach]
