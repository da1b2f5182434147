"""Write-side operations of a round (moved into a package; split by concern next)."""

from .rounds import *  # noqa: F403
