"""Settings: ``base`` (embedded default and environment switches), ``production``, ``test``."""
