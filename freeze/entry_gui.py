"""Entry script of the bundled ``ihsa-gui`` program.

``freeze_support()`` comes before Qt is loaded: an APK analysis child started from
the GUI is this same executable, and it must not build a second QApplication.
Then matplotlib gets a lasting cache folder (see app/frozen.py).
"""

import multiprocessing

multiprocessing.freeze_support()

from app.frozen import keep_matplotlib_cache  # noqa: E402  (after freeze_support on purpose)

keep_matplotlib_cache()

from ui.main import run  # noqa: E402

raise SystemExit(run())
