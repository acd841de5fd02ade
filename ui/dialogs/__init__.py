"""Dialogs of the main window: registers, settings, about, start-up and crash."""
