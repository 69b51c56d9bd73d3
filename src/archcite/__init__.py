"""archcite: structured records of archival and FRUS documents, cited exactly."""

__version__ = "0.1.0"
