package io.shareline.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Jackson parsers over a whole rows file. Rows files are UTF-8: Jackson on its own guesses UTF-16 or
 * UTF-32 from zero bytes or their byte order marks, which would read a file the contract rejects, so the
 * byte parser is made directly, and a UTF-8 byte order mark at the start is passed over by hand.
 */
final class RowParsers extends JsonFactory {

  private static final RowParsers FACTORY = new RowParsers();
  private static final int BYTE_ORDER_MARK = 0xFEFF;

  private RowParsers() {
    // Fast double parsing: correctly rounded as the JDK's parser is, in about half the time.
    super(new JsonFactoryBuilder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER));
  }

  /** A byte parser over {@code in}, read as UTF-8 whatever its first bytes look like; closes {@code in} on close. */
  static JsonParser bytes(InputStream in) throws IOException {
    return FACTORY.createParser(in);
  }

  /** A parser over {@code in} decoded as UTF-8 text, malformed bytes as U+FFFD; closes {@code in} on close. */
  static JsonParser decoded(InputStream in) throws IOException {
    PushbackReader text = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1);
    int first = text.read();
    if (first >= 0 && first != BYTE_ORDER_MARK) {
      text.unread(first);
    }
    return FACTORY.createParser((Reader) text);
  }

  @Override
  protected JsonParser _createParser(InputStream in, IOContext context) throws IOException {
    byte[] buffer = context.allocReadIOBuffer();
    int end = 0;
    try {
      while (end < 3) {
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
          break;
        }
        end += n;
      }
    } catch (IOException e) {
      context.close();
      throw e;
    }
    boolean mark = end >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF;
    return new UTF8StreamJsonParser(context, _parserFeatures, in, _objectCodec,
        _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures), buffer, mark ? 3 : 0, end, true);
  }
}
