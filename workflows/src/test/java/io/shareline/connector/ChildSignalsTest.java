package io.shareline.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.backfill.BackfillSignals;
import io.shareline.delivery.DeliverySignals;
import io.temporal.workflow.SignalMethod;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildSignalsTest {

  @Test
  void theInterfaceClientsUseCarriesOnlyTheEngineSignalAndTheChildrenSignalTheConnectorsOwn() {
    List<String> publicSignals = Arrays.stream(ConnectorWorkflow.class.getMethods())
        .filter(m -> m.isAnnotationPresent(SignalMethod.class)).map(Method::getName).toList();

    assertEquals(List.of("runCompleted"), publicSignals);
    assertTrue(DeliverySignals.class.isAssignableFrom(ConnectorWorkflowImpl.class));
    assertTrue(BackfillSignals.class.isAssignableFrom(ConnectorWorkflowImpl.class));
  }
}
