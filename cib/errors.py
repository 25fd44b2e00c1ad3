"""Errors meant for the person using the product, never shown as a traceback."""

from __future__ import annotations


class CibError(Exception):
    """A problem the user can act on; its message is written for an analyst."""
