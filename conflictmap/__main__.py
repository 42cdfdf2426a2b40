"""``python -m conflictmap`` runs the command-line interface."""

from conflictmap.cli.run import run

if __name__ == "__main__":
    run()
