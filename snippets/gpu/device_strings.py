# --8<-- [start:strings]
import torch

cpu = torch.device("cpu")
first_gpu = torch.device("cuda:0")  # creating it needs no GPU; using it does
print(cpu.type, first_gpu.type, first_gpu.index)
print(torch.device("cuda").index)  # no index: "the current GPU"
# --8<-- [end:strings]
