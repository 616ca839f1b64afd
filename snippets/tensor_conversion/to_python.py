# --8<-- [start:tolist]
import torch

a = torch.tensor([1, 2])
b = a.tolist()  # a plain Python list of Python ints
print(b, type(b[0]))

m = torch.tensor([[1.5, 2.0], [3.0, 4.0]])
print(m.tolist())  # nesting follows the shape
# --8<-- [end:tolist]

# --8<-- [start:item]
loss = torch.tensor(0.25)  # a 0-dim tensor, like a loss
print(loss.item(), type(loss.item()))
print(torch.tensor([7]).item())  # one element in any shape is fine

# float32 keeps about 7 digits; item() shows the float32 value exactly
print(torch.tensor(0.1).item())
# --8<-- [end:item]
