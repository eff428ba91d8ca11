from __future__ import annotations

import openness


def test_all_is_the_public_namespace() -> None:
    public = {n for n in vars(openness) if not n.startswith("_")} | {"__version__"}
    assert set(openness.__all__) == public


def test_dir_is_all() -> None:
    assert dir(openness) == sorted(openness.__all__)


def test_errors_share_one_base() -> None:
    for error in (
        openness.InvalidReleaseError,
        openness.UnknownLicenseError,
        openness.ModelFileError,
    ):
        assert issubclass(error, openness.OpennessError)
    assert issubclass(openness.InvalidReleaseError, ValueError)
    assert issubclass(openness.UnknownLicenseError, ValueError)
