"""Social-media strategy reports per client: import exports, analyse, render self-contained HTML."""

__version__ = "0.1.0"
