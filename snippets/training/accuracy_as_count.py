# --8<-- [start:count]
import torch
from torch.utils.data import DataLoader, TensorDataset

# The scores a model gave 8 test images (2 classes) and their true classes:
# it gets 6 of the 8 right. The second test set is the same one twice over.
scores = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3], [0.4, 0.6],
                       [0.3, 0.7], [0.8, 0.2], [0.6, 0.4], [0.1, 0.9]])
labels = torch.tensor([0, 1, 0, 1, 1, 0, 1, 0])

for copies in [1, 2]:
    test_data = TensorDataset(scores.repeat(copies, 1), labels.repeat(copies))
    test_loader = DataLoader(test_data, batch_size=4)
    total_accuracy = 0  # how many images were right
    for outputs, targets in test_loader:
        total_accuracy += (outputs.argmax(1) == targets).sum().item()
    print(f"{len(test_data)} images",
          "wrong:", total_accuracy,  # a count: what it logged as accuracy
          "right:", total_accuracy / len(test_data))  # the fraction right
# --8<-- [end:count]
