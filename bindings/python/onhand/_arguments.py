# SPDX-License-Identifier: Apache-2.0
"""Argument errors in onhand's voice for the native functions.

pybind11 answers an unknown keyword, a missing argument or an argument of
the wrong type with a TypeError that lists the C++ signature. ``checked``
wraps a native function so that these surface as ``MalformedInputError``
(also a ``TypeError``) naming the argument (``field``). The wrapper costs one Python call on
success: the arguments are examined only after the native call refused them.
It also gives the function an ``inspect.signature`` read from the native
docstring.
"""
import ast
import datetime
import decimal
import functools
import inspect
import re

from . import _core

_ATTRIBUTES = ("item", "location", "lot", "document", "field", "requested", "available",
               "position", "line")


class ArgumentError(_core.MalformedInputError, TypeError):
    """An argument a function does not take, or of a type it does not accept:
    a MalformedInputError, and a TypeError as Python code expects."""


def malformed(message, field=None, **context):
    """An ArgumentError carrying the attributes native errors carry."""
    error = ArgumentError(message)
    for name in _ATTRIBUTES:
        setattr(error, name, None)
    error.field = field
    error.lines = []
    for name, value in context.items():
        setattr(error, name, value)
    return error


def day_argument(value, field):
    """A datetime.date from a date or 'YYYY-MM-DD'; a datetime is refused (the
    argument names a UTC day, not a moment), as is anything else, naming
    ``field``."""
    if isinstance(value, datetime.datetime):
        raise malformed(f"{field} must be a date or 'YYYY-MM-DD', not a datetime: it names a "
                        "day (UTC)", field)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise malformed(f"{field} must be a date or 'YYYY-MM-DD', not {value!r:.40}",
                            field) from None
    raise malformed(f"{field} must be a date or 'YYYY-MM-DD', not {type(value).__name__}", field)


def _split(text):
    """Splits a parameter list at top-level commas (not inside brackets or quotes)."""
    parts, depth, quote, start = [], 0, None, 0
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    if text[start:].strip():
        parts.append(text[start:].strip())
    return parts


class _Shown:
    """A default value pybind11 shows as text that is not a Python literal."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def signature_of(native):
    """The inspect.Signature in the first line of a pybind11 docstring, with
    the annotations as the text pybind11 gives, or None."""
    first = (native.__doc__ or "").split("\n", 1)[0]
    match = re.fullmatch(r"\w+\((.*)\)(?: -> (.*))?", first)
    if not match:
        return None
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    parameters = []
    for part in _split(match[1]):
        if part == "*":
            kind = inspect.Parameter.KEYWORD_ONLY
            continue
        name, _, rest = part.partition(":")
        annotation, has_default, default_text = rest.partition(" = ")
        default = inspect.Parameter.empty
        if has_default:
            try:
                default = ast.literal_eval(default_text.strip())
            except (ValueError, SyntaxError):
                default = _Shown(default_text.strip())
        parameters.append(inspect.Parameter(name.strip(), kind, default=default,
                                            annotation=annotation.strip() or "object"))
    return inspect.Signature(parameters)


def _numpy_type(value, name):
    module = type(value).__module__
    return module == "numpy" and any(base.__name__ == name for base in type(value).__mro__)


def _is_int(value):
    return (isinstance(value, int) and not isinstance(value, bool)) or _numpy_type(value, "integer")


_BINARY = (bytes, bytearray, memoryview)
# The types looked at before a native call (see _refuse_text).
_SCREENED = (*_BINARY, dict, decimal.Decimal)
_INT32 = range(-2**31, 2**31)
# The arguments the native code reads as a C++ int though they are annotated
# as objects (an int or None).
_INT_ARGUMENTS = ("shelf_life_days", "best_before_days", "removal_days", "alert_days")


def _is_text(value):
    """Whether a value is a str with a UTF-8 form (no lone surrogate)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text_problem(value):
    """Why a value where text is expected is refused, or None."""
    if isinstance(value, _BINARY):
        return f"must be a str, not {type(value).__name__}"
    if isinstance(value, str) and not _is_text(value):
        return "is not valid text (it holds a lone surrogate)"
    return None


def _contents_problem(value):
    """Why a dict argument (alternates, gtins, attributes) is refused: a key
    or value that is bytes, not a str, or not valid text; or None."""
    for key, item in value.items():
        if not _is_text(key):
            return f"has a key that {_text_problem(key) or 'must be a str'} ({_shown(key)})"
        for part in (item if isinstance(item, (tuple, list)) else (item,)):
            problem = _text_problem(part)
            if problem:
                return f"has a value that {problem}"
    return None


def _shown(value, limit=40):
    """repr() of a value, at most ``limit`` characters, for messages."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an int of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _refuse_text(name, args, kwargs, signature):
    """The ArgumentError for a bytes argument or a dict argument holding bytes
    (pybind11 would read bytes as text), or None when there is none."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return None  # the native call reports the argument error
    for argument, value in bound.arguments.items():
        if isinstance(value, dict):
            problem = _contents_problem(value)
        elif isinstance(value, decimal.Decimal):
            # pybind11 would convert a Decimal to a C++ int through int(),
            # which for Decimal('1E+999999999') writes a billion digits.
            annotation = signature.parameters[argument].annotation
            problem = "must be an int, not Decimal" if annotation == "int" else None
        else:
            problem = _text_problem(value)
        if problem:
            return malformed(f"{name}(): {argument} {problem}", argument)
    return None


def _cast_problem(name, signature, args, kwargs):
    """The ArgumentError for a value pybind11 could not convert inside a
    native function (it raises RuntimeError "Unable to cast"), or None."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return None
    for argument, value in bound.arguments.items():
        if argument in _INT_ARGUMENTS and _is_int(value) and int(value) not in _INT32:
            return malformed(f"{name}(): {argument} is out of range "
                             f"(-2**31 to 2**31-1): {_shown(value)}", argument)
        if isinstance(value, dict):
            problem = _contents_problem(value)
            if problem:
                return malformed(f"{name}(): {argument} {problem}", argument)
        elif isinstance(value, str) and not _is_text(value):
            return malformed(f"{name}(): {argument} {_text_problem(value)}", argument)
    return None


# What pybind11 accepts for each annotation it prints, and how to say it.
_TYPES = {
    "str": (_is_text, "a str"),
    "Optional[str]": (lambda v: v is None or _is_text(v), "a str or None"),
    "int": (lambda v: (isinstance(v, int) or _is_int(v)) and int(v) in _INT32,
            "an int from -2**31 to 2**31-1"),
    "bool": (lambda v: v is None or not isinstance(v, (str, bytes, list, dict, tuple)),
             "a bool"),
    "float": (lambda v: isinstance(v, (int, float)) or _numpy_type(v, "number"), "a number"),
    "list": (lambda v: isinstance(v, list), "a list"),
    "dict": (lambda v: isinstance(v, dict), "a dict"),
    "Dict[str, str]": (lambda v: isinstance(v, dict) and all(
        isinstance(k, str) and isinstance(x, str) for k, x in v.items()),
        "a dict of str to str"),
}


def _diagnose(name, signature, args, kwargs):
    """The MalformedInputError for arguments pybind11 refused."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as refused:
        text = str(refused)
        unknown = re.search(r"unexpected keyword argument '(\w+)'", text)
        if unknown:
            known = ", ".join(p for p in signature.parameters if p != "self")
            return malformed(f"{name}() has no argument '{unknown[1]}' (it takes {known})",
                             unknown[1])
        missing = re.search(r"missing a required argument: '(\w+)'", text)
        if missing:
            return malformed(f"{name}() needs the argument '{missing[1]}'", missing[1])
        duplicate = re.search(r"multiple values for argument '(\w+)'", text)
        if duplicate:
            return malformed(f"{name}() got '{duplicate[1]}' twice", duplicate[1])
        positional = [p.name for p in signature.parameters.values()
                      if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"]
        return malformed(f"{name}() takes {len(positional)} positional argument(s) "
                         f"({', '.join(positional)}); pass the others by keyword")
    for argument, value in bound.arguments.items():
        if argument == "self":
            continue
        annotation = signature.parameters[argument].annotation
        if isinstance(value, str) and not _is_text(value):
            return malformed(f"{name}(): {argument} {_text_problem(value)}", argument)
        accepts, described = _TYPES.get(annotation, (None, None))
        if accepts is not None and not accepts(value):
            return malformed(f"{name}(): {argument} must be {described}, "
                             f"not {type(value).__name__}", argument)
    return malformed(f"{name}(): the arguments do not match {name}{signature}")


def checked(native, name=None):
    """``native`` with argument errors raised as MalformedInputError."""
    signature = signature_of(native)
    if signature is None:
        return native
    name = name or native.__name__

    @functools.wraps(native)
    def call(*args, **kwargs):
        # pybind11 reads bytes as text: refuse them before anything is written.
        # The check costs a scan of the arguments; only a bytes value or a
        # dict argument is looked at further.
        if any(isinstance(value, _SCREENED) for value in args) or any(
                isinstance(value, _SCREENED) for value in kwargs.values()):
            error = _refuse_text(name, args, kwargs, signature)
            if error is not None:
                raise error
        try:
            return native(*args, **kwargs)
        except TypeError as refused:
            if "incompatible function arguments" not in str(refused):
                raise
            error = _diagnose(name, signature, args, kwargs)
        except RuntimeError as refused:
            if not str(refused).startswith("Unable to cast"):
                raise
            error = _cast_problem(name, signature, args, kwargs)
            if error is None:
                raise
        raise error

    call.__signature__ = signature
    return call


def keywords_checked(function):
    """A Python ``function`` whose unknown or missing arguments raise
    MalformedInputError; its arguments are bound before the call."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            signature.bind(*args, **kwargs)
        except TypeError:
            error = _diagnose(function.__name__, signature, args, kwargs)
        else:
            return function(*args, **kwargs)
        raise error

    return call


def check_methods(cls):
    """Class decorator: every method of ``cls`` and of its native base raises
    argument errors as MalformedInputError (a private native ``_name`` is
    named ``name`` in messages)."""
    native_cls = cls.__base__
    for attribute, value in list(vars(cls).items()):
        if not attribute.startswith("__") and inspect.isfunction(value):
            setattr(cls, attribute, keywords_checked(value))
    for attribute in dir(native_cls):
        if attribute.startswith("__") or attribute in vars(cls):
            continue
        native = getattr(native_cls, attribute)
        if callable(native) and not isinstance(native, type):
            setattr(cls, attribute, checked(native, attribute.lstrip("_")))
    return cls
