"""Reading YAML data files: always the safe loader, libyaml's when present.

The pure-Python loader takes over a second on corpus/annotations.yaml; libyaml about a tenth of that.
"""

from __future__ import annotations

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """Parse YAML text with the safe loader (raises yaml.YAMLError on malformed input)."""
    return yaml.load(text, Loader=SAFE_LOADER)
