# --8<-- [start:accuracy]
import torch

# Scores of 2 images (rows) for 2 classes (columns). A 2x2 tensor is ONE
# nested list: the rows go inside the outer brackets.
outputs = torch.tensor([[0.1, 0.2],
                        [0.3, 0.4]])
preds = outputs.argmax(1)  # dim 1: the best class in each row
targets = torch.tensor([0, 1])  # the true classes
print(preds)
print(preds == targets)
correct = (preds == targets).sum()  # True counts as 1
print(correct, correct.item())
print(correct.item() / len(targets))  # accuracy, a Python float
# --8<-- [end:accuracy]

# --8<-- [start:number]
total = 0
total += (preds == targets).sum()  # as in the notes: now a tensor
print(type(total).__name__, total / len(targets))
total = 0
total += (preds == targets).sum().item()  # stays a Python int
print(type(total).__name__, total / len(targets))
# --8<-- [end:number]
