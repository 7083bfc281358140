package io.shareline.source;

/**
 * A run source that cannot be read as the contract promises. Messages name the file
 * (relative to the source root), the line where relevant and the kind of problem, never a row value:
 * they end up in workflow histories and logs that the data owner's customers never agreed to share.
 */
public final class SourceException extends RuntimeException {

  public enum Kind {
    MISSING, UNREADABLE, MALFORMED_JSON, NOT_AN_OBJECT, TRUNCATED, INVALID_SCHEMA, ROW_COUNT_MISMATCH,
    NO_PUBLIC_FIELDS,
    /** The run's files are not laid out as the contract says (a folder where a file belongs, two rows files). */
    BAD_LAYOUT
  }

  private final Kind kind;
  private final String file;
  private final long line;

  SourceException(Kind kind, String file, long line, String detail, Throwable cause) {
    super(format(kind, file, line, detail), cause);
    this.kind = kind;
    this.file = file;
    this.line = line;
  }

  static SourceException of(Kind kind, String file, String detail) {
    return new SourceException(kind, file, 0, detail, null);
  }

  static SourceException atLine(Kind kind, String file, long line, String detail) {
    return new SourceException(kind, file, line, detail, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The file relative to the source root, or null when the problem is not about one file. */
  public String file() {
    return file;
  }

  /** The 1-based line in {@link #file()}, or 0 when no line applies. */
  public long line() {
    return line;
  }

  /** Only a transient I/O failure is worth retrying; everything else is in the data and stays wrong. */
  public boolean retryable() {
    return kind == Kind.UNREADABLE;
  }

  private static String format(Kind kind, String file, long line, String detail) {
    StringBuilder s = new StringBuilder(kind.name());
    if (file != null) {
      s.append(" in ").append(file);
      if (line > 0) {
        s.append(" line ").append(line);
      }
    }
    return s.append(": ").append(detail).toString();
  }
}
