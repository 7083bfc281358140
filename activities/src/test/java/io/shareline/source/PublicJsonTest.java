package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicJsonTest {

  @Test
  void writesWhatTheMapperWritesOfTheStrippedTree() throws Exception {
    for (String json : List.of(
        "{}",
        "{\"a\":1,\"_b\":2,\"c\":{\"_d\":[1,2],\"e\":[{\"_f\":1,\"g\":\"h\"},[],null,true,false]}}",
        "{\"n\":[1.50,-0.0,1e-7,1E+20,123456789012345678901234567890,9223372036854775807,2147483648,-2147483649]}",
        "{\"f\":1e400,\"g\":0.1,\"h\":100.0,\"i\":3.4028235E38}",
        "{\"s\":\"caf\\u00e9 \\u4e2d \\ud83d\\ude00 \\\"quoted\\\" \\\\ \\/ \\n\\t\\u0001 </script>\"}",
        "{\"dup\":1,\"dup\":2,\"_dup\":3,\"x\":{\"dup\":{\"_y\":1},\"dup\":[{\"_z\":null}]}}",
        "{\"\":\"empty key\",\"_\":\"private\",\"__\":1,\"a_\":2}")) {
      JsonNode tree = RunSource.JSON.readTree(json);

      assertEquals(RunSource.JSON.writeValueAsString(ValueCaster.stripPrivate(tree)), PublicJson.of(tree), json);
    }
  }
}
