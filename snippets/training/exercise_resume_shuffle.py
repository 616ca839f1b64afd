# --8<-- [start:solution]
import torch
from torch.utils.data import DataLoader

shuffle_gen = torch.Generator().manual_seed(0)
loader = DataLoader(range(8), batch_size=4, shuffle=True,
                    generator=shuffle_gen)

state = shuffle_gen.get_state()  # what a checkpoint keeps
epoch_1 = [batch.tolist() for batch in loader]
epoch_2 = [batch.tolist() for batch in loader]
print(epoch_1, epoch_2)

shuffle_gen.set_state(state)  # resume: same generator state ...
print([batch.tolist() for batch in loader] == epoch_1)  # ... same order
print([batch.tolist() for batch in loader] == epoch_2)  # and the next
# --8<-- [end:solution]
