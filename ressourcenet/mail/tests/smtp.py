"""A real SMTP server for the tests (aiosmtpd), which can refuse recipients and go down."""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.utils import getaddresses

from aiosmtpd.controller import Controller


@dataclass
class Received:
    rcpt_to: list[str]
    to_header: list[tuple[str, str]]
    subject: str


@dataclass
class FlakyServer:
    """refused: addresses answered with 550. drop_after: after this many messages have been
    received, the next one loses its connection during DATA, and the server stays down
    (every new connection is dropped) until `down` is set to False again."""

    refused: set[str] = field(default_factory=set)
    drop_after: int | None = None
    down: bool = False
    received: list[Received] = field(default_factory=list)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.down:
            server.transport.abort()
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.down or (self.drop_after is not None and len(self.received) >= self.drop_after):
            self.down = True
            server.transport.abort()
            return "421 4.3.2 Going down"
        message = message_from_bytes(envelope.content)
        self.received.append(
            Received(
                rcpt_to=list(envelope.rcpt_tos),
                to_header=getaddresses(message.get_all("To", [])),
                subject=str(message["Subject"]),
            )
        )
        return "250 OK: queued"

    def recipients(self) -> list[str]:
        return sorted(address for item in self.received for address in item.rcpt_to)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(handler: FlakyServer) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
