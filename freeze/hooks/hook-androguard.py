"""androguard reads JSON permission and API tables from its package folder.

Only used if some bundled module imports androguard (the product's analyzer is
our own; androguard is a benchmark baseline), in which case PyInstaller runs this
hook and the tables travel with it.
"""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("androguard")
