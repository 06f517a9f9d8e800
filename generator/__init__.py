"""Courtyard (院子): a community's charter, directory, libraries and calendar as checked data."""

__version__ = "0.1.0"
