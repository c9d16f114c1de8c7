"""An e-mail backend that keeps messages in the database, for demo mode without SMTP.

Administrators read them on the outbox page, so a demo can follow an invitation from
the coordinator's click to the guest's answer without a mail server.
"""

import base64

from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from ressourcenet.accounts.models import OutboxMessage

        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            attachments = []
            for attachment in message.attachments:
                filename, content, mimetype = attachment
                if isinstance(content, str):
                    content = content.encode()
                attachments.append(
                    {
                        "filename": filename,
                        "mimetype": mimetype,
                        "content": base64.b64encode(content).decode(),
                    }
                )
            OutboxMessage.objects.create(
                to=", ".join(message.recipients()),
                subject=message.subject,
                body=message.body,
                html=html,
                attachments=attachments,
            )
        return len(email_messages)
