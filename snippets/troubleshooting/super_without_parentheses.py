from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super.__init__()  # the parentheses after super are missing


decade = Decade()
