# --8<-- [start:source]
import inspect

from torch.utils.data import Dataset

# What Jupyter's `Dataset??` shows, in plain Python:
print(inspect.signature(Dataset.__add__))
print(inspect.getsource(Dataset.__add__), end="")
# --8<-- [end:source]
