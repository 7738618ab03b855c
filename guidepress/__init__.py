"""guidepress: publish co-created patient guides in many languages."""

__version__ = "0.1.0"
