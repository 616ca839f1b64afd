# --8<-- [start:permute]
import torch

a = torch.arange(6).view(2, 3)
print(a)
print(a.stride(), a.is_contiguous())  # one row is 3 steps, one column 1

t = a.permute(1, 0)  # swap the two dimensions (same as a.t() here)
print(t)
print(t.stride(), t.is_contiguous())  # same memory, other reading order
print(t.data_ptr() == a.data_ptr())
# --8<-- [end:permute]

# --8<-- [start:fix]
fixed = t.contiguous()  # copies into row-major order
print(fixed.is_contiguous(), fixed.data_ptr() == a.data_ptr())
print(fixed.view(-1))

print(t.reshape(-1))  # reshape copies only when it has to
print(a.reshape(-1).data_ptr() == a.data_ptr())  # here it is a view
# --8<-- [end:fix]

# --8<-- [start:images]
# The everyday permute: an HWC image (numpy, PIL, matplotlib) <-> CHW
chw = torch.rand(3, 32, 48)
hwc = chw.permute(1, 2, 0)
print(hwc.shape, hwc.is_contiguous())
print(torch.equal(hwc.permute(2, 0, 1), chw))
# --8<-- [end:images]
