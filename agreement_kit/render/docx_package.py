"""Word packages that come out byte for byte the same for the same input.

python-docx stamps every zip entry with the current time; :func:`deterministic_zip` repacks a
saved package with fixed timestamps, fixed permissions and a stable member order
(``[Content_Types].xml`` first, as Word writes it).
"""

from __future__ import annotations

import zipfile
from io import BytesIO

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()
