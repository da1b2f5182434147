"""Views of the inspections pages (moved into a package; split by concern next)."""

from .rounds import *  # noqa: F403
