package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicJsonTest {

  private static final List<String> OBJECTS = List.of(
        "{}",
        "{\"a\":1,\"_b\":2,\"c\":{\"_d\":[1,2],\"e\":[{\"_f\":1,\"g\":\"h\"},[],null,true,false]}}",
        "{\"n\":[1.50,-0.0,1e-7,1E+20,123456789012345678901234567890,9223372036854775807,2147483648,-2147483649]}",
        "{\"f\":1e400,\"g\":0.1,\"h\":100.0,\"i\":3.4028235E38}",
        "{\"s\":\"caf\\u00e9 \\u4e2d \\ud83d\\ude00 \\\"quoted\\\" \\\\ \\/ \\n\\t\\u0001 </script>\"}",
        "{\"dup\":1,\"dup\":2,\"_dup\":3,\"x\":{\"dup\":{\"_y\":1},\"dup\":[{\"_z\":null}]}}",
        "{\"\":\"empty key\",\"_\":\"private\",\"__\":1,\"a_\":2}",
        "{\"k\":1,\"j\":{\"x\":1,\"x\":{\"_p\":1,\"q\":2.50}},\"k\":[1e400,-0.0,1E2,{\"k\":[]}]}",
        "{\"n\":[1.0,0.1,1e-7,-0,123456789012345678901234567890.5,1.5e300,4.9e-324,2147483647,2147483648,"
            + "9223372036854775807,-9223372036854775809,1.7976931348623157E308,0.30000000000000004],"
            + "\"s\":[\"\\u00e9\\t\\\"\",\"\\ud83d\\ude00\",\"\\u0000\",\"</script>\"],\"b\":[true,false,null]}");

  @Test
  void writesWhatTheMapperWritesOfTheStrippedTree() throws Exception {
    for (String json : OBJECTS) {
      JsonNode tree = RunSource.JSON.readTree(json);

      assertEquals(RunSource.JSON.writeValueAsString(ValueCaster.stripPrivate(tree)), PublicJson.of(tree), json);
    }
  }

  @Test
  void aCopyThatFailsMidwayLeavesTheNextCopyWhole() throws Exception {
    PublicJson copier = new PublicJson();
    try (JsonParser broken = RunSource.JSON.createParser("{\"a\":{\"b\":[1,")) {
      broken.nextToken();
      assertThrows(IOException.class, () -> copier.read(broken));
    }
    try (JsonParser parser = RunSource.JSON.createParser("{\"c\":1}")) {
      parser.nextToken();
      assertEquals("{\"c\":1}", copier.read(parser));
    }
  }

  @Test
  void copyingTheTokensWritesWhatTheTreeWrites() throws Exception {
    PublicJson copier = new PublicJson();
    for (String json : OBJECTS) {
      try (JsonParser parser = RunSource.JSON.createParser("[" + json + ",1]")) {
        parser.nextToken();
        parser.nextToken();

        assertEquals(PublicJson.of(RunSource.JSON.readTree(json)), copier.read(parser), json);
        assertEquals(JsonToken.END_OBJECT, parser.currentToken(), json);
        assertEquals(JsonToken.VALUE_NUMBER_INT, parser.nextToken(), json);
      }
    }
  }
}
