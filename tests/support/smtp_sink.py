#!/usr/bin/env python3
"""SMTP sink for the Strata black-box tests.

Usage: smtp_sink.py OUT_DIR

Listens on a free 127.0.0.1 port, prints "PORT <n>" on stdout once ready, and writes every
received message to OUT_DIR/<000001>.json as {from, to, subject, text, html} with bodies decoded
(quoted-printable/base64 undone by the email module). Exits 3 with a message when aiosmtpd is
missing (install it with `pip install aiosmtpd`).
"""
import asyncio
import json
import os
import sys
from email import message_from_bytes, policy

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    print("ERROR aiosmtpd is not installed: run `pip install aiosmtpd`", flush=True)
    sys.exit(3)


class Handler:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        msg = message_from_bytes(raw, policy=policy.default)
        text, html = "", ""
        for part in msg.walk():
            if part.get_content_maintype() == "multipart":
                continue
            if part.get_content_disposition() == "attachment":
                continue
            try:
                content = part.get_content()
            except Exception:  # noqa: BLE001 - keep whatever we can
                payload = part.get_payload(decode=True) or b""
                content = payload.decode("utf-8", "replace")
            if not isinstance(content, str):
                continue
            if part.get_content_type() == "text/html":
                html += content
            else:
                text += content
        record = {
            "from": str(msg.get("From", "")),
            "envelope_from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "header_to": str(msg.get("To", "")),
            "subject": str(msg.get("Subject", "")),
            "text": text if text else html,
            "html": html,
        }
        self.count += 1
        name = os.path.join(self.out_dir, "%06d.json" % self.count)
        tmp = name + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(tmp, name)
        return "250 Message accepted for delivery"


async def main(out_dir):
    handler = Handler(out_dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="strata-test-sink", enable_SMTPUTF8=True),
        host="127.0.0.1",
        port=0,
    )
    port = server.sockets[0].getsockname()[1]
    print("PORT %d" % port, flush=True)
    # Exit when the parent closes our stdin (the test process went away).
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    await reader.read()
    server.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: smtp_sink.py OUT_DIR", file=sys.stderr)
        sys.exit(2)
    asyncio.run(main(sys.argv[1]))
