package io.shareline.delivery;

/** The six stages of a run delivery, in order; the names are what ops see as failure stages. */
public enum DeliveryStage {
  STAGE, SCHEMA, LOAD, PUBLISH, SHARE, VERIFY
}
