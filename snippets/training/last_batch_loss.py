# --8<-- [start:last]
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

# 9 images, batches of 4: the last batch holds one image. The model says
# class 0 for all of them, and only that last image is class 1.
scores = torch.tensor([[2.0, 0.0]] * 9)
labels = torch.tensor([0] * 8 + [1])
train_loader = DataLoader(TensorDataset(scores, labels), batch_size=4)
loss_fn = nn.CrossEntropyLoss()  # the mean over one batch

loss_sum = 0.0
for outputs, targets in train_loader:
    loss = loss_fn(outputs, targets)
    loss_sum += loss.item() * len(targets)  # the batch's total
print(f"wrong: {loss.item():.3f}")  # only the last batch's loss
print(f"right: {loss_sum / len(train_loader.dataset):.3f}")  # per image
# --8<-- [end:last]
