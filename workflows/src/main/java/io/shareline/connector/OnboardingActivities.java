package io.shareline.connector;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Provider-side setup of a connector, before any customer data is published. */
@ActivityInterface
public interface OnboardingActivities {

  /** Creates (or finds) the recipient, share, schema and storage path. Idempotent. */
  @ActivityMethod(name = "Provision")
  Provisioned provision(ConnectorSpec spec);

  /** Proves the share and the recipient's grant hold while the share carries no data yet. */
  @ActivityMethod(name = "VerifyEmptyShare")
  EmptyShareVerified verifyEmptyShare(ConnectorSpec spec);

  /**
   * Lists the historical runs in scope (oldest first) and numbers their schema versions in run order,
   * so that {@code __v<n>} follows the order in which schemas appeared even when the newest run is
   * delivered first.
   */
  @ActivityMethod(name = "PlanBackfill")
  BackfillPlan planBackfill(ConnectorSpec spec);
}
