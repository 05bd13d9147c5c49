"""PySide6 front end: pages and widgets that render what core services return."""
