# --8<-- [start:conv]
import torch
import torch.nn.functional as F

# The course's 5x5 "image" and 3x3 kernel.
image = torch.tensor([[1, 2, 0, 3, 1],
                      [0, 1, 2, 3, 1],
                      [1, 2, 1, 0, 0],
                      [5, 2, 3, 1, 1],
                      [2, 1, 0, 1, 1]])
kernel = torch.tensor([[1, 2, 1],
                       [0, 1, 0],
                       [2, 1, 0]])

# F.conv2d wants (N, C, H, W) input and (out_C, in_C, kH, kW) weights.
image = torch.reshape(image, (1, 1, 5, 5))
kernel = torch.reshape(kernel, (1, 1, 3, 3))
print(image.shape, kernel.shape)

output = F.conv2d(image, kernel, stride=1)
print(output)
# --8<-- [end:conv]

# --8<-- [start:by_hand]
# One output entry = the 3x3 window times the kernel, summed.
window = image[0, 0, 0:3, 1:4]  # rows 0-2, columns 1-3
by_hand = (window * kernel[0, 0]).sum()
print(window)
print(by_hand.item(), output[0, 0, 0, 1].item())
# --8<-- [end:by_hand]

# --8<-- [start:stride_padding]
print(F.conv2d(image, kernel, stride=2))  # jump two cells at a time
print(F.conv2d(image, kernel, padding=1).shape)  # a ring of zeros first
print(F.conv2d(image, kernel, padding=1)[0, 0, 0, 0].item())
# --8<-- [end:stride_padding]
