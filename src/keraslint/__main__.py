"""``python -m keraslint``."""

from keraslint.cli import main

if __name__ == "__main__":
    main()
