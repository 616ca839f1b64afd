from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super(self, Decade).__init__()  # the class comes first: (Decade, self)


decade = Decade()
