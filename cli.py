"""Thin shim: `python cli.py ...` behaves exactly as `agreement-kit ...`."""

from agreement_kit.program import main

if __name__ == "__main__":
    main()
