# --8<-- [start:pick]
import torch

# Prefer an NVIDIA GPU, then an Apple-silicon GPU, then the CPU.
if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")
print("using", device)
# --8<-- [end:pick]

# --8<-- [start:use]
x = torch.ones(2, 3, device=device)  # created right on that device
y = (x * 2).to("cpu")  # .to() copies it back to the CPU
print(x.device.type == device.type, y.device)
print(y)
# --8<-- [end:use]
