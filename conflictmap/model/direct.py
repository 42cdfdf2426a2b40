"""Direct constructors for the frozen, slotted dataclasses of hot loops (issue 20).

The ``__init__`` a frozen dataclass is given sets each field through
``object.__setattr__``, parses keyword arguments and calls ``__post_init__``: about
four times the cost of setting the slots themselves. A long article builds tens of
thousands of mentions and statements, so the stages that make one per spot or per
statement use :func:`direct`, which returns a constructor taking every field
positionally, in the order given. It builds the object as an instance of a *twin*: a
plain class with the same slots in the same order (so the same layout), whose slots
are set by ordinary attribute stores, then gives the object its class
(``obj.__class__ = cls``, which Python allows between classes of one layout). That is
about half the cost of calling each slot descriptor's ``__set__`` (the way used for a
class whose bases have slots of their own, where no twin is made). The object is the
same as the ``__init__`` one (same class, same fields, equal, with the same hash),
provided the values are already what ``__post_init__`` would leave (no coercion is
done: pass a ``MentionKind``, not a string). tests/test_model_direct.py checks each
constructor the pipeline uses against the class's own.

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
    for name in names:
        if not isinstance(getattr(cls, name), types.MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{name} is no slot")
    make = _through_twin(cls, names) if cls.__bases__ == (object,) else None
    if make is None:
        make = _through_descriptors(cls, names)
    make.__qualname__ = f"direct({cls.__name__})"
    return make


def _compiled(scope: dict[str, Any], names: Sequence[str], body: list[str]) -> Callable[..., Any]:
    """``make(*names)`` of ``body``'s lines, written the way dataclasses writes ``__init__``."""
    lines = [f"def make({', '.join(names)}):", *body, "    return obj"]
    exec("\n".join(lines), scope)
    make: Callable[..., Any] = scope["make"]
    return make


def _through_descriptors(cls: type[T], names: Sequence[str]) -> Callable[..., T]:
    """A constructor calling each slot descriptor's ``__set__``."""
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = ["    obj = _new(_cls)"]
    for number, name in enumerate(names):
        scope[f"_set{number}"] = getattr(cls, name).__set__
        body.append(f"    _set{number}(obj, {name})")
    return _compiled(scope, names, body)


def _through_twin(cls: type[T], names: Sequence[str]) -> Callable[..., T] | None:
    """A constructor filling an instance of a plain twin of ``cls`` (same slots, same
    order), then giving it ``cls`` as its class; ``None`` when Python refuses the swap
    or a field does not come back as it was set (checked once, here)."""
    slots = vars(cls)["__slots__"]
    twin = type(f"_{cls.__name__}Twin", (object,), {"__slots__": slots})
    scope: dict[str, Any] = {"_new": object.__new__, "_twin": twin, "_cls": cls}
    body = ["    obj = _new(_twin)", *(f"    obj.{name} = {name}" for name in names)]
    make = _compiled(scope, names, [*body, "    obj.__class__ = _cls"])
    marks = [object() for _ in names]
    try:
        probe = make(*marks)
    except TypeError:  # "object layout differs": keep to the descriptors
        return None
    if type(probe) is not cls or not all(
        getattr(probe, n) is m for n, m in zip(names, marks, strict=True)
    ):
        return None
    return make
