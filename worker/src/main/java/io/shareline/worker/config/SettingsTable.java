package io.shareline.worker.config;

/** The reference table of every setting, as Markdown, made from {@link Setting}; the README carries it verbatim. */
public final class SettingsTable {
  private SettingsTable() {}

  public static String markdown() {
    StringBuilder out = new StringBuilder("| config key | env | flag | default | meaning |\n|---|---|---|---|---|\n");
    for (Setting setting : Setting.values()) {
      Setting.Flag flag = setting.flag();
      String flagText = flag == null ? "—" : "`" + (flag.label() == null ? flag.name().replace("--", "--[no-]")
          : flag.name()) + "`";
      out.append("| `").append(setting.key()).append("` | `").append(setting.environmentVariable()).append("` | ")
          .append(flagText).append(" | ").append(setting.defaultValue() == null ? "—" : "`" + setting.defaultValue()
          + "`").append(" | ").append(setting.meaning().replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }
}
