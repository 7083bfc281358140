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
