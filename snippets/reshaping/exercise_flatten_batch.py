# --8<-- [start:solution]
import torch

x = torch.rand(64, 3, 32, 32)  # a batch as the DataLoader gives it

by_view = x.view(64, -1)
by_reshape = x.reshape(x.shape[0], -1)  # no hard-coded batch size
by_flatten = torch.flatten(x, 1)        # keep dim 0, flatten the rest

print(by_view.shape, by_reshape.shape, by_flatten.shape)
print(torch.equal(by_view, by_flatten), torch.equal(by_reshape, by_flatten))
# the last batch of an epoch may be smaller: only -1 forms adapt
print(torch.flatten(x[:16], 1).shape)
# --8<-- [end:solution]
