#!/usr/bin/env python3
"""Entry point: `python build.py [import|build|serve] [--config PATH]` (see `python build.py --help`)."""

from coopnews.cli import run

if __name__ == "__main__":
    run()
