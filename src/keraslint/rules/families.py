"""Imports every rule family so that its rules register themselves."""

from keraslint.rules import head_loss, input_errors

__all__ = ["head_loss", "input_errors"]
