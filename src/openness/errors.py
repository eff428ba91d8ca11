"""The public errors. Every error openness raises is an :class:`OpennessError`."""

from __future__ import annotations

__all__ = [
    "InvalidPolicyError",
    "InvalidReleaseError",
    "LicenseArgumentError",
    "ModelFileError",
    "OpennessError",
    "UnknownLicenseError",
]


class OpennessError(Exception):
    """The one base class of the errors openness raises."""


class UnknownLicenseError(OpennessError, ValueError):
    """Raised when a licence name is not in the knowledge base.

    >>> from openness import get_license
    >>> get_license("llama-9")
    Traceback (most recent call last):
        ...
    openness.errors.UnknownLicenseError: Unknown license: 'llama-9'
    """

    def __init__(self, license_id: str) -> None:
        self.license_id = license_id
        super().__init__(f"Unknown license: {license_id!r}")

    def __reduce__(self) -> tuple[type[UnknownLicenseError], tuple[str]]:
        return (self.__class__, (self.license_id,))


class _InputError(OpennessError, ValueError):
    """An input that cannot be read: its message names the source, the field and the problem."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        where = f"{source}: {field}: " if field else f"{source}: "
        super().__init__(f"{where}{problem}")

    def __reduce__(self) -> tuple[type[_InputError], tuple[str, str, str]]:
        return (self.__class__, (self.source, self.field, self.problem))


class InvalidReleaseError(_InputError):
    """Raised when a release cannot be read: it names the source, the field and what was expected.

    >>> from openness import score
    >>> score({"name": "x", "acess": "open"})
    Traceback (most recent call last):
        ...
    openness.errors.InvalidReleaseError: <mapping>: acess: unknown field (did you mean 'access'?)
    """


class InvalidPolicyError(_InputError):
    """Raised when a policy cannot be read: it names the source, the field and what was expected.

    >>> from openness import check
    >>> check({"name": "x"}, {"name": "p", "requir": ["owd"]})
    Traceback (most recent call last):
        ...
    openness.errors.InvalidPolicyError: <policy>: requir: unknown field (did you mean 'require'?)
    """


class ModelFileError(OpennessError, RuntimeError):
    """Raised when a packaged data file is missing, altered or not of this version's layout.

    The classifier, the licence table and the known releases are each pinned by SHA-256 and
    checked before they are read.
    """


class LicenseArgumentError(OpennessError, TypeError):
    """Raised when :func:`openness.identify_license` is given neither a text nor a file path."""
