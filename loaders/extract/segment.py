"""Chinese word segmentation with spacy-pkuseg, and provisioning of its model.

spacy-pkuseg ships no model. Its ``default`` model lives in the source
distribution of ``pkuseg==0.0.25`` on PyPI; on first use it is fetched from the
package index (with progress), checked against a pinned SHA-256, and unpacked
into a cache outside the repository:
``$POLICYKG_PKUSEG_MODEL`` if set (a folder that already holds the model), else
``$POLICYKG_HOME/pkuseg/default``, else ``~/.cache/policykg/pkuseg/default``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

from policykg.errors import ModelMissingError

MODEL_PACKAGE = "pkuseg"
MODEL_VERSION = "0.0.25"
MODEL_SDIST = f"{MODEL_PACKAGE}-{MODEL_VERSION}.tar.gz"
MODEL_SDIST_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
MODEL_MEMBER_PREFIX = f"{MODEL_PACKAGE}-{MODEL_VERSION}/pkuseg/models/default/"
# Files that make a complete `default` model folder.
MODEL_FILES = ("features.pkl", "weights.npz")
INDEX_URL = os.environ.get("POLICYKG_PACKAGE_INDEX", "https://pypi.org/simple")

HOW_TO_GET_MODEL = (
    "The spacy-pkuseg 'default' model is missing. Get it with `policykg setup` (needs access to PyPI), "
    "or by hand: `pip download --no-deps --no-build-isolation --no-binary :all: pkuseg==0.0.25 -d DIR` "
    "(in an environment with setuptools, wheel, numpy and cython), extract "
    "pkuseg-0.0.25/pkuseg/models/default/ from the archive, and set POLICYKG_PKUSEG_MODEL to that folder."
)

ProgressCallback = Callable[[int, int], None]


def cache_home() -> Path:
    """Folder for downloaded resources, outside the repository.

    >>> import os; os.environ["POLICYKG_HOME"] = "/tmp/pk"; str(cache_home())
    '/tmp/pk'
    >>> del os.environ["POLICYKG_HOME"]
    """
    if os.environ.get("POLICYKG_HOME"):
        return Path(os.environ["POLICYKG_HOME"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policykg"


def model_dir() -> Path:
    """Where the segmentation model is (or will be) installed."""
    if os.environ.get("POLICYKG_PKUSEG_MODEL"):
        return Path(os.environ["POLICYKG_PKUSEG_MODEL"])
    return cache_home() / "pkuseg" / "default"


def model_is_installed(folder: Path | None = None) -> bool:
    """True when ``folder`` (default: :func:`model_dir`) holds a complete model."""
    folder = folder or model_dir()
    return all((folder / name).is_file() for name in MODEL_FILES)


def _sdist_url(index_url: str = INDEX_URL) -> str:
    """Find the download address of the pinned source distribution in the package index."""
    request = urllib.request.Request(
        f"{index_url.rstrip('/')}/{MODEL_PACKAGE}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        listing = json.load(response)
    for entry in listing.get("files", []):
        if entry.get("filename") == MODEL_SDIST:
            return entry["url"]
    raise ModelMissingError(f"{MODEL_SDIST} is not listed in {index_url}. {HOW_TO_GET_MODEL}")


def _download(url: str, target: Path, on_progress: ProgressCallback | None) -> None:
    digest = hashlib.sha256()
    with urllib.request.urlopen(url, timeout=120) as response, target.open("wb") as out:
        total = int(response.headers.get("Content-Length") or 0)
        done = 0
        while block := response.read(1 << 20):
            out.write(block)
            digest.update(block)
            done += len(block)
            if on_progress:
                on_progress(done, total)
    if digest.hexdigest() != MODEL_SDIST_SHA256:
        raise ModelMissingError(
            f"{MODEL_SDIST} downloaded from {url} has an unexpected checksum; refusing to use it. {HOW_TO_GET_MODEL}"
        )


def extract_model(archive: Path, folder: Path) -> Path:
    """Unpack the ``default`` model from a pkuseg source archive into ``folder``.

    Raises:
        ModelMissingError: the archive holds no model.
    """
    staging = Path(tempfile.mkdtemp(prefix="pkuseg-", dir=folder.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(MODEL_MEMBER_PREFIX) and m.isfile()]
            if not members:
                raise ModelMissingError(f"{archive} holds no {MODEL_MEMBER_PREFIX}. {HOW_TO_GET_MODEL}")
            for member in members:
                member.name = member.name[len(MODEL_MEMBER_PREFIX) :]
                tar.extract(member, staging, filter="data")
        # Move into place only when complete, so an interrupted run leaves no half model.
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def write_msgpack_features(folder: Path) -> None:
    """Store the model's features as ``features.msgpack``, the form spacy-pkuseg loads first.

    The archive ships them pickled; spacy-pkuseg reads that too but warns on every load.
    The pickle comes from the archive whose SHA-256 was checked on download.
    """
    import pickle

    import srsly

    source, target = folder / "features.pkl", folder / "features.msgpack"
    if target.exists() or not source.exists():
        return
    with source.open("rb") as handle:
        data = pickle.load(handle)
    data = {key: sorted(value) if isinstance(value, set) else value for key, value in data.items()}
    partial = target.with_suffix(".partial")
    srsly.write_msgpack(partial, data)
    partial.rename(target)


def ensure_model(on_progress: ProgressCallback | None = None, *, download: bool = True) -> Path:
    """Return the model folder, fetching and unpacking the model on first use.

    Args:
        on_progress: called with (bytes done, bytes total) while downloading.
        download: when False, never touch the network.

    Raises:
        ModelMissingError: the model is absent and could not be fetched; the
            message says how to get it by hand.
    """
    folder = model_dir()
    if model_is_installed(folder):
        if not (folder / "features.msgpack").exists() and os.access(folder, os.W_OK):
            write_msgpack_features(folder)
        return folder
    if not download or os.environ.get("POLICYKG_PKUSEG_MODEL"):
        raise ModelMissingError(f"No segmentation model in {folder}. {HOW_TO_GET_MODEL}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
        archive = Path(tmp) / MODEL_SDIST
        try:
            _download(_sdist_url(), archive, on_progress)
        except OSError as err:  # URLError, timeouts, disk errors
            raise ModelMissingError(f"Could not download {MODEL_SDIST}: {err}. {HOW_TO_GET_MODEL}") from err
        extract_model(archive, folder)
    write_msgpack_features(folder)
    return folder


class Segmenter:
    """spacy-pkuseg with a user dictionary of the project's own names.

    The model loads on the first call, not in the constructor.

    Args:
        user_words: words that must stay whole (department names, industry terms).
        model: a model folder; default: :func:`ensure_model`.
    """

    def __init__(self, user_words: Iterable[str] = (), model: Path | None = None):
        self.user_words = sorted({w for w in user_words if w and len(w) > 1})
        self.model = model
        self._seg = None

    def _load(self):
        import spacy_pkuseg

        folder = self.model or ensure_model()
        try:
            # spacy-pkuseg prints a notice about its model format on stdout; keep stdout for results.
            with contextlib.redirect_stdout(io.StringIO()):
                # pkuseg takes a list of words as well as a file name here (its annotation says only str).
                self._seg = spacy_pkuseg.pkuseg(model_name=str(folder), user_dict=self.user_words)  # pyright: ignore[reportArgumentType]
        except (OSError, ValueError, KeyError) as err:
            raise ModelMissingError(
                f"Could not load the segmentation model from {folder}: {err}. {HOW_TO_GET_MODEL}"
            ) from err
        return self._seg

    def __call__(self, text: str) -> list[str]:
        """Cut ``text`` into words; the words concatenate back to the text minus white space."""
        seg = self._seg or self._load()
        return cast(list[str], seg.cut(text))  # words only: no part-of-speech tagging is asked for
