package io.shareline.provider.snowflake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small Snowflake SQL tokenizer: identifiers (bare ones upper-cased as Snowflake resolves them, quoted
 * ones kept as written), string literals, numbers, {@code @stage} references and symbols, each with its
 * place in the text so plain SQL can be handed on with only its object names rewritten.
 */
final class SqlTokens {
  enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL }

  record Token(Kind kind, String text, int start, int end) {
    /** An identifier's resolved name: bare words upper-cased, quoted ones as written. */
    String name() {
      return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : text;
    }

    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword) || kind == Kind.SYMBOL && text.equals(keyword);
    }

    boolean identifier() {
      return kind == Kind.WORD || kind == Kind.QUOTED;
    }
  }

  final String sql;
  final List<Token> tokens = new ArrayList<>();
  int at;

  SqlTokens(String sql) {
    this.sql = sql;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? sql.length() : nl;
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int j = i;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || "_$".indexOf(sql.charAt(j)) >= 0)) {
          j++;
        }
        tokens.add(new Token(Kind.WORD, sql.substring(i, j), i, j));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < sql.length() && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
          j++;
        }
        tokens.add(new Token(Kind.NUMBER, sql.substring(i, j), i, j));
        i = j;
      } else if (c == '\'' || c == '"') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= sql.length()) {
            throw EmulatorFailure.syntax(i, "unterminated " + (c == '"' ? "identifier" : "string"));
          }
          if (sql.charAt(j) == c && j + 1 < sql.length() && sql.charAt(j + 1) == c) {
            text.append(c);
            j += 2;
          } else if (sql.charAt(j) == c) {
            break;
          } else if (c == '\'' && sql.charAt(j) == '\\' && j + 1 < sql.length()) {
            text.append(sql.charAt(j + 1));
            j += 2;
          } else {
            text.append(sql.charAt(j++));
          }
        }
        tokens.add(new Token(c == '"' ? Kind.QUOTED : Kind.STRING, text.toString(), i, j + 1));
        i = j + 1;
      } else {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1));
        i++;
      }
    }
  }

  /** The statements of a multi-statement text, split at top-level semicolons (not those inside strings). */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (Token t : new SqlTokens(sql).tokens) {
      if (t.is(";")) {
        out.add(sql.substring(from, t.start()));
        from = t.end();
      }
    }
    out.add(sql.substring(from));
    out.removeIf(String::isBlank);
    return out;
  }

  /** How many {@code ?} bind markers the text holds. */
  static int marks(String sql) {
    return (int) new SqlTokens(sql).tokens.stream().filter(t -> t.is("?")).count();
  }

  boolean done() {
    return at >= tokens.size() || (peek().is(";") && at == tokens.size() - 1);
  }

  Token peek() {
    return at < tokens.size() ? tokens.get(at) : new Token(Kind.SYMBOL, "", sql.length(), sql.length());
  }

  Token next() {
    Token t = peek();
    at++;
    return t;
  }

  /** Consumes the keywords if they come next, in order; otherwise consumes nothing. */
  boolean accept(String... keywords) {
    for (int k = 0; k < keywords.length; k++) {
      if (at + k >= tokens.size() || !tokens.get(at + k).is(keywords[k])) {
        return false;
      }
    }
    at += keywords.length;
    return true;
  }

  void expect(String... keywords) {
    if (!accept(keywords)) {
      throw EmulatorFailure.syntax(peek().start(), "unexpected '" + peek().text() + "', expected " + String.join(" ", keywords));
    }
  }

  /** {@code a}, {@code a.b} or {@code a.b.c}, bare or quoted. */
  List<String> qualifiedName() {
    List<String> parts = new ArrayList<>();
    do {
      Token t = next();
      if (!t.identifier()) {
        throw EmulatorFailure.syntax(t.start(), "unexpected '" + t.text() + "', expected a name");
      }
      parts.add(t.name());
    } while (accept("."));
    return parts;
  }

  String string() {
    Token t = next();
    if (t.kind() != Kind.STRING) {
      throw EmulatorFailure.syntax(t.start(), "unexpected '" + t.text() + "', expected a string");
    }
    return t.text();
  }

  /** The text from the current token to the end, without a trailing semicolon. */
  String rest() {
    String tail = at < tokens.size() ? sql.substring(peek().start()) : "";
    tail = tail.strip();
    return tail.endsWith(";") ? tail.substring(0, tail.length() - 1) : tail;
  }

  void end() {
    if (!done()) {
      throw EmulatorFailure.syntax(peek().start(), "unexpected '" + peek().text() + "'");
    }
  }
}
