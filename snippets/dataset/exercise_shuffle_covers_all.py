# --8<-- [start:solution]
import torch
from torch.utils.data import DataLoader

loader = DataLoader(range(500), batch_size=64, shuffle=True,
                    generator=torch.Generator().manual_seed(0))
for epoch in range(3):
    seen = torch.cat(list(loader))  # every index of one epoch, in order
    print(f"epoch {epoch}: {len(seen)} indices, first {seen[:4].tolist()},",
          "each once:", sorted(seen.tolist()) == list(range(500)))
# --8<-- [end:solution]
