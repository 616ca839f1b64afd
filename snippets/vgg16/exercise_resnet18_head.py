# --8<-- [start:solution]
import torch
from torch import nn
from torchvision.models import resnet18

# weights=None: random weights, nothing to download. With
# weights=ResNet18_Weights.DEFAULT the recipe is exactly the same.
model = resnet18(weights=None)
print(model.fc)  # ResNet's last layer is called fc, not classifier[6]

for param in model.parameters():
    param.requires_grad = False          # freeze everything ...
model.fc = nn.Linear(model.fc.in_features, 10)  # ... a new layer learns

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(model.fc, f"{trainable:,}")
model.eval()
with torch.no_grad():
    print(model(torch.rand(1, 3, 64, 64)).shape)
# --8<-- [end:solution]
