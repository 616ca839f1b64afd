from torch import nn


class Decade(nn.Module):
    def forward(self, x):
        return x + 1


decade = Decade()
output = decade()  # the input is missing: should be decade(x)
