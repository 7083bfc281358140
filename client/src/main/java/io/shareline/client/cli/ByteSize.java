package io.shareline.client.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size in bytes as an operator writes it: a whole number, alone or with a binary unit ({@code B},
 * {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}), e.g. {@code 268435456}, {@code 256MiB}, {@code 1GiB}.
 * Decimal units ({@code MB}) are refused rather than guessed at: they differ from MiB by 5%.
 */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})(B|KiB|MiB|GiB|TiB)?");
  private static final Map<String, Integer> SHIFTS = Map.of("B", 0, "KiB", 10, "MiB", 20, "GiB", 30, "TiB", 40);

  private ByteSize() {}

  /** @throws IllegalArgumentException naming what is wrong, when {@code text} is not a size */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: write a whole number of bytes, alone or"
          + " followed by B, KiB, MiB, GiB or TiB (e.g. 256MiB)");
    }
    int shift = m.group(2) == null ? 0 : SHIFTS.get(m.group(2));
    long number;
    try {
      number = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw tooLarge(text);
    }
    if (number > Long.MAX_VALUE >> shift) {
      throw tooLarge(text);
    }
    return number << shift;
  }

  private static IllegalArgumentException tooLarge(String text) {
    return new IllegalArgumentException("'" + text + "' is larger than " + Long.MAX_VALUE + " bytes");
  }

  /** Lets picocli refuse a bad size as a usage error (exit code 2) with {@link #parse}'s reason. */
  public static final class Converter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
