"""Read-only containers for compiled lexicons.

A compiled lexicon is cached once per process (and pickled on disk) and shared by every Coder that uses the same data
folders, so nothing in it may change after compiling: :func:`freeze` turns the parsed YAML (dicts, lists, sets) into
:class:`FrozenDict`, tuples and frozensets, all the way down. To change what a lexicon knows, change the data files or
pass an overlay folder (``Coder(overlays=[DIR])``, ``khabar code --lexicon DIR``).

``FrozenDict`` is a ``dict`` whose mutating methods raise ``TypeError``, rather than a ``types.MappingProxyType``:
mapping proxies can be neither pickled (the compiled lexicon is cached as a pickle) nor written as JSON, and code that
reads an entry (``isinstance(ref, dict)``, ``json.dumps``) keeps working unchanged.
"""

from __future__ import annotations

from typing import Any, NoReturn

READ_ONLY = ("a compiled lexicon is read-only (it is shared by every Coder of the process): change the data files or "
             "load an overlay folder instead")


class FrozenDict(dict):  # type: ignore[type-arg]
    """A read-only dict (hashing is not offered: its values need not be hashable)."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(READ_ONLY)

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        return self


def freeze(value: Any) -> Any:
    """``value`` with every dict, list and set in it made read-only (FrozenDict, tuple, frozenset)."""
    if isinstance(value, FrozenDict):
        return value
    if isinstance(value, dict):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    return value
