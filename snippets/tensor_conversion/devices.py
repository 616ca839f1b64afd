# --8<-- [start:devices]
import torch

# CUDA first, then Apple's MPS, then the CPU
if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")

x = torch.rand(2, 3)
x_dev = x.to(device)  # a tensor on the device; x itself stays where it is
print(x_dev.device.type == device.type, x.device)

x_back = x_dev.cpu()  # back to main memory, e.g. for numpy or matplotlib
print(x_back.device, torch.equal(x_back, x))
print(x_dev.cpu().numpy().shape)  # .cpu() first, then .numpy()
# --8<-- [end:devices]

# --8<-- [start:same]
# Nothing to change: .to() and .cpu() hand back x itself, no copy
print(x.to(x.device) is x, x.to(torch.float32) is x, x.cpu() is x)

# Something changes: a new tensor, and x stays as it was
x64 = x.to(torch.float64)
print(x64 is x, x64.dtype, x.dtype)

# copy=True asks for a new tensor even when nothing changes
print(x.to(x.device, copy=True) is x)
# --8<-- [end:same]
