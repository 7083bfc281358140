package io.shareline.worker.runtime;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The custom search attributes operators use in the Web UI, and their idempotent registration. Used by
 * the embedded server at start and by a production registration job against a real cluster.
 */
public final class SearchAttributeRegistration {

  /** Shareline's custom search attributes, by name. */
  public static final Map<String, IndexedValueType> ATTRIBUTES =
      keywords("ConnectorId", "SourceWorkflowId", "ConnectorState", "DeliveryStage", "FailureStage");

  private SearchAttributeRegistration() {}

  private static Map<String, IndexedValueType> keywords(String... names) {
    Map<String, IndexedValueType> attributes = new LinkedHashMap<>();
    for (String name : names) {
      attributes.put(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return Collections.unmodifiableMap(attributes);
  }

  /**
   * Registers the attributes through an operator client built from the given stubs' options (same
   * target, TLS and credentials); the temporary client is shut down afterwards.
   */
  public static List<String> register(WorkflowServiceStubs workflowStubs, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(workflowStubs.getOptions())
                .validateAndBuildWithDefaults());
    try {
      return register(operator, namespace);
    } finally {
      operator.shutdown();
    }
  }

  /**
   * Adds the attributes missing from the namespace; attributes already present with the same type are
   * left alone, so calling this again is harmless.
   *
   * @return the names that were added by this call
   * @throws IllegalStateException if an attribute exists with another type
   */
  public static List<String> register(OperatorServiceStubs operator, String namespace) {
    Optional<Map<String, IndexedValueType>> existing = listCustomAttributes(operator, namespace);
    if (existing.isEmpty()) {
      return addOneByOne(operator, namespace);
    }
    Map<String, IndexedValueType> missing = new LinkedHashMap<>();
    ATTRIBUTES.forEach(
        (name, type) -> {
          IndexedValueType present = existing.get().get(name);
          if (present == null) {
            missing.put(name, type);
          } else if (present != type) {
            throw new IllegalStateException(
                "search attribute "
                    + name
                    + " exists in namespace "
                    + namespace
                    + " as "
                    + present
                    + ", Shareline needs "
                    + type);
          }
        });
    if (missing.isEmpty() || add(operator, namespace, missing)) {
      return List.copyOf(missing.keySet());
    }
    // Another process registered some of them between our list and add: settle them one by one.
    return addOneByOne(operator, namespace);
  }

  /** Empty when the server cannot list (the SDK's in-process server does not implement it). */
  private static Optional<Map<String, IndexedValueType>> listCustomAttributes(
      OperatorServiceStubs operator, String namespace) {
    try {
      return Optional.of(
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static List<String> addOneByOne(OperatorServiceStubs operator, String namespace) {
    List<String> added = new ArrayList<>();
    ATTRIBUTES.forEach(
        (name, type) -> {
          if (add(operator, namespace, Map.of(name, type))) {
            added.add(name);
          }
        });
    return added;
  }

  /** @return false if the server answered that (one of) the attributes already exists */
  private static boolean add(
      OperatorServiceStubs operator, String namespace, Map<String, IndexedValueType> attributes) {
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putAllSearchAttributes(attributes)
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return false;
      }
      throw e;
    }
  }
}
