"""The files Debian's cloud-init writes from each user data of a JSON list read on stdin, printed as a JSON list.

Each user data goes through cloud-init's own code: UserDataProcessor reads it (MIME or not), each cloud-config part is
merged by the cloud-config part handler in the order cloud-init walks the parts (headers as the walker gives them, a
dict of the part), and each write_files entry is decoded as the write_files module decodes it; an entry with no path
is skipped as that module skips it. A content that cannot be decoded is null.
"""

import json
import logging
import sys
import tempfile

logging.disable(logging.CRITICAL)

from cloudinit import handlers, helpers, user_data, util  # noqa: E402
from cloudinit.config import cc_write_files  # noqa: E402
from cloudinit.handlers.cloud_config import CloudConfigPartHandler  # noqa: E402


def files_of(blob):
    paths = helpers.Paths({"cloud_dir": tempfile.mkdtemp(), "run_dir": tempfile.mkdtemp()})
    message = user_data.UserDataProcessor(paths).process(blob.encode("utf-8"))
    handler = CloudConfigPartHandler(paths)
    handler.cloud_fn = None
    handler.handle_part(None, handlers.CONTENT_START, None, None, None, None)
    for part in message.walk():
        if part.get_content_maintype() == "multipart" or part.get_content_type() != "text/cloud-config":
            continue
        handler.handle_part(None, "text/cloud-config", part.get_filename(), util.fully_decoded_payload(part), None, dict(part))
    written = (handler.cloud_buf or {}).get("write_files")
    files = []
    for entry in written if isinstance(written, list) else []:
        if not isinstance(entry, dict) or not entry.get("path"):
            continue
        try:
            content = cc_write_files.extract_contents(entry.get("content", ""), cc_write_files.canonicalize_extraction(entry.get("encoding")))
            content = content.decode("utf-8") if isinstance(content, bytes) else content
        except Exception:
            content = None
        files.append({"path": entry["path"], "content": content})
    return files


print(json.dumps([files_of(blob) for blob in json.load(sys.stdin)]))
