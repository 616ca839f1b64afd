# --8<-- [start:solution]
from torch.utils.data import DataLoader, Sampler


class EvenThenOdd(Sampler):
    """Yields the even indices first, then the odd ones."""

    def __init__(self, data_source):
        self.n = len(data_source)

    def __iter__(self):  # a sampler only has to yield indices
        yield from range(0, self.n, 2)
        yield from range(1, self.n, 2)

    def __len__(self):
        return self.n


data = [10, 11, 12, 13, 14, 15, 16]
sampler = EvenThenOdd(data)
print(list(sampler))
print([batch.tolist() for batch in DataLoader(data, batch_size=3,
                                              sampler=sampler)])
# --8<-- [end:solution]
