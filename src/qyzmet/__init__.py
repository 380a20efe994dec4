"""qyzmet: public services around citizens' life situations, on every channel."""

__version__ = "0.1.0"
