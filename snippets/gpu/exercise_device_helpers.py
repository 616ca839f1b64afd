# --8<-- [start:solution]
import torch


def get_device():
    """CUDA, then Apple's MPS, then the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def to_device(batch, device):
    # a DataLoader batch is a list of tensors: move each, keep the order
    return [t.to(device) for t in batch]


device = get_device()
batch = [torch.rand(8, 3, 32, 32), torch.randint(0, 10, (8,))]
imgs, targets = to_device(batch, device)
print(imgs.device.type == targets.device.type == device.type)
print(batch[0].device)  # the batch itself stays on the CPU
# --8<-- [end:solution]
