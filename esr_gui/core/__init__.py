"""The Qt-free core: models, parsers, diagnosis, remedies planning, reports."""
