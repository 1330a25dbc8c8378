"""`replace` for the frozen, slotted records of service.model: what
`dataclasses.replace` does, three to four times faster.

Every pipeline stage returns a changed copy of the `Article` (60-odd fields),
about thirty copies per article. `dataclasses.replace` reads each field by
name in a Python loop, builds a keyword dict and calls the generated
`__init__`, which sets each field again: about 15 us per copy, some 5 % of the
whole pipeline's CPU. Here each record class gets, once, a generated function
that copies the slots straight through their descriptors (what the frozen
`__init__` does too, with `object.__setattr__`): the same new object, the
same field values, about 4 us.

Only classes for which that is exactly what `dataclasses.replace` would do get
the fast copy: a dataclass whose fields are all slots and all in `__init__`,
with no `InitVar` and no `__post_init__`. Anything else goes to
`dataclasses.replace`. Type checkers see `dataclasses.replace` itself, so
call sites keep their field and type checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__all__ = ["replace"]

_Copier = Callable[[Any, dict[str, Any]], Any]
_COPIERS: dict[type, _Copier] = {}


def _slow(obj: Any, changes: dict[str, Any]) -> Any:
    return dataclasses.replace(obj, **changes)


def _copier(cls: type) -> _Copier:
    """The copy function of `cls` (generated once and kept)."""
    fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
    slots = set(getattr(cls, "__slots__", ()))
    params = getattr(cls, "__dataclass_params__", None)
    fast = bool(fields) and params is not None and params.init \
        and len(fields) == len(getattr(cls, "__dataclass_fields__", ())) \
        and not hasattr(cls, "__post_init__") \
        and all(f.init and f.name in slots and f.name.isidentifier() for f in fields)
    if not fast:
        _COPIERS[cls] = _slow
        return _slow
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_replace": _slow}
    lines = ["def copy(obj, changes):", "    if not changes.keys() <= _names:",
             "        return _replace(obj, changes)  # its error for an unknown field",
             "    new = _new(_cls)"]
    for i, f in enumerate(fields):
        namespace[f"_set{i}"] = getattr(cls, f.name).__set__
        lines.append(f"    _set{i}(new, changes[{f.name!r}] if {f.name!r} in changes else obj.{f.name})")
    lines.append("    return new")
    namespace["_names"] = frozenset(f.name for f in fields)
    exec("\n".join(lines), namespace)
    copy: _Copier = namespace["copy"]
    _COPIERS[cls] = copy
    return copy


if TYPE_CHECKING:
    from dataclasses import replace as replace
else:
    def replace(obj, /, **changes):
        """A copy of the dataclass instance `obj` with `changes` applied."""
        copy = _COPIERS.get(type(obj))
        if copy is None:
            if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
                raise TypeError("replace() should be called on dataclass instances")
            copy = _copier(type(obj))
        return copy(obj, changes)
