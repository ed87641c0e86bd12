"""Writing files and folders so that a reader never sees half of them: atomic file writes and
record folders staged beside their target and swapped in whole.
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> Path:
    """Write text (UTF-8, newlines as given) atomically: see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write bytes via a temporary file in the same folder and an atomic rename.

    Only a regular file (or nothing) may be replaced: renaming over a device or a folder would
    destroy it, so that is an OSError naming the path.
    """
    check_replaceable(path)
    tmp = _temporary_copy(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_all(files: Mapping[Path, bytes]) -> None:
    """Write several files all or none: every one to a temporary file beside it first, and
    only when all are written are they renamed into place (on a failure before that, none is
    touched and the temporary files go)."""
    for path in files:
        check_replaceable(path)
    written: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            written.append((_temporary_copy(path, data), path))
    except BaseException:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in written:
        os.replace(tmp, path)


def check_replaceable(path: Path) -> None:
    """An OSError naming ``path`` unless it is a regular file or nothing (renaming over a
    device or a folder would destroy it)."""
    if path.exists() and not path.is_file():
        raise OSError(errno.EINVAL, "exists and is not a regular file", str(path))


def _temporary_copy(path: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``path``, readable by reviewers (mkstemp
    creates 0600; records are for reviewers to read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def staging_dir(target: Path) -> Path:
    """A fresh temporary folder beside ``target`` (same file system, so renames are atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-"))
    staged.chmod(0o755)
    return staged


def replace_dir(staged: Path, target: Path) -> None:
    """Swap a fully written staging folder into place.

    The old record is moved aside first and removed only after the new one is in place, so a
    crash leaves either the old record or the new one (and a leftover ``.old`` folder that the
    next run cleans up), never a half-written record.
    """
    backup = target.with_name(f".{target.name}.old")
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    os.replace(staged, target)
    if backup.exists():
        shutil.rmtree(backup)


@contextmanager
def staged_record(target: Path) -> Iterator[Path]:
    """Write a record folder atomically: recover an interrupted swap, yield a fresh staging
    folder beside ``target``, and swap it in only when the block finishes; on any error the
    staging folder is removed and ``target`` is untouched."""
    recover_interrupted(target)
    staged = staging_dir(target)
    try:
        yield staged
        replace_dir(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def recover_interrupted(target: Path) -> None:
    """Restore a record left aside by an interrupted swap and drop stale staging folders."""
    backup = target.with_name(f".{target.name}.old")
    if backup.exists() and not target.exists():
        os.replace(backup, target)
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
