package io.shareline.delivery;

/** The six stages of a run delivery, in order; the names are what ops see as failure stages. */
public enum DeliveryStage {
  STAGE, SCHEMA, LOAD, PUBLISH, SHARE, VERIFY;

  /**
   * Whether the stage writes (or checks) the connector's shared tables or provider state, and so runs
   * under the connector's commit lock. STAGE and LOAD touch only per-run and per-workflow data.
   */
  public boolean needsCommitLock() {
    return this != STAGE && this != LOAD;
  }
}
