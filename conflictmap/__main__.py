"""``python -m conflictmap`` runs the command-line interface."""

from conflictmap.cli import main

if __name__ == "__main__":
    main()
