# --8<-- [start:fix]
from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super().__init__()  # Python 3: no arguments needed
        self.conv1 = nn.Conv2d(3, 64, kernel_size=3)

    def forward(self, x):
        return self.conv1(x)


class OldStyle(nn.Module):
    def __init__(self):
        # The two-argument form must name THIS class, not another one.
        super(OldStyle, self).__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=3)

    def forward(self, x):
        return self.conv1(x)


print(Decade())
print(OldStyle())
# --8<-- [end:fix]
