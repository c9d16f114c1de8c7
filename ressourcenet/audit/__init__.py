"""The audit log: who created, changed or deleted what, and when (issue 14)."""


def anonymise(person) -> int:
    """Replace the person's name and e-mail in the log with "Slettet person" (services.py)."""
    from ressourcenet.audit.services import anonymise as _anonymise

    return _anonymise(person)
