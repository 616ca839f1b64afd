# --8<-- [start:preload]
import torch
import torchvision

to_tensor = torchvision.transforms.ToTensor()
train = torchvision.datasets.CIFAR10("./dataset", train=True,
                                     transform=to_tensor, download=True)
# The dataset already holds every image decoded, in one uint8 array;
# train[i] turns one of them into a PIL image, then ToTensor into floats.
print(type(train.data).__name__, train.data.shape[1:], train.data.dtype)

images = torch.from_numpy(train.data).contiguous().permute(0, 3, 1, 2)
print(images.shape[1:], images.dtype)

batch = images[:64].float().div_(255)  # a whole batch, one operation
by_hand = torch.stack([train[i][0] for i in range(64)])  # 64 PIL images
print(torch.equal(batch, by_hand))
# --8<-- [end:preload]

# --8<-- [start:layout]
# Shape N x 3 x 32 x 32, but in memory the 3 colours of a pixel sit side
# by side (NHWC): the "channels_last" layout. Strides say how far to step
# in memory for +1 along each dimension (N, C, H, W).
print(images.stride())
print(images.is_contiguous(memory_format=torch.channels_last))
print(batch.is_contiguous(memory_format=torch.channels_last))
nchw = by_hand  # ToTensor + DataLoader give the classic NCHW layout
print(nchw.stride())
# --8<-- [end:layout]
