# --8<-- [start:solution]
import torch

img = torch.rand(32, 32, 3)  # HWC, as from numpy or matplotlib

chw = img.permute(2, 0, 1)   # CHW, what Conv2d expects per image
batch = chw.unsqueeze(0)     # a batch of one: (1, C, H, W)
print(batch.shape, batch.is_contiguous())

flat = batch.reshape(1, -1)  # reshape copes with the permuted memory
print(flat.shape)
print(torch.equal(batch.squeeze(0), chw))
# --8<-- [end:solution]
