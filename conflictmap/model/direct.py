"""Direct constructors for the frozen, slotted dataclasses of hot loops (issue 20).

The ``__init__`` a frozen dataclass is given sets each field through
``object.__setattr__``, parses keyword arguments and calls ``__post_init__``: about
four times the cost of setting the slots themselves. A long article builds tens of
thousands of mentions and statements, so the stages that make one per spot or per
statement use :func:`direct`, which returns a constructor taking every field
positionally, in the order given, and writing the slots through their descriptors.
The object is the same as the ``__init__`` one (same class, same fields, equal, with
the same hash), provided the values are already what ``__post_init__`` would leave
(no coercion is done: pass a ``MentionKind``, not a string). tests/test_model_direct.py
checks each constructor the pipeline uses against the class's own.

Examples
--------
>>> from conflictmap.model import Mention, MentionKind
>>> make = direct(Mention)  # start, end, text, place, confidence, alternatives, reason, kind
>>> m = make(0, 3, "Gao", "t:gao", 0.9, (), None, MentionKind.NAME)
>>> m == Mention(start=0, end=3, text="Gao", place="t:gao", confidence=0.9)
True
"""

from __future__ import annotations

import dataclasses
import keyword
import types
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["direct"]

T = TypeVar("T")


def direct(cls: type[T], names: Sequence[str] | None = None) -> Callable[..., T]:
    """A constructor of ``cls`` taking the value of each field of ``names``, in order.

    Parameters
    ----------
    cls : type
        A frozen dataclass with ``slots=True``.
    names : sequence of str, optional
        Every field of ``cls``, each once, in the order the constructor takes them
        (by default the order the class declares them in).

    Returns
    -------
    callable
        ``make(*values) -> cls``: sets the slots, calls no ``__post_init__``.

    Raises
    ------
    TypeError
        When ``cls`` is not a frozen, slotted dataclass or ``names`` are not its fields.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__} is not a frozen, slotted dataclass")
    fields = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    names = fields if names is None else list(names)
    if sorted(names) != sorted(fields) or len(set(names)) != len(names):
        raise TypeError(f"{cls.__name__}: give every field once: {fields}")
    if any(keyword.iskeyword(n) or not n.isidentifier() for n in names):
        raise TypeError(f"{cls.__name__}: a field name is no identifier")
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = [f"def make({', '.join(names)}):", "    obj = _new(_cls)"]
    for number, name in enumerate(names):
        slot = getattr(cls, name)
        if not isinstance(slot, types.MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{name} is no slot")
        scope[f"_set{number}"] = slot.__set__
        lines.append(f"    _set{number}(obj, {name})")
    lines.append("    return obj")
    exec("\n".join(lines), scope)  # the way dataclasses writes __init__ itself
    make: Callable[..., T] = scope["make"]
    make.__qualname__ = f"direct({cls.__name__})"
    return make
