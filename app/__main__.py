"""`python -m app` runs the command-line interface."""

import multiprocessing

from app.cli.main import main

# Guarded: APK analysis starts "spawn" child processes, which import this module
# again under another name; in a frozen build freeze_support() lets the child run.
if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
