# --8<-- [start:not_in_place]
import torch

a = torch.zeros(2, 3)
flat = a.view(-1)  # -1: "work this size out from the others"
print(flat.shape)
print(a.shape)  # a itself is unchanged: view returns a new tensor

print(a.view(1, -1).shape)
print(a.view(3, 2).shape)
# --8<-- [end:not_in_place]

# --8<-- [start:shares]
flat[0] = 100.0  # write through the view ...
print(a)         # ... and the original sees it: same memory
print(flat.data_ptr() == a.data_ptr())

# to get an independent copy, clone it
copy = a.view(-1).clone()
copy[1] = -1.0
print(a[0, 1].item())
# --8<-- [end:shares]
