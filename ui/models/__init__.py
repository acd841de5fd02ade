"""Qt item models over the records the services return."""
