"""Test-suite configuration.

Hypothesis runs derandomized: the examples are a fixed function of each test, so a run is
reproducible and CI sees exactly what a developer sees locally (munu's rule: every random draw
takes a seed). Explore new examples with ``HYPOTHESIS_PROFILE=explore uv run pytest``.
"""

import os

from hypothesis import settings

settings.register_profile("munu", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "munu"))
