#!/usr/bin/env python3
"""Entry point: `python build.py [import|build|serve] [--config PATH]` (see `python build.py --help`)."""

from coopnews.cli import main

if __name__ == "__main__":
    main()
