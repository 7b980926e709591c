"""Alembic environment: always run in-process on a connection Companion hands over."""

from alembic import context
from sqlmodel import SQLModel

import companion.db.models  # noqa: F401  (registers every table on the metadata)
from companion.db.visit_tally import is_derived_table

config = context.config


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # The FTS5 index, its bookkeeping and the visit tally are raw SQL, outside the models.
    return not (type_ == "table" and is_derived_table(name))


connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
