"""Each feature installs its pages, home buttons, menu entries and shortcuts into the window.

Keeping the wiring per feature means the main window knows no feature, and features never edit
each other's files.
"""
