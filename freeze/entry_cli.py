"""Entry script of the bundled ``ihsa`` command.

``freeze_support()`` comes before anything else: an APK analysis child is this
same executable started with ``--multiprocessing-fork``, and it must be diverted
into the child's code before the command line is parsed.
Then matplotlib gets a lasting cache folder (see app/frozen.py).
"""

import multiprocessing

multiprocessing.freeze_support()

from app.frozen import keep_matplotlib_cache  # noqa: E402  (after freeze_support on purpose)

keep_matplotlib_cache()

from app.cli.main import main  # noqa: E402

raise SystemExit(main())
