# --8<-- [start:batch]
import torch

image = torch.rand(3, 32, 32)  # what Resize((32, 32)) + ToTensor give

batch = image.unsqueeze(0)     # a new axis of size 1 in front
print(batch.shape)
# The notes' reshape gives the same tensor, but repeats every size by hand
print(torch.equal(batch, torch.reshape(image, (1, 3, 32, 32))))

# unsqueeze(0) does not care about the sizes: any image, any channels
print(torch.rand(1, 64, 48).unsqueeze(0).shape)
# Several images: stack them along a new first axis
print(torch.stack([image, image, image]).shape)
# --8<-- [end:batch]
