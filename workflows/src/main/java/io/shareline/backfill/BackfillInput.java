package io.shareline.backfill;

import io.shareline.connector.spec.ConnectorSpec;
import java.util.List;

/**
 * Start input of a backfill, and what each continue-as-new carries.
 *
 * @param exclude  keys ({@code workflow/job}) the connector queued, is delivering or recently finished: never
 *                 backfilled (bounded: an older delivered run backfilled again is a no-op at every stage)
 * @param cursor   where the next page starts (null: the beginning)
 * @param progress counts so far (null: starting)
 * @param paused   the connector is disabled: no new delivery starts until it resumes
 * @param returning source workflows with a failed run handed back to the connector: their later runs go there too
 */
public record BackfillInput(ConnectorSpec spec, List<String> exclude, String cursor, BackfillProgress progress,
    boolean paused, List<String> returning) {

  public BackfillInput {
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    returning = returning == null ? List.of() : List.copyOf(returning);
  }

  public BackfillInput(ConnectorSpec spec, List<String> exclude, String cursor, BackfillProgress progress, boolean paused) {
    this(spec, exclude, cursor, progress, paused, List.of());
  }
}
