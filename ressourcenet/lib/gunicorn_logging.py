"""gunicorn's logger with the secrets taken out of addresses (see lib/redact.py).

`ressourcenet serve` starts gunicorn with `--logger-class` pointing here. The access
log's fields (request line, path, query string, Referer, any header or environ value a
custom format names) are redacted before formatting; the error log through a filter.
"""

from gunicorn.glogging import Logger

from ressourcenet.lib.redact import RedactSecrets, redact


class RedactingLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        if not any(isinstance(f, RedactSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(RedactSecrets())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
