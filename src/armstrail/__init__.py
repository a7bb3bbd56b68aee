"""armstrail: attributed arms-transfer claims from news reports."""

__version__ = "0.3.0"
