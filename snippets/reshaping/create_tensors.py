# --8<-- [start:create]
import torch

# torch.Tensor(2, 3): the numbers are a SHAPE, the memory is not filled in
t = torch.Tensor(2, 3)
print(t.shape, t.dtype)  # safe to print; the values are whatever was there

zeros = torch.zeros(2, 3)  # filled with 0.0: use this when you read it
empty = torch.empty(2, 3)  # like torch.Tensor(2, 3): you must write it first
empty.fill_(7.0)
print(zeros)
print(empty)

# torch.tensor([2, 3]) is DATA: a 1-D tensor holding the numbers 2 and 3
print(torch.tensor([2, 3]), torch.tensor([2, 3]).shape)
# --8<-- [end:create]
