# --8<-- [start:check]
import torch
import torchvision

print("torch", torch.__version__)  # e.g. 2.14.1+cu130 or 2.14.1+cpu
print("torchvision", torchvision.__version__)
print("built for CUDA", torch.version.cuda)  # None in a CPU-only wheel
print("CUDA available:", torch.cuda.is_available())  # NVIDIA GPU usable?
print("MPS available:", torch.backends.mps.is_available())  # Apple GPU?
# --8<-- [end:check]
