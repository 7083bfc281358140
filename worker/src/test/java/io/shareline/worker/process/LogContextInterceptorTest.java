package io.shareline.worker.process;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import io.shareline.client.TemporalConnection;
import io.shareline.common.TaskQueues;
import io.shareline.worker.ProbeWorkflows;
import io.shareline.worker.config.WorkerTuning;
import io.shareline.worker.runtime.EmbeddedTemporal;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogContextInterceptorTest {

  /** Logs one line naming only counts, as Shareline's activities do. */
  public static class LoggingActivity implements ProbeWorkflows.ProbeActivity {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LoggingActivity.class);

    @Override
    public String work(String what) {
      log.info("staged {} files", 3);
      return what;
    }
  }

  @Test
  void aLineLoggedByAnActivityCarriesConnectorWorkflowJobAndTemporalIds() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    Logger activityLogger = (Logger) LoggerFactory.getLogger(LoggingActivity.class);
    activityLogger.addAppender(captured);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    String temporalId = TaskQueues.deliveryWorkflowId("acme", "prices", "job-7");
    try (EmbeddedTemporal server = EmbeddedTemporal.start(0);
        TemporalConnection connection = TemporalConnection.open(server.target(), EmbeddedTemporal.NAMESPACE)) {
      WorkerRuntime worker = WorkerRuntime.start(connection.client(), WorkerTuning.DEFAULTS, seen::add, w -> {
        w.registerWorkflowImplementationTypes(ProbeWorkflows.ProbeImpl.class);
        w.registerActivitiesImplementations(new LoggingActivity());
      });
      try {
        connection.client().newWorkflowStub(ProbeWorkflows.Probe.class, WorkflowOptions.newBuilder()
            .setTaskQueue(TaskQueues.DELIVERY).setWorkflowId(temporalId).build()).run("x");
      } finally {
        worker.close();
      }
    } finally {
      activityLogger.detachAppender(captured);
    }

    ILoggingEvent event = captured.list.get(0);
    Map<String, String> mdc = event.getMDCPropertyMap();
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    assertAll(
        () -> assertEquals("acme", mdc.get("connector")),
        () -> assertEquals("prices", mdc.get("workflow")),
        () -> assertEquals("job-7", mdc.get("job")),
        () -> assertEquals(temporalId, mdc.get("WorkflowId")),
        () -> assertTrue(line.contains(" connector=acme workflow=prices job=job-7 temporal_workflow_id="
            + temporalId + " activity=Work msg=\"staged 3 files\""), line),
        () -> assertEquals(Set.of("acme"), seen));
  }

  @Test
  void aLineLoggedByWorkflowCodeNamesTheIdsItsTemporalWorkflowIdCarries() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    LoggingEvent event = new LoggingEvent(getClass().getName(), root, Level.INFO, "delivered", null, null);
    event.setMDCPropertyMap(Map.of(LogContextConverter.TEMPORAL_WORKFLOW_ID, "delivery/acme/prices/job-7"));

    String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

    assertTrue(line.contains(" connector=acme workflow=prices job=job-7 temporal_workflow_id="
        + "delivery/acme/prices/job-7 msg="), line);
  }

  @Test
  void aLineWithoutContextNamesNoEmptyKey() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    LoggingEvent event = new LoggingEvent(getClass().getName(), root, Level.INFO, "worker polling", null, null);

    String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

    assertTrue(line.contains(" logger=" + root.getName() + " msg=\"worker polling\""), line);
  }

  @Test
  void idsComeFromEachKindOfWorkflowId() {
    assertEquals(Map.of("connector", "acme"), LogContextInterceptor.ids("connector/acme"));
    assertEquals(Map.of("connector", "acme"), LogContextInterceptor.ids("backfill/acme"));
    assertEquals(Map.of("connector", "acme", "workflow", "w1", "job", "j/2"),
        LogContextInterceptor.ids("delivery/acme/w1/j/2"));
    assertEquals(Map.of(), LogContextInterceptor.ids("something-else"));
  }
}
