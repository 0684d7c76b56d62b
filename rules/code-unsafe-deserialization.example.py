import pickle
import yaml
import torch

# expect: code-unsafe-deserialization
state = pickle.loads(open("state.bin", "rb").read())

# expect: code-unsafe-deserialization
config = yaml.load(open("config.yaml"))

# ok: code-unsafe-deserialization
config = yaml.load(open("config.yaml"), Loader=yaml.SafeLoader)

# (low: FullLoader runs no code on PyYAML 5.4 or later, and the file is the program's own)
# expect: code-unsafe-deserialization
config = yaml.load(open("config.yaml"), Loader=yaml.FullLoader)

# ok: code-unsafe-deserialization
config = yaml.safe_load(open("config.yaml"))

# (low: PyTorch 2.6 and later load weights only by default; earlier releases unpickle)
# expect: code-unsafe-deserialization
model = torch.load("model.pt")

# expect: code-unsafe-deserialization
model = torch.load("model.pt", weights_only=False)

# ok: code-unsafe-deserialization
model = torch.load("model.pt", weights_only=True)
