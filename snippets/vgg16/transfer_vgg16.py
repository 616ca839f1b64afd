# --8<-- [start:load]
import torch
from PIL import Image
from torch import nn
from torchvision.models import VGG16_Weights, vgg16

weights = VGG16_Weights.DEFAULT   # the best ImageNet weights torchvision has
model = vgg16(weights=weights)    # downloads them once, then uses the cache

print(weights)
print(len(weights.meta["categories"]), weights.meta["categories"][:3])
n_params = sum(p.numel() for p in model.parameters())
print(f"{n_params:,}", n_params == weights.meta["num_params"])
# --8<-- [end:load]

# --8<-- [start:parts]
for name, part in model.named_children():
    print(name, type(part).__name__)
print(model.classifier)
# --8<-- [end:parts]

# --8<-- [start:print]
print(model)
# --8<-- [end:print]

# --8<-- [start:predict]
preprocess = weights.transforms()  # resize, crop, normalise as in training
print(preprocess)
img = Image.open("snippets/photos/cat.jpg")
batch = preprocess(img).unsqueeze(0)  # one image -> a batch of one
print(batch.shape)

model.eval()               # dropout off: predictions are deterministic
with torch.no_grad():      # no graph: less memory, faster
    scores = model(batch)
probs = scores.softmax(dim=1)
print(scores.shape, round(probs.sum().item(), 4))
# --8<-- [end:predict]

# --8<-- [start:top5]
top = probs[0].topk(5)
for p, idx in zip(top.values, top.indices):
    print(f"{weights.meta['categories'][idx]:<20} {p.item():.3f}")
# --8<-- [end:top5]

# --8<-- [start:add]
# The notes' first way: append a layer that maps the 1000 ImageNet scores
# to 10 classes.
model.classifier.add_module("add_linear", nn.Linear(1000, 10))
print(model.classifier[-3:])
print(model.classifier(torch.zeros(1, 25088)).shape)
# --8<-- [end:add]

# --8<-- [start:replace]
del model.classifier[7]   # undo the addition: Sequential supports del
# The notes' second way: replace the last layer, 4096 -> 10 classes.
model.classifier[6] = nn.Linear(4096, 10)
print(model.classifier[-3:])
print(model.classifier(torch.zeros(1, 25088)).shape)
# --8<-- [end:replace]

# --8<-- [start:freeze]
for param in model.features.parameters():
    param.requires_grad = False   # keep the pretrained convolutions as they are

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
total = sum(p.numel() for p in model.parameters())
print(f"trainable {trainable:,} of {total:,}")

# Only the trainable parameters go to the optimizer.
optim = torch.optim.SGD(
    [p for p in model.parameters() if p.requires_grad], lr=0.01)
# --8<-- [end:freeze]

# --8<-- [start:check_frozen]
model.train()
tiny = torch.rand(2, 3, 32, 32)   # two small fake images: just to see the grads
loss = nn.CrossEntropyLoss()(model(tiny), torch.tensor([3, 7]))
loss.backward()
print(model.features[0].weight.grad is None)   # frozen: no gradient
print(model.classifier[6].weight.grad.shape)   # the new head learns
# --8<-- [end:check_frozen]
