"""Django's PostgreSQL backend; only the check before each request's first query changes.

With CONN_HEALTH_CHECKS, Django sends SELECT 1 before the first query of every request: one
more round trip on every page and every saved answer. A connection the server has ended (a
restart, a failover, an administrator) has had its socket closed, and reading what arrived
while it sat idle shows that without asking the server anything.
"""

from django.db.backends.postgresql import base
from psycopg import OperationalError
from psycopg.pq import ConnStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        """After an error, Django's own check (a round trip); otherwise a read of the socket."""
        if self.connection is None or self.errors_occurred:
            return super().is_usable()
        pgconn = self.connection.pgconn
        try:
            pgconn.consume_input()  # never blocks: takes what is there, e.g. a server's goodbye
        except OperationalError:
            return False
        return pgconn.status == ConnStatus.OK
