"""Build support for the PyInstaller bundle (``build.spec``); never part of the bundle."""
