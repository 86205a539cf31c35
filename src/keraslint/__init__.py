"""keraslint: static diagnostics for Keras model definitions."""

__version__ = "0.1.0"
