# --8<-- [start:sequential]
import torch
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler

data = ["a", "b", "c", "d", "e", "f"]  # any object with len() will do

sequential = SequentialSampler(data)
print(list(sequential))  # indices, not data: 0, 1, 2, ...
# --8<-- [end:sequential]

# --8<-- [start:random]
g = torch.Generator().manual_seed(0)  # seeded: same order on every run
shuffled = RandomSampler(data, generator=g)
print(list(shuffled))  # epoch 1
print(list(shuffled))  # epoch 2: a new order, every index exactly once

with_replacement = RandomSampler(data, replacement=True, num_samples=8,
                                 generator=g)
print(list(with_replacement))  # indices may repeat
# --8<-- [end:random]

# --8<-- [start:dataloader]
# DataLoader asks the sampler for indices, fetches data[i], makes batches
loader = DataLoader(data, batch_size=4, sampler=SequentialSampler(data))
print(list(loader))

print(type(DataLoader(data).sampler).__name__)  # shuffle=False
print(type(DataLoader(data, shuffle=True).sampler).__name__)
# --8<-- [end:dataloader]
