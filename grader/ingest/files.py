"""Opening a submission file without trusting it.

A class folder is written by students: a "file" may be a FIFO that blocks
forever, a link to ``/dev/zero`` or to a host file, or 2 GB of junk. Every read
of submission bytes goes through :func:`read_regular_file`, which opens without
following a final symbolic link and without blocking, checks with ``fstat`` on
the open descriptor (so the file checked is the file read) that it is a regular
file within the size limit, and then reads at most that many bytes. See
``docs/threat-model.md``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from grader.errors import SubmissionError

#: Largest submission file read, in bytes (a typed answer set is a few KB; a
#: PDF with a text layer rarely exceeds a few hundred KB).
MAX_BYTES_DEFAULT = 2 * 1024 * 1024
_CHUNK = 64 * 1024


def read_regular_file(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT) -> bytes:
    """The bytes of ``path`` if it is a regular, non-empty file of at most ``max_bytes``.

    Raises:
        SubmissionError: a symbolic link, FIFO, device, socket or folder; a
            file too large or empty; an OS error. The message names the file.

    Example:
        >>> read_regular_file(Path("alice.md"))  # doctest: +SKIP
        b'1a) O(t n^2 L)'
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SubmissionError(f"{path}: a symbolic link (not followed)") from error
        raise SubmissionError(f"{path}: cannot read the file ({error.strerror})") from error
    try:
        info = os.fstat(fd)
        refuse_special(path, info.st_mode)
        if info.st_size > max_bytes:
            raise SubmissionError(f"{path}: file too large ({info.st_size} bytes; the limit "
                                  f"is {max_bytes} bytes)")
        data = _read_at_most(fd, max_bytes + 1)
    except OSError as error:
        raise SubmissionError(f"{path}: cannot read the file ({error.strerror})") from error
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew after fstat
        raise SubmissionError(f"{path}: file too large (more than {max_bytes} bytes)")
    if not data:
        raise SubmissionError(f"{path}: the file is empty")
    return data


def refuse_special(path: Path, mode: int) -> None:
    """Raise unless ``mode`` (from ``stat``) is a regular file's."""
    if stat.S_ISREG(mode):
        return
    kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    raise SubmissionError(f"{path}: {kind}, not a submission file")


def file_digest(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT) -> str:
    """A short hash of a readable submission's bytes, or of why it is refused.

    Bounded like :func:`read_regular_file`: a FIFO or a 2 GB file is never
    read to compute a key.
    """
    try:
        data = read_regular_file(path, max_bytes=max_bytes)
    except SubmissionError as error:
        data = f"refused: {error}".encode()
    return hashlib.sha256(data).hexdigest()[:16]


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, min(_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
