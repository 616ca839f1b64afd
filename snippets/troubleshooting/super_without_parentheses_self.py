from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super.__init__(self)  # no parentheses after super, self passed instead


decade = Decade()
