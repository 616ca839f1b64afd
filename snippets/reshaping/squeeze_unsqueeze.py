# --8<-- [start:notes]
import torch

a = torch.tensor([[1, 2, 3],
                  [3, 4, 5]])
print(a.shape)

b = a.unsqueeze(1)  # insert a new dimension of size 1 at position 1
print(b.shape)
print(b)

c = b.squeeze(1)  # remove dimension 1 again (it has size 1)
print(c.shape)
print(torch.equal(a, c))
# --8<-- [end:notes]

# --8<-- [start:rules]
# squeeze(dim) only removes a dimension of size 1; otherwise it does nothing
print(a.squeeze(0).shape)

# squeeze() with no argument removes EVERY dimension of size 1
x = torch.zeros(1, 3, 1, 5)
print(x.squeeze().shape)
print(x.squeeze(0).shape)  # name the dimension to keep the others

# negative positions count from the end, as in Python lists
print(a.unsqueeze(0).shape, a.unsqueeze(-1).shape)
# --8<-- [end:rules]
