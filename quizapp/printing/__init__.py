"""Reports on paper: PDF rendered by Qt's own QTextDocument and QPdfWriter (no other dependency).

Outside quizapp.core, which never imports Qt; the CLI and the GUI both call it with the frozen
report values core returns.
"""
