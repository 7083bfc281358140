package io.shareline.delta;

/**
 * Outcome of an append: either committed as {@code version}, or found already applied by an earlier
 * attempt carrying the same transaction identifier ({@code version} is then the table's current one).
 */
public record AppendResult(boolean alreadyApplied, long version) {}
