package io.shareline.worker.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags of the commands that run or read a worker, made from {@link Setting}: a command declares what it
 * does ({@link Setting.Use}) through one of the nested model transformers and gets exactly the flags that act
 * on it, each with the help, environment variable and default of its one declaration, plus {@code --config}.
 */
public final class WorkerOptions {
  static final String CONFIG = "--config";

  /** Adds the flags of the settings a command uses; picocli makes one through its no-argument subclass. */
  private abstract static class Flags implements IModelTransformer {
    private final Set<Setting.Use> uses;

    Flags(Set<Setting.Use> uses) {
      this.uses = uses;
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
      return addFlags(spec, uses);
    }
  }

  /** {@code worker}: every flag. */
  public static final class ForWorker extends Flags {
    public ForWorker() {
      super(Setting.Use.WORKER);
    }
  }

  /** Commands that deliver in-process on an embedded server: deliver, demo. */
  public static final class ForOneShot extends Flags {
    public ForOneShot() {
      super(Setting.Use.ONE_SHOT);
    }
  }

  /** Benchmarks, which run in a work folder of their own. */
  public static final class ForBench extends Flags {
    public ForBench() {
      super(Setting.Use.BENCH);
    }
  }

  /** Commands that only read the data folder. */
  public static final class ForReader extends Flags {
    public ForReader() {
      super(Setting.Use.READER);
    }
  }

  private final CommandSpec spec;
  private final Map<Setting, String> overrides = new HashMap<>();

  private WorkerOptions(CommandSpec spec) {
    this.spec = spec;
  }

  /** The settings flags of a command whose model was transformed by one of the nested transformers. */
  public static WorkerOptions of(CommandSpec spec) {
    return new WorkerOptions(spec);
  }

  static CommandSpec addFlags(CommandSpec spec, Set<Setting.Use> uses) {
    for (Setting setting : Setting.values()) {
      Setting.Flag flag = setting.flag();
      if (flag == null || !uses.contains(flag.use())) {
        continue;
      }
      OptionSpec.Builder option = OptionSpec.builder(flag.name()).description(setting.help());
      if (flag.label() == null) {
        option.negatable(true).type(Boolean.class).arity("0");
      } else {
        option.paramLabel(flag.label()).type(String.class);
      }
      spec.addOption(option.build());
    }
    spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(Path.class)
        .description("Optional properties file with the same keys as the flags and environment (see README) and"
            + " hadoop.* settings; flags and environment win over it.").build());
    return spec;
  }

  /** Whether the flag of this setting was given. */
  public boolean given(Setting setting) {
    return overrides.containsKey(setting) || flagValue(setting) != null;
  }

  /** Sets a setting as if its flag had been given (a one-shot command's own data folder, say). */
  public void use(Setting setting, String value) {
    overrides.put(setting, value);
  }

  /** Settings for a one-shot command, whose embedded server takes a free port unless --port says otherwise. */
  public WorkerSettings oneShotSettings() {
    if (!given(Setting.PORT)) {
      use(Setting.PORT, "0");
    }
    return settings();
  }

  public WorkerSettings settings() {
    return WorkerSettings.resolve(flags(), System.getenv());
  }

  WorkerSettings.Flags flags() {
    Map<String, String> values = new HashMap<>();
    for (Setting setting : Setting.values()) {
      Object value = overrides.containsKey(setting) ? overrides.get(setting) : flagValue(setting);
      if (value != null) {
        values.put(setting.key(), value.toString());
      }
    }
    OptionSpec config = spec.findOption(CONFIG);
    return new WorkerSettings.Flags(values, config == null ? null : config.getValue());
  }

  private Object flagValue(Setting setting) {
    if (setting.flag() == null) {
      return null;
    }
    OptionSpec option = spec.findOption(setting.flag().name());
    return option == null ? null : option.getValue();
  }
}
