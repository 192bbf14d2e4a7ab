"""finsam-toolkit: follow-up of insatser in Swedish samordningsförbund (Finsam)."""

__version__ = "0.1.0"

#: The template version this toolkit writes and understands best.
TEMPLATE_VERSION = 3
