# --8<-- [start:solution]
from torch import nn


def count(layer):
    return sum(p.numel() for p in layer.parameters())


right = nn.Linear(3 * 32 * 32, 10)   # one picture in, 10 scores out
notes = nn.Linear(196608, 10)        # a whole batch of 64 in, 10 out
print(count(right), 3072 * 10 + 10)
print(count(notes), 196608 * 10 + 10)
print(round(count(notes) / count(right), 1))  # ~64 times more weights
# --8<-- [end:solution]
