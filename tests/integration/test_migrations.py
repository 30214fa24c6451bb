"""The Alembic migrations produce exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_core.persistence.models import Base
from crm_core.persistence.name_search import described_by_models


def test_migrated_schema_matches_the_models(core):
    with core.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": described_by_models})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
