package io.shareline.source;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact JSON text of a parsed value without its private keys (at any depth): the text
 * {@code writeValueAsString(stripPrivate(value))} gives, written straight from the tree through the
 * mapper's own generator instead of a stripped copy and the mapper's serializers (those were most of
 * an OBJECT column's cost). An instance copies objects off a parser through one generator it keeps
 * (creating a generator per value cost more than the copy): use one per column from one thread.
 */
final class PublicJson {

  /** Objects with more keys than this look repeats up in a set instead of scanning their keys. */
  private static final int KEYS_SCANNED = 32;

  private final StringWriter out = new StringWriter(256);
  /** The public keys of the objects being copied, outermost first: a set per object cost more than its copy. */
  private final List<String> keys = new ArrayList<>();
  /** Null until first used, and again after a copy failed midway (its state is then unknown). */
  private JsonGenerator generator;

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

  /**
   * {@link #of} for the object at the parser's current {@code START_OBJECT}, read through its end and
   * copied token by token, without a tree. An object that repeats a public key (the tree keeps the last
   * value at the first one's place) is rare: its copy, private keys already gone, is read back as a tree.
   */
  String read(JsonParser parser) throws IOException {
    JsonGenerator g = generator();
    out.getBuffer().setLength(0);
    keys.clear();
    boolean repeatsKey;
    try {
      repeatsKey = copy(parser, g, parser.currentToken());
      g.flush();
    } catch (IOException | RuntimeException e) {
      generator = null;
      throw e;
    }
    String json = out.toString();
    return repeatsKey ? of(RunSource.JSON.readTree(json)) : json;
  }

  private JsonGenerator generator() throws IOException {
    if (generator == null) {
      generator = RunSource.JSON.getFactory().createGenerator(out);
      generator.setRootValueSeparator(null); // each value is written alone
    }
    return generator;
  }

  /** Copies the value at {@code token}; true when an object in it repeats a public key. */
  private boolean copy(JsonParser p, JsonGenerator g, JsonToken token) throws IOException {
    boolean repeatsKey = false;
    if (token == JsonToken.START_OBJECT) {
      g.writeStartObject();
      int from = keys.size();
      Set<String> many = null;
      for (JsonToken t = ValueCaster.next(p); t != JsonToken.END_OBJECT; t = ValueCaster.next(p)) {
        String name = p.currentName();
        JsonToken value = ValueCaster.next(p);
        if (FieldSpec.isPrivateName(name)) {
          p.skipChildren();
          continue;
        }
        if (many == null && keys.size() - from == KEYS_SCANNED) {
          many = new HashSet<>(keys.subList(from, keys.size()));
        }
        repeatsKey |= many != null ? !many.add(name) : repeated(name, from);
        g.writeFieldName(name);
        repeatsKey |= copy(p, g, value);
      }
      keys.subList(from, keys.size()).clear();
      g.writeEndObject();
    } else if (token == JsonToken.START_ARRAY) {
      g.writeStartArray();
      for (JsonToken t = ValueCaster.next(p); t != JsonToken.END_ARRAY; t = ValueCaster.next(p)) {
        repeatsKey |= copy(p, g, t);
      }
      g.writeEndArray();
    } else {
      // Scalars as the tree writes them: ints as int/long/BigInteger, floats as double (what the tree keeps).
      g.copyCurrentEvent(p);
    }
    return repeatsKey;
  }

  /** True when {@code name} is among the current object's keys, those from {@code from} on; else adds it. */
  private boolean repeated(String name, int from) {
    for (int i = from; i < keys.size(); i++) {
      if (keys.get(i).equals(name)) {
        return true;
      }
    }
    keys.add(name);
    return false;
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
