package io.shareline.connector;

import io.shareline.delivery.RunRef;

/**
 * What the schema pre-registration found: how many historical runs are in scope, the newest of them
 * (the first live delivery when no live run is queued; null without history) and how many schema
 * versions they span.
 */
public record SchemaHistory(int runs, RunRef newest, int schemaVersions) {}
