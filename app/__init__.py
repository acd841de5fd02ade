"""IHSA Workstation core: everything that does not need Qt."""

__version__ = "0.1.0"
APP_ID = "ihsa-workstation"
APP_NAME = "IHSA Workstation"
APP_NAME_ZH = "互联网医院安全评估工作站"
