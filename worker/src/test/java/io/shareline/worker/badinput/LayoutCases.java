package io.shareline.worker.badinput;

import static io.shareline.common.Failures.SOURCE_INVALID_SCHEMA;
import static io.shareline.common.Failures.SOURCE_MALFORMED;
import static io.shareline.common.Failures.SOURCE_MISSING;
import static io.shareline.worker.badinput.BadInputCase.FINISHED;
import static io.shareline.worker.badinput.BadInputCase.delivered;
import static io.shareline.worker.badinput.BadInputCase.fails;
import static io.shareline.worker.badinput.BadInputCase.notARun;
import static io.shareline.worker.badinput.BadInputCase.onRun;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.shareline.delivery.RunRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Bad folder layouts, and runs reported live with ids that are no folder of the source. */
final class LayoutCases {
  private LayoutCases() {}

  static List<BadInputCase> layout() {
    return List.of(
        afterWrite("layout-both-rows-files", "rows.jsonl and rows.jsonl.gz side by side", fails(SOURCE_MALFORMED),
            run -> CorpusSource.write(run.dir().resolve("rows.jsonl.gz"), CorpusSource.gzip(run.rowsText().getBytes(UTF_8)))),
        afterWrite("layout-rows-is-folder", "rows.jsonl is a folder holding a file", fails(SOURCE_MALFORMED), run -> {
          delete(run.dir().resolve("rows.jsonl"));
          CorpusSource.write(run.dir().resolve("rows.jsonl").resolve("part-0.jsonl"), run.rowsText().getBytes(UTF_8));
        }),
        afterWrite("layout-run-json-is-folder", "run.json is a folder", fails(SOURCE_MALFORMED), run -> {
          delete(run.dir().resolve("run.json"));
          mkdirs(run.dir().resolve("run.json"));
        }),
        afterWrite("layout-no-run-json", "a run folder without run.json (a run still being written)", notARun(),
            run -> delete(run.dir().resolve("run.json"))),
        onRun("layout-rows-wrong-name", "layout", "the rows file is named `rows.json`", fails(SOURCE_MISSING),
            run -> run.rowsNamed("rows.json")),
        inFolders("layout-job-colon", "job:1", "a job folder named `job:1`", fails(SOURCE_MISSING)),
        inFolders("layout-job-backslash", "job\\1", "a job folder named `job\\1`", fails(SOURCE_MISSING)),
        inFolders("layout-job-unicode", "jöb-ü", "a job folder named `jöb-ü`", delivered(2)),
        inFolders("layout-job-space", "job 1 #%3F?", "a job folder named `job 1 #%3F?` (a URI would escape it)",
            fails(SOURCE_MISSING)),
        new BadInputCase("layout-workflow-colon", "layout", "a workflow folder named `layout-workflow:colon`",
            fails(SOURCE_MISSING), new RunRef("layout-workflow:colon", "run-1"),
            source -> source.workflow("layout-workflow:colon").run("run-1", FINISHED).done().write()),
        new BadInputCase("layout-shared-table", "layout",
            "workflow folders `Layout-Shared-Table` and `layout_shared_table`, whose tables would have one name (both fail)",
            fails(SOURCE_INVALID_SCHEMA), new RunRef("Layout-Shared-Table", "shared-table-1"), source -> {
              source.workflow("Layout-Shared-Table").run("shared-table-1", FINISHED).done().write();
              source.workflow("layout_shared_table").run("shared-table-2", FINISHED).done().write();
            }),
        new BadInputCase("layout-stray-files", "layout", "stray files beside the run folders and in the run folder",
            delivered(2), new RunRef("layout-stray-files", "layout-stray-files-1"), source -> {
              CorpusSource.Workflow workflow = source.workflow("layout-stray-files");
              CorpusSource.Run run = workflow.run("layout-stray-files-1", FINISHED);
              workflow.write();
              CorpusSource.write(workflow.dir().resolve("runs").resolve("notes.txt"), "notes".getBytes(UTF_8));
              CorpusSource.write(run.dir().resolve("rows.jsonl.bak"), "{broken".getBytes(UTF_8));
              CorpusSource.write(source.root().resolve("workflows").resolve("README"), "hi".getBytes(UTF_8));
            }));
  }

  /** Runs reported through {@code runCompleted} whose ids try to leave their folder, or name no run. */
  static List<BadInputCase> live() {
    return List.of(
        live("live-dotdot-workflow", "workflow id `..`", new RunRef("..", "healthy"), fails(SOURCE_MISSING)),
        live("live-job-escapes", "job id `../../healthy/runs/healthy-1`", new RunRef("live-job-escapes",
            "../../healthy/runs/healthy-1"), fails(SOURCE_MISSING)),
        live("live-absolute-workflow", "workflow id `/etc`", new RunRef("/etc", "passwd"), fails(SOURCE_MISSING)),
        live("live-slash-workflow", "workflow id `healthy/runs`", new RunRef("healthy/runs", "live-slash-workflow-1"),
            fails(SOURCE_MISSING)),
        live("live-backslash-job", "job id `..\\..\\x`", new RunRef("live-backslash-job", "..\\..\\x"),
            fails(SOURCE_MISSING)),
        live("live-empty-job", "an empty job id", new RunRef("live-empty-job", ""), fails(SOURCE_MISSING)),
        live("live-unknown-run", "a run the source does not have", new RunRef("live-unknown-run", "nope"),
            fails(SOURCE_MISSING)),
        new BadInputCase("live-no-run-json", "live", "a run reported finished whose folder has no run.json",
            fails(SOURCE_MISSING), new RunRef("live-no-run-json", "live-no-run-json-1"), source -> {
              CorpusSource.Run run = source.workflow("live-no-run-json").run("live-no-run-json-1", FINISHED);
              run.done().write();
              delete(run.dir().resolve("run.json"));
            }),
        new BadInputCase("live-running", "live", "a run reported finished whose run.json says RUNNING",
            fails(SOURCE_INVALID_SCHEMA), new RunRef("live-running", "live-running-1"),
            source -> source.workflow("live-running").run("live-running-1", FINISHED)
                .json(j -> j.put("status", "RUNNING")).done().write()));
  }

  private static BadInputCase live(String id, String input, RunRef run, BadInputCase.Outcome expected) {
    return new BadInputCase(id, "live", input, expected, run, source -> { });
  }

  /** A healthy run of workflow {@code id} whose job folder is named {@code jobId}. */
  private static BadInputCase inFolders(String id, String jobId, String input, BadInputCase.Outcome expected) {
    return new BadInputCase(id, "layout", input, expected, new RunRef(id, jobId),
        source -> source.workflow(id).run(jobId, FINISHED).done().write());
  }

  /** A healthy run of workflow {@code id}, changed by {@code change} once its files are written. */
  private static BadInputCase afterWrite(String id, String input, BadInputCase.Outcome expected,
      Consumer<CorpusSource.Run> change) {
    return new BadInputCase(id, "layout", input, expected, new RunRef(id, id + "-1"), source -> {
      CorpusSource.Run run = source.workflow(id).run(id + "-1", FINISHED);
      run.done().write();
      change.accept(run);
    });
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
