package io.shareline.worker.badinput;

import java.util.ArrayList;
import java.util.List;

/** The whole corpus, in the order docs/bad-input.md lists it. */
final class BadInputCorpus {
  private BadInputCorpus() {}

  private static final List<BadInputCase> ALL = build();

  static List<BadInputCase> all() {
    return ALL;
  }

  /** The corpus as the table of docs/bad-input.md (regenerate it from here when a case changes). */
  static String table() {
    StringBuilder table = new StringBuilder("| # | area | input | outcome |\n|---|---|---|---|\n");
    for (int i = 0; i < ALL.size(); i++) {
      BadInputCase c = ALL.get(i);
      table.append("| ").append(i + 1).append(" | ").append(c.area()).append(" | ")
          .append(c.input().replace("|", "\\|")).append(" | ").append(c.expected().describe()).append(" |\n");
    }
    return table.toString();
  }

  private static List<BadInputCase> build() {
    List<BadInputCase> all = new ArrayList<>();
    all.addAll(MetadataCases.runJson());
    all.addAll(MetadataCases.workflowJson());
    all.addAll(RowsCases.all());
    all.addAll(LayoutCases.layout());
    all.addAll(LayoutCases.live());
    return List.copyOf(all);
  }
}
