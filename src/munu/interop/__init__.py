"""Interchange with other statistics tools: pyhf/HistFactory JSON workspaces
(:mod:`munu.interop.histfactory`).

Example:
    >>> from munu.interop import SUPPORTED_MODIFIERS
    >>> SUPPORTED_MODIFIERS
    ('normfactor', 'normsys', 'shapefactor')
"""

from munu.interop.histfactory import (
    SUPPORTED_MODIFIERS,
    ImportedWorkspace,
    limit_from_workspace,
    model_from_workspace,
    read_workspace,
    workspace_from_card,
    workspace_from_model,
)

__all__ = [
    "SUPPORTED_MODIFIERS",
    "ImportedWorkspace",
    "limit_from_workspace",
    "model_from_workspace",
    "read_workspace",
    "workspace_from_card",
    "workspace_from_model",
]
