# --8<-- [start:solution]
import inspect

from torch.utils.data import DataLoader

params = inspect.signature(DataLoader).parameters
print(list(params)[:6])
print(params["batch_size"].default, params["shuffle"].default,
      params["num_workers"].default, params["drop_last"].default)
# --8<-- [end:solution]
