# --8<-- [start:solution]
import torch
from torchvision.models import vgg16

# On the "meta" device tensors have a shape but no data: the model is
# built instantly, without filling 138 million random weights. Enough to
# count parameters, not to compute anything.
with torch.device("meta"):
    model = vgg16(weights=None)

for name, part in model.named_children():
    count = sum(p.numel() for p in part.parameters())
    print(f"{name:<10} {count:>12,}")
print(model.classifier[0].weight.shape, model.classifier[0].weight.device)
# --8<-- [end:solution]
