"""Imports every rule family so that its rules register themselves."""

from keraslint.rules import directives, head_loss, input_errors, labels, metrics, predictions

__all__ = ["directives", "head_loss", "input_errors", "labels", "metrics", "predictions"]
