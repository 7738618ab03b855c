from .plugin import GuidesPlugin

__all__ = ["GuidesPlugin"]
