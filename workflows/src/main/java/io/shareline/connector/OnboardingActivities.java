package io.shareline.connector;

import io.shareline.connector.spec.ConnectorSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Provider-side set-up and tear-down of a connector, and the listing of its history. */
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
   * delivered first. Used by one-shot tooling; the connector pages through history instead.
   */
  @ActivityMethod(name = "PlanBackfill")
  BackfillPlan planBackfill(ConnectorSpec spec);

  /**
   * Registers every historical run's schema version in run order (as {@link #planBackfill} does) and
   * says how much history there is, without returning it: the backfill pages through it later.
   */
  @ActivityMethod(name = "RegisterSchemaHistory")
  SchemaHistory registerSchemaHistory(ConnectorSpec spec);

  /**
   * Issues a new credential to a token recipient: the activation link goes to the secure contact's
   * outbox, the result names only the token. Not idempotent by nature: each call issues one token.
   */
  @ActivityMethod(name = "RotateToken")
  TokenRotated rotateToken(RotateTokenRequest request);

  /** Removes the recipient's grant on the share; with purge also unshares and deletes the tables. Idempotent. */
  @ActivityMethod(name = "Revoke")
  Revoked revoke(RevokeRequest request);
}
