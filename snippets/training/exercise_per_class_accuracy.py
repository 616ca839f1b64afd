# --8<-- [start:solution]
import torch

outputs = torch.tensor([[2.0, 0.1, 0.3],
                        [0.2, 1.5, 0.1],
                        [0.9, 0.1, 0.8],
                        [0.1, 0.2, 3.0]])
targets = torch.tensor([0, 1, 2, 2])
preds = outputs.argmax(1)

# Accuracy per class: among the images of class c, how many were right?
for c in range(3):
    mask = targets == c
    right = (preds[mask] == c).sum().item()
    print(c, right, mask.sum().item())
# --8<-- [end:solution]
