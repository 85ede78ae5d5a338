"""Human-readable views of coded articles (plain text, generated from the coded structure)."""

from khabar.views.brief import brief

__all__ = ["brief"]
