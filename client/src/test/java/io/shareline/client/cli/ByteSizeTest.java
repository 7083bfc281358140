package io.shareline.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

  @Test
  void aPlainNumberIsBytes() {
    assertEquals(268_435_456L, ByteSize.parse("268435456"));
    assertEquals(0L, ByteSize.parse("0"));
  }

  @Test
  void binaryUnitsMultiplyByPowersOf1024() {
    assertEquals(12L, ByteSize.parse("12B"));
    assertEquals(2048L, ByteSize.parse("2KiB"));
    assertEquals(256L << 20, ByteSize.parse("256MiB"));
    assertEquals(1L << 30, ByteSize.parse("1GiB"));
    assertEquals(3L << 40, ByteSize.parse("3TiB"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 1MiB", "1 MiB", "1MB", "1mib", "1.5GiB", "-1", "+1", "MiB", "1MiBs", "0x10"})
  void anythingElseIsRefusedNamingTheValue(String text) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    assertTrue(refused.getMessage().contains("'" + text + "' is not a size"), refused.getMessage());
  }

  @Test
  void aSizeBeyondALongIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("8388608TiB"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("9999999999999999999"));
    assertEquals(8388607L << 40, ByteSize.parse("8388607TiB"));
  }
}
