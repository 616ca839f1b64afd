# --8<-- [start:solution]
from model import Decade

model = Decade()
# Every weight and bias the optimizer will update.
total = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(total)
# --8<-- [end:solution]
