from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: the backup and restore commands, and noticing every write for the
    pages kept for logged-in users (lib/viewer_cache.py). No models, no pages."""

    name = "ressourcenet.ops"
    label = "ops"

    def ready(self) -> None:
        from ressourcenet.lib import viewer_cache

        viewer_cache.connect()
