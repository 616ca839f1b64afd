# --8<-- [start:solution]
import numpy as np
import torch

array = np.arange(4.0)
candidates = {
    "torch.from_numpy(array)": torch.from_numpy(array),
    "torch.as_tensor(array)": torch.as_tensor(array),
    "torch.tensor(array)": torch.tensor(array),
    "torch.from_numpy(array.copy())": torch.from_numpy(array.copy()),
    "torch.from_numpy(array).float()": torch.from_numpy(array).float(),
}
for name, t in candidates.items():
    # shares memory if it sees the original array's buffer
    print(f"{name:33} shares: {np.shares_memory(t.numpy(), array)}")
# --8<-- [end:solution]
