package io.shareline.worker.badinput;

import io.shareline.common.Failures;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.RunRef;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One bad input and what Shareline decides for it.
 *
 * @param id       the case's name, also its source workflow's folder unless the case lays out its own
 * @param area     run.json, workflow.json, rows, layout or live (reported by {@code runCompleted})
 * @param input    what is wrong, in words
 * @param run      the run the outcome is about
 * @param build    writes the case into a source
 */
record BadInputCase(String id, String area, String input, Outcome expected, RunRef run, Consumer<CorpusSource> build) {

  /** When every case's run.json says it finished: before the healthy sibling's newest run. */
  static final String FINISHED = "2026-01-15T00:00:00Z";

  boolean live() {
    return area.equals("live");
  }

  @Override
  public String toString() {
    return id;
  }

  /** What the connector does with the run. */
  sealed interface Outcome {
    String describe();
  }

  /**
   * Delivered with {@code rows} rows and these values nulled (and counted) per field; {@code column} (when
   * not null) holds {@code values} in the version table, in file order.
   */
  record Delivered(long rows, Map<String, Long> nulls, String column, List<Object> values) implements Outcome {
    @Override
    public String describe() {
      return "delivered, " + rows + " rows" + (nulls.isEmpty() ? ""
          : ", nulled: " + nulls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", ")))
          + (column == null ? "" : "; " + column + " reads " + values.stream().map(Delivered::shown)
              .collect(Collectors.joining(", ")));
    }

    /** The same outcome, also checking what {@code column} holds. */
    Delivered reading(String column, Object... values) {
      return new Delivered(rows, nulls, column, Arrays.asList(values));
    }

    private static String shown(Object value) {
      if (!(value instanceof String text)) {
        return String.valueOf(value);
      }
      StringBuilder s = new StringBuilder("\"");
      text.codePoints().forEach(c -> s.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", c) : Character.toString(c)));
      return s.append('"').toString();
    }
  }

  /** Parked in FAILED at {@code stage} with a non-retryable {@code type}; nothing of the run published. */
  record Failed(Failures type, DeliveryStage stage) implements Outcome {
    @Override
    public String describe() {
      return "fails " + stage + " with " + type;
    }
  }

  /** Not a finished run: never planned, so neither delivered nor failed. */
  record NotARun() implements Outcome {
    @Override
    public String describe() {
      return "not a finished run: not delivered, no failure";
    }
  }

  static Delivered delivered(long rows, Object... fieldNulls) {
    Map<String, Long> nulls = new LinkedHashMap<>();
    for (int i = 0; i < fieldNulls.length; i += 2) {
      nulls.put((String) fieldNulls[i], ((Number) fieldNulls[i + 1]).longValue());
    }
    return new Delivered(rows, nulls, null, List.of());
  }

  static Outcome fails(Failures type) {
    return new Failed(type, DeliveryStage.STAGE);
  }

  static Outcome notARun() {
    return new NotARun();
  }

  /** A case on one run {@code <id>-1} of workflow {@code <id>}, healthy but for {@code damage}. */
  static BadInputCase onRun(String id, String area, String input, Outcome expected, Consumer<CorpusSource.Run> damage) {
    return new BadInputCase(id, area, input, expected, new RunRef(id, id + "-1"), source -> {
      CorpusSource.Run run = source.workflow(id).run(id + "-1", FINISHED);
      damage.accept(run);
      run.done().write();
    });
  }

  /** A case on workflow {@code <id>} (one healthy run {@code <id>-1}) damaged by {@code damage}. */
  static BadInputCase onWorkflow(String id, String input, Outcome expected, Consumer<CorpusSource.Workflow> damage) {
    return new BadInputCase(id, "workflow.json", input, expected, new RunRef(id, id + "-1"), source -> {
      CorpusSource.Workflow workflow = source.workflow(id);
      workflow.run(id + "-1", FINISHED);
      damage.accept(workflow);
      workflow.write();
    });
  }
}
