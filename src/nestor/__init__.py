"""nestor: news reports in, PLOVER event records out — with who says so, and how sure it is."""

__version__ = "0.1.0"
CODER_NAME = f"nestor {__version__}"

__all__ = ["CODER_NAME", "__version__"]
