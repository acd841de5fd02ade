"""The workstation's own security: evidence integrity, keys, accounts, audit log."""
