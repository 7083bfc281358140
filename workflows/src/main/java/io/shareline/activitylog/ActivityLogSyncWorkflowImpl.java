package io.shareline.activitylog;

import io.shareline.common.SearchAttributes;
import io.shareline.connector.spec.ConnectorSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

/**
 * Find the start point, then forever: export batches until caught up, wait for the interval or a
 * poke. Disabled, it waits for {@code enable} and keeps its cursor. Continues as new every
 * {@code batchesPerRun} batches or when the server suggests it, carrying the whole state.
 */
public class ActivityLogSyncWorkflowImpl implements ActivityLogSyncWorkflow {
  private static final Logger log = Workflow.getLogger(ActivityLogSyncWorkflowImpl.class);

  private final ConnectorSpec spec;
  private final ActivityLogSettings settings;
  private final boolean backfill;
  private final ActivityLogState state;
  private boolean poked;
  private int batchesThisRun;

  /** State exists before any handler runs, so a disable sent right after the start is never lost. */
  @WorkflowInit
  public ActivityLogSyncWorkflowImpl(ActivityLogInput input) {
    spec = input.spec();
    settings = input.settings();
    backfill = input.backfill();
    state = input.carried() != null ? input.carried() : new ActivityLogState();
    if (input.carried() == null && !spec.activityLog()) {
      disable("activity sharing is off for this connector");
    }
  }

  @Override
  public void run(ActivityLogInput input) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.CONNECTOR_ID.valueSet(spec.connectorId()));
    while (true) {
      waitWhileDisabled();
      // A run continued from a caught-up one waits first: the previous run has just looked.
      boolean caughtUp = state.status == ActivityLogStatus.WAITING;
      if (!caughtUp && (state.cursor != null || findStart())) {
        exportUntilCaughtUp();
      }
      if (timeToContinueAsNew()) {
        continueAsNew();
      }
      if (!state.disabled) {
        waitForNewEvents();
      }
    }
  }

  private void waitWhileDisabled() {
    while (state.disabled) {
      state.status = ActivityLogStatus.DISABLED;
      Workflow.setCurrentDetails("Disabled (" + state.disabledReason + "); the export stays at " + describeCursor()
          + ". Signal `enable` to resume.");
      Workflow.await(() -> !state.disabled || Workflow.getInfo().isContinueAsNewSuggested());
      if (state.disabled) {
        continueAsNew();
      }
    }
  }

  /** The beginning for a backfill, else the end of the newest day file; false if that lookup failed. */
  private boolean findStart() {
    state.status = ActivityLogStatus.STARTING;
    if (backfill) {
      state.cursor = ActivityCursor.start();
      return true;
    }
    Workflow.setCurrentDetails("Finding the newest activity event: history is not exported");
    try {
      state.cursor = activities("Find the end of the activity log of " + spec.connectorId()).activityCursorAtEnd(spec);
      return true;
    } catch (ActivityFailure e) {
      recordFailure(e);
      return false;
    }
  }

  private void exportUntilCaughtUp() {
    state.status = ActivityLogStatus.EXPORTING;
    while (!state.disabled && !timeToContinueAsNew()) {
      Workflow.setCurrentDetails("Exporting activity events after " + state.cursor + " (" + state.exported
          + " exported so far)");
      ActivityExport batch;
      try {
        batch = activities("Export activity after " + state.cursor)
            .exportActivity(spec, state.cursor, settings.maxEvents());
      } catch (ActivityFailure e) {
        recordFailure(e);
        return;
      }
      state.add(batch);
      batchesThisRun++;
      Workflow.getMetricsScope().counter("shareline_activity_events_exported").inc(batch.exported());
      if (batch.caughtUp()) {
        state.status = ActivityLogStatus.WAITING;
        return;
      }
    }
  }

  /** The sync outlives any one failure: it shows in the state and the details, and is tried again later. */
  private void recordFailure(ActivityFailure e) {
    Throwable cause = e.getCause();
    String type = cause instanceof ApplicationFailure af ? af.getType()
        : cause == null ? "UNKNOWN" : cause.getClass().getSimpleName();
    String message = cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : String.valueOf(cause);
    state.lastFailure = type + ": " + message;
    log.warn("activity log export of {} failed with {}", spec.connectorId(), type);
  }

  private void waitForNewEvents() {
    state.status = ActivityLogStatus.WAITING;
    String where = state.lastFailure == null ? "Caught up at " + describeCursor()
        : "Export failed (" + state.lastFailure + ")";
    Workflow.setCurrentDetails(where + "; next export in " + settings.interval() + " or on `poke`");
    poked = false;
    Workflow.await(settings.interval(), () -> poked || state.disabled || Workflow.getInfo().isContinueAsNewSuggested());
    state.status = ActivityLogStatus.EXPORTING;
  }

  private boolean timeToContinueAsNew() {
    return batchesThisRun >= settings.batchesPerRun() || Workflow.getInfo().isContinueAsNewSuggested();
  }

  private void continueAsNew() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(new ActivityLogInput(spec, backfill, settings, state));
  }

  private ActivityLogActivities activities(String summary) {
    ActivityOptions options = ActivityOptions.newBuilder(ActivityLogOptions.EXPORT_OPTIONS).setSummary(summary).build();
    return Workflow.newActivityStub(ActivityLogActivities.class, options);
  }

  private String describeCursor() {
    return state.cursor == null ? "its start point (not yet found)" : String.valueOf(state.cursor);
  }

  @Override
  public void poke() {
    poked = true;
  }

  @Override
  public void disable(String reason) {
    state.disabled = true;
    state.status = ActivityLogStatus.DISABLED;
    state.disabledReason = reason == null || reason.isBlank() ? "disabled by an operator" : reason;
  }

  @Override
  public void enable() {
    state.disabled = false;
    state.disabledReason = null;
  }

  @Override
  public ActivityLogState state() {
    return state;
  }
}
