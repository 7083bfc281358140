package io.shareline.backfill;

import io.shareline.connector.spec.ConnectorSpec;

/** The next page of historical runs after {@code cursor} (null: the first page), in the spec's backfill order. */
public record BackfillPageRequest(ConnectorSpec spec, String cursor, int pageSize) {}
