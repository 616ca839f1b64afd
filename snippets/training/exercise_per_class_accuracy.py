# --8<-- [start:solution]
import torch

classes = ["cat", "dog", "frog"]
outputs = torch.tensor([[2.0, 0.1, 0.3],   # scores of 6 images
                        [0.2, 1.5, 0.1],
                        [1.1, 0.9, 0.2],
                        [0.3, 0.2, 2.2],
                        [0.1, 0.4, 1.8],
                        [0.5, 2.1, 0.4]])
targets = torch.tensor([0, 1, 1, 2, 0, 1])
hits = outputs.argmax(1) == targets
for i, name in enumerate(classes):
    mine = targets == i  # the images whose true class is i
    right, total = (hits & mine).sum().item(), mine.sum().item()
    print(f"{name}: {right}/{total} = {right / total:.2f}")
print(f"all: {hits.sum().item()}/{len(targets)}")
# --8<-- [end:solution]
