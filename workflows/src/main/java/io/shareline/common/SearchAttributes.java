package io.shareline.common;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** The custom search attributes ops filter on in the Web UI; all Keyword. */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> CONNECTOR_ID = SearchAttributeKey.forKeyword("ConnectorId");
  public static final SearchAttributeKey<String> SOURCE_WORKFLOW_ID =
      SearchAttributeKey.forKeyword("SourceWorkflowId");
  public static final SearchAttributeKey<String> CONNECTOR_STATE =
      SearchAttributeKey.forKeyword("ConnectorState");
  public static final SearchAttributeKey<String> DELIVERY_STAGE = SearchAttributeKey.forKeyword("DeliveryStage");
  public static final SearchAttributeKey<String> FAILURE_STAGE = SearchAttributeKey.forKeyword("FailureStage");

  public static final List<SearchAttributeKey<String>> ALL =
      List.of(CONNECTOR_ID, SOURCE_WORKFLOW_ID, CONNECTOR_STATE, DELIVERY_STAGE, FAILURE_STAGE);

  private SearchAttributes() {}
}
