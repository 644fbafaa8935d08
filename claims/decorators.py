"""Marks shared by the models of every app."""

from collections.abc import Callable
from typing import Any


def alters_data[F: Callable[..., Any]](method: F) -> F:
    """Mark a model method as one that changes data, so a template never calls it.

    The same as Django's own `method.alters_data = True` after the method, said once above it
    in a form the type checker follows.
    """
    method.alters_data = True  # type: ignore[attr-defined]
    return method
