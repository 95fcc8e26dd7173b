"""coopnews: a static site generator for university–enterprise cooperation news."""

__version__ = "0.1.0"
