"""Entry script of the bundled ``ihsa-gui`` program.

``freeze_support()`` comes before Qt is loaded: an APK analysis child started from
the GUI is this same executable, and it must not build a second QApplication.
"""

import multiprocessing

multiprocessing.freeze_support()

from ui.main import run  # noqa: E402  (after freeze_support on purpose)

raise SystemExit(run())
