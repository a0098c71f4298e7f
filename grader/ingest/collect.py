"""Which files a batch grades, and the id each submission is known by.

Every file found under the folders named on the command line is accounted
for: a file the grader can read is a submission; anything else (an
unsupported type, a symbolic link, a FIFO or device, a folder that cannot be
listed) is a *refused* entry that still gets a gradebook row with its reason,
so no student silently disappears from a class. Folders are walked without
following symbolic links: a link to ``/etc/passwd`` or to a rubric is refused,
never read. Paths named directly are the caller's own choice and are resolved.

Submission ids name reports and gradebook rows, so they must be unique and
safe as file names. The rule (:func:`submission_ids`): the file's stem when no
other file in the batch shares it; otherwise its whole name (``a.md``,
``a.txt``); otherwise its path below the folder named (``week1__a.md``). The
result is cleaned to letters, digits, ``.``, ``_`` and ``-`` and cut to
:data:`ID_MAX_CHARS_DEFAULT`; an id that had to be changed or cut carries a
hash of the path it stands for, so two files never share one.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from grader.errors import SubmissionError
from grader.ingest.files import refuse_special

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".ipynb", ".pdf")
#: Longest submission id; report names add ``.md`` and temporary-file affixes,
#: well inside the 255-byte name limit of common file systems.
ID_MAX_CHARS_DEFAULT = 80
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class FoundFile:
    """One entry of a batch: a file to grade, or one refused with ``reason``.

    ``relative`` is the path below the folder it was found in (the file name
    for a path named directly); ``id`` is set by :func:`submission_ids`.
    """

    path: Path
    relative: str
    reason: str | None = None
    id: str = ""

    @property
    def refused(self) -> bool:
        return self.reason is not None


def collect_files(paths: Sequence[Path]) -> list[FoundFile]:
    """Every entry under ``paths``, in a stable order, with unique ids.

    Hidden files and folders (``.git``, ``.ipynb_checkpoints``) are skipped:
    they are tools' files, not students'.
    """
    found: list[FoundFile] = []
    for path in paths:
        if path.is_dir():
            found += _walk(path)
        else:
            found.append(named_file(path))
    unique = list({str(f.path): f for f in found}.values())
    return submission_ids(unique)


def submission_ids(files: Sequence[FoundFile], *,
                   known: Mapping[str, str] | None = None) -> list[FoundFile]:
    """``files`` with unique, file-name-safe ids (the rule is in the module docstring).

    ``known`` maps resolved paths to the ids an earlier run gave them: those
    files keep their ids, and no other file is given one of them.
    """
    fresh = _fresh_ids(files)
    if not known:
        return fresh
    in_use = set(known.values())
    placed = []
    for f in fresh:
        earlier = known.get(str(f.path.resolve()))
        if earlier is not None:
            placed.append(replace(f, id=earlier))
            continue
        new_id = f.id if f.id not in in_use else safe_id(f.id, str(f.path), force_hash=True)
        count = 1
        while new_id in in_use:
            count += 1
            new_id = f"{f.id}-{count}"
        in_use.add(new_id)
        placed.append(replace(f, id=new_id))
    return placed


def _fresh_ids(files: Sequence[FoundFile]) -> list[FoundFile]:
    stems = Counter(Path(f.relative).stem for f in files)
    names = Counter(Path(f.relative).name for f in files)
    ids = []
    for f in files:
        stem, name = Path(f.relative).stem, Path(f.relative).name
        candidate = (stem if stems[stem] == 1 else name if names[name] == 1
                     else _distinct_tail(f, [g for g in files if Path(g.relative).name == name]))
        ids.append(safe_id(candidate, str(f.path)))
    counts = Counter(ids)
    ids = [i if counts[i] == 1 else safe_id(i, str(f.path), force_hash=True)
           for i, f in zip(ids, files, strict=True)]
    # The same path given twice is still two entries: number the repeats.
    seen: Counter[str] = Counter()
    unique = []
    for i in ids:
        seen[i] += 1
        unique.append(i if seen[i] == 1 else f"{i}-{seen[i]}")
    return [FoundFile(f.path, f.relative, f.reason, i)
            for f, i in zip(files, unique, strict=True)]


def _distinct_tail(entry: FoundFile, namesakes: Sequence[FoundFile]) -> str:
    """The fewest trailing path components that tell ``entry`` from files of
    the same name (``week1/a.md`` → ``week1__a.md``), joined by ``__``."""
    parts = Path(entry.relative).parts
    others = [Path(g.relative).parts for g in namesakes if g is not entry]
    for count in range(2, len(parts) + 1):
        if all(other[-count:] != parts[-count:] for other in others):
            return "__".join(parts[-count:])
    return "__".join(parts)


def safe_id(candidate: str, original: str, *, force_hash: bool = False,
            max_chars: int = ID_MAX_CHARS_DEFAULT) -> str:
    """``candidate`` cleaned for use as a file name; a hash of ``original`` is
    appended when anything had to change, so distinct originals stay distinct."""
    cleaned = _UNSAFE.sub("_", candidate).lstrip(".") or "submission"
    if cleaned == candidate and len(cleaned) <= max_chars and not force_hash:
        return cleaned
    digest = hashlib.sha256(original.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{cleaned[:max_chars - 9]}-{digest}"


def named_file(path: Path) -> FoundFile:
    """A path named directly: followed if it is a link (the caller chose it)."""
    relative = path.as_posix().lstrip("/")
    try:
        resolved = path.resolve(strict=True)
        refuse_special(path, resolved.stat().st_mode)
    except OSError as error:
        return FoundFile(path, relative, f"cannot read the file ({error.strerror})")
    except SubmissionError as error:
        return FoundFile(path, relative, _reason(error, path))
    return FoundFile(resolved if path.is_symlink() else path, relative, _unsupported(path))


def _walk(root: Path) -> list[FoundFile]:
    """Entries below ``root``, sorted by path; nothing behind a link is visited."""
    found: list[FoundFile] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            relative = folder.relative_to(root).as_posix() if folder != root else folder.name
            found.append(FoundFile(folder, relative, f"folder could not be read "
                                   f"({error.strerror}); its files were not graded"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = path.relative_to(root).as_posix()
            if entry.is_symlink():
                found.append(FoundFile(path, relative, "a symbolic link (not followed)"))
            elif entry.is_dir(follow_symlinks=False):
                stack.append(path)
            else:
                found.append(FoundFile(path, relative, _entry_reason(entry, path)))
    return sorted(found, key=lambda f: f.relative)


def _entry_reason(entry: os.DirEntry[str], path: Path) -> str | None:
    try:
        refuse_special(path, entry.stat(follow_symlinks=False).st_mode)
    except OSError as error:
        return f"cannot read the file ({error.strerror})"
    except SubmissionError as error:
        return _reason(error, path)
    return _unsupported(path)


def _unsupported(path: Path) -> str | None:
    if path.suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    return (f"unsupported file type {path.suffix or '(none)'!r} (expected one of "
            f"{', '.join(SUPPORTED_SUFFIXES)})")


def _reason(error: SubmissionError, path: Path) -> str:
    """The error's message without the path prefix (the row already names the file)."""
    return str(error).removeprefix(f"{path}: ")


__all__ = ["ID_MAX_CHARS_DEFAULT", "SUPPORTED_SUFFIXES", "FoundFile", "collect_files",
           "named_file", "safe_id", "submission_ids"]
