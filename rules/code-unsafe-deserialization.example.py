import pickle
import yaml
import torch

# expect: code-unsafe-deserialization
state = pickle.loads(open("state.bin", "rb").read())

# expect: code-unsafe-deserialization
config = yaml.load(open("config.yaml"))

# ok: code-unsafe-deserialization
config = yaml.load(open("config.yaml"), Loader=yaml.SafeLoader)

# ok: code-unsafe-deserialization
config = yaml.safe_load(open("config.yaml"))

# expect: code-unsafe-deserialization
model = torch.load("model.pt")

# ok: code-unsafe-deserialization
model = torch.load("model.pt", weights_only=True)
