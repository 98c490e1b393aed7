"""Exchange files (``.ccab``): one assessment and everything about it, to send to an auditor or
back to the practice (docs/exchange-format.md).

``schema`` (what the content holds), ``format`` (the envelope, the hash, careful parsing),
``crypto`` (passphrase protection), ``files`` (bounded reads, atomic private writes),
``export`` and ``importing`` (from and into the database), ``methods`` (the facade's
``export_exchange`` / ``import_exchange``).
"""
