package io.shareline.worker.config;

import java.time.Duration;
import java.util.Locale;

/** Texts of settings that are not plain numbers: durations and switches. */
final class SettingTexts {
  private SettingTexts() {}

  /** {@code 30s}, {@code 2m}, {@code 500ms}, plain seconds or ISO-8601 ({@code PT30S}), from zero to {@code max}. */
  static Duration parse(String text, Duration max) {
    String t = text.toLowerCase(Locale.ROOT);
    Duration value;
    if (t.startsWith("pt")) {
      value = Duration.parse(text);
    } else if (t.endsWith("ms")) {
      value = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    } else if (t.endsWith("s")) {
      value = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    } else if (t.endsWith("m")) {
      value = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    } else {
      value = Duration.ofSeconds(Long.parseLong(t));
    }
    if (value.isNegative() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException();
    }
    return value;
  }

  static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException();
    };
  }
}
