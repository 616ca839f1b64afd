# --8<-- [start:solution]
import torch
from PIL import Image
from torch import nn
from torchvision import transforms

# The chapter's layers (untrained: here only shapes and sums matter)
torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
).eval()
transform = transforms.Compose([transforms.Resize((32, 32)),
                                transforms.ToTensor()])
names = ["cat", "coffee", "rocket", "grace_hopper"]
images = [transform(Image.open(f"snippets/photos/{n}.jpg").convert("RGB"))
          for n in names]

batch = torch.stack(images)  # (4, 3, 32, 32): one forward pass for all
with torch.no_grad():
    together = model(batch).softmax(dim=1)
    one_by_one = torch.cat([model(x.unsqueeze(0)).softmax(dim=1)
                            for x in images])
print(batch.shape, together.shape)
print(together.sum(dim=1).round(decimals=4).tolist())
print(torch.allclose(together, one_by_one, atol=1e-6))
# --8<-- [end:solution]
