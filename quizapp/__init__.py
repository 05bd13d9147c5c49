"""quizapp: offline CCMA practice exams for medical-assistant students."""

__version__ = "0.1.0"
