from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super().__init__(self)  # super() already knows self: pass nothing


decade = Decade()
