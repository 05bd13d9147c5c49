"""Small reusable widgets: question view, feedback, report form, page scaffolding."""
