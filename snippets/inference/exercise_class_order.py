# --8<-- [start:solution]
import json

# Your own classifier's class_to_idx, saved as JSON with sorted keys
class_to_idx = {"pizza": 0, "burger": 1, "salad": 2}
text = json.dumps(class_to_idx, sort_keys=True)
print(text)

loaded = json.loads(text)  # keys now in A-Z order, not index order
notes = [name for name, index in loaded.items()]  # the notes' way
by_index = sorted(loaded, key=loaded.get)         # index 0, 1, 2
print("index 0 ->", notes[0], "(notes),", by_index[0], "(sorted)")

# Or turn the dict around: index -> name
idx_to_class = {index: name for name, index in loaded.items()}
print(idx_to_class[0])
# --8<-- [end:solution]
