"""`python -m app` runs the command-line interface."""

import multiprocessing

from app.cli.main import main

# Guarded: on Windows an APK analysis child is a spawned copy of this program; in
# a frozen build freeze_support() turns such a copy into the child (or into the
# analysis fork server on Linux) instead of the command line.
if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
