"""Frozen dataclasses built at the cost of plain ones.

The `__init__` that `dataclass(frozen=True)` writes sets each field through `object.__setattr__`
(to get past the class's own `__setattr__`), about 0.1 µs a field in Python 3.11; a batch builds
tens of such values per form (rows, parsed values, row scores, explanations, findings).
`direct_init` gives such a class an `__init__` that fills the instance's `__dict__` instead:
the same parameters, order and defaults, and the instance is as frozen afterwards.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

_T = TypeVar("_T", bound=type)


def direct_init(cls: _T) -> _T:
    """Class decorator, above `@dataclass(frozen=True)`: the same `__init__`, faster.

    Raises:
        TypeError: for a class it does not fit (not a frozen dataclass, slots, `__post_init__`,
            default factories, keyword-only or non-init fields) — a programmer error.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" in vars(cls) \
            or hasattr(cls, "__post_init__"):
        raise TypeError(f"direct_init: {cls.__name__} 不是普通的冻结数据类")
    namespace: dict[str, object] = {}
    arguments: list[str] = []
    lines: list[str] = []
    for field in dataclasses.fields(cls):
        if not field.init or field.kw_only or field.default_factory is not dataclasses.MISSING:
            raise TypeError(f"direct_init: {cls.__name__}.{field.name} 的定义方式不受支持")
        if field.default is dataclasses.MISSING:
            arguments.append(field.name)
        else:
            namespace[f"_default_{field.name}"] = field.default
            arguments.append(f"{field.name}=_default_{field.name}")
        lines.append(f"    fields[{field.name!r}] = {field.name}")
    source = "\n".join([f"def __init__(self, {', '.join(arguments)}):",
                        "    fields = self.__dict__", *lines])
    exec(source, namespace)  # as `dataclasses` writes the __init__ it replaces
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__module__ = cls.__module__  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls
