import torch.tensor  # torch.tensor is a function, not a module

x = torch.tensor([1.0, 2.0])
