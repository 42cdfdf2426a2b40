"""The package version (one place; the CLI, downloads and maps read it here)."""

__version__ = "0.1.0"
