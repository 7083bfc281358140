package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

  @Test
  void findsTheFirstLineBreakAtEveryOffsetAndAlignment() {
    for (int length = 0; length < 40; length++) {
      for (int at = 0; at <= length; at++) {
        for (byte brk : new byte[] {'\n', '\r'}) {
          byte[] b = new byte[length + 3];
          java.util.Arrays.fill(b, (byte) 'x');
          b[0] = (byte) 0x8A; // a byte that differs from \n only in its high bit
          if (at < length) {
            b[at + 1] = brk;
          }
          assertEquals(at < length ? at + 1 : length + 1, ByteLines.lineBreak(b, 1, length + 1), length + "/" + at);
        }
      }
    }
  }

  @Test
  void splitsWhereABufferedReaderSplitsForAnyBufferSize() throws IOException {
    Random random = new Random(11);
    String[] pieces = {"a", "bc", "é", "\n", "\r", "\r\n", "", "  ", "{\"k\":1}", "€uro"};
    for (int round = 0; round < 300; round++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(30); n > 0; n--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      List<String> expected = new java.io.BufferedReader(new java.io.StringReader(text.toString())).lines().toList();
      for (int bufferSize : new int[] {1, 2, 3, 8, 64}) {
        ByteLines lines = new ByteLines(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), bufferSize);
        List<String> read = new ArrayList<>();
        while (lines.next()) {
          read.add(lines.text());
        }
        assertEquals(expected, read, "'" + text + "' with a buffer of " + bufferSize);
        assertFalse(lines.next());
      }
    }
  }
}
