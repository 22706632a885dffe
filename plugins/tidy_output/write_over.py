"""Files written over in place: the old file's blocks reused, then cut to the new length.

`open(path, "w")` on an existing file truncates it first: its blocks are freed, then new
ones allocated as it is written. Freeing blocks is slow on a file system mounted with
`discard` (each freed extent is a request to the disk, waited for): 2,000 pages of 40 KB
took 0.2-0.4 s written that way, 0.05 s written over (same bytes). Written over, a file
keeps the blocks it needs and frees only those past its new end.

A file is never left longer than what was written into it: `close()` cuts it at the
current position. Its modification and status-change times are those of a write even
when nothing was written (tidy_output tells the build's files by their ctime).
"""

from __future__ import annotations

import io
import os

_FLAGS = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)


class TextWrittenOver(io.TextIOWrapper):
    """A text file like `open(path, "w", encoding=...)`'s, written over the old one."""

    def __init__(self, path: str, encoding: str | None = None) -> None:
        super().__init__(open(os.open(path, _FLAGS, 0o666), "wb"), encoding=encoding)  # noqa: SIM115 (closed by close())

    def close(self) -> None:
        if not self.closed:
            try:
                _cut_here(self)
            finally:
                super().close()


def _cut_here(file) -> None:
    file.flush()
    end = file.buffer.tell()
    file.buffer.truncate(end)
    if end == 0:
        os.utime(file.fileno())  # no write: the times a write would have set


def write_bytes_over(path: str | os.PathLike, data: bytes) -> None:
    """`Path(path).write_bytes(data)`, written over the file already there."""
    handle = os.open(path, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.ftruncate(handle, len(data))
        if not data:
            os.utime(handle)
    finally:
        os.close(handle)
