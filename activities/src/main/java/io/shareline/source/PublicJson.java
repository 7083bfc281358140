package io.shareline.source;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shareline.schema.FieldSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * The compact JSON text of a parsed value without its private keys (at any depth): the text
 * {@code writeValueAsString(stripPrivate(value))} gives, written straight from the tree through the
 * mapper's own generator instead of a stripped copy and the mapper's serializers (those were most of
 * an OBJECT column's cost).
 */
final class PublicJson {

  private PublicJson() {}

  static String of(JsonNode value) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = RunSource.JSON.getFactory().createGenerator(out)) {
      if (!write(g, value)) {
        return RunSource.JSON.writeValueAsString(ValueCaster.stripPrivate(value));
      }
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return out.toString();
  }

  /** False, having written only part of it, when a node is of a kind only the mapper's serializers know. */
  private static boolean write(JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!FieldSpec.isPrivateName(e.getKey())) {
          g.writeFieldName(e.getKey());
          if (!write(g, e.getValue())) {
            return false;
          }
        }
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode e : node) {
        if (!write(g, e)) {
          return false;
        }
      }
      g.writeEndArray();
    } else if (node instanceof TextNode) {
      g.writeString(node.textValue());
    } else if (node instanceof BooleanNode) {
      g.writeBoolean(node.booleanValue());
    } else if (node instanceof NullNode) {
      g.writeNull();
    } else if (node instanceof IntNode) {
      g.writeNumber(node.intValue());
    } else if (node instanceof LongNode) {
      g.writeNumber(node.longValue());
    } else if (node instanceof BigIntegerNode) {
      g.writeNumber(node.bigIntegerValue());
    } else if (node instanceof DoubleNode) {
      g.writeNumber(node.doubleValue());
    } else if (node instanceof FloatNode) {
      g.writeNumber(node.floatValue());
    } else {
      return false;
    }
    return true;
  }
}
