"""The ``ihsa`` command-line interface."""
