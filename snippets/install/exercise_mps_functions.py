# --8<-- [start:solution]
import torch

mps = torch.backends.mps
print([name for name in dir(mps) if name.startswith("is_")])
# is_built: was this PyTorch compiled with MPS support at all?
# is_available: ... and can it use an Apple GPU on this machine right now?
print(type(mps.is_built()).__name__, type(mps.is_available()).__name__)
# --8<-- [end:solution]
