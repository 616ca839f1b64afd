# --8<-- [start:add]
import torch
from torch import nn
from torchvision.models import vgg16

# On the "meta" device tensors have shapes but no numbers: the models are
# built at once, without filling 138 million weights. Real ones behave
# the same.
with torch.device("meta"):
    wrong = vgg16(weights=None)
    wrong.add_module("add_linear", nn.Linear(1000, 10))  # beside classifier
    right = vgg16(weights=None)
    right.classifier.add_module("add_linear", nn.Linear(1000, 10))  # inside
    img = torch.ones(1, 3, 224, 224)  # one picture

for label, model in [("wrong:", wrong), ("right:", right)]:
    print(label, [name for name, _ in model.named_children()], model(img).shape)
# --8<-- [end:add]
