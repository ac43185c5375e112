"""The from-scratch NumPy digit network: layers, loss, optimisers, save/load."""

from .architecture import CLASSES, SIDE, cnn, mlp
from .network import Network
from .serialization import ModelFileError, load_network, read_info, save_network

__all__ = ["CLASSES", "SIDE", "Network", "ModelFileError", "cnn", "load_network", "mlp", "read_info", "save_network"]
