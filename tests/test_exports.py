from __future__ import annotations

import openness

# The private packages behind the door: bound on the package by the import system, not public.
PRIVATE_PACKAGES = {"readers", "licenses"}


def test_all_is_the_public_namespace() -> None:
    public = {n for n in vars(openness) if not n.startswith("_")} - PRIVATE_PACKAGES
    assert set(openness.__all__) == public | {"__version__"}
    for name in PRIVATE_PACKAGES:
        assert "Private: the public door is" in (getattr(openness, name).__doc__ or "")


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


def test_public_classes_say_they_are_openness() -> None:
    classes = [
        getattr(openness, n) for n in openness.__all__ if isinstance(getattr(openness, n), type)
    ]
    assert len(classes) > 10
    for cls in classes:
        if cls.__module__ != "openness.errors":
            assert cls.__module__ == "openness", cls


def test_public_objects_still_pickle() -> None:
    import pickle  # noqa: PLC0415 - only this test pickles

    a = openness.score(
        {
            "name": "x",
            "access": "open",
            "license": "MIT",
            "components": {"model_parameters_final": {}},
        }
    )
    back = pickle.loads(pickle.dumps(a))  # noqa: S301 - our own object, made here
    assert back.to_dict() == a.to_dict()
    assert pickle.loads(pickle.dumps(openness.Status.PASS)) is openness.Status.PASS  # noqa: S301
