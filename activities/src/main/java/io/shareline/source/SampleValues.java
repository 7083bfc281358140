package io.shareline.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.schema.FieldSpec;
import io.shareline.schema.SourceType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Row values for the sample source: realistic per field name, in the mixed shapes scrapers produce
 * ("$1,234.50", epoch millis, offsets), with some nulls, missing keys and values that do not fit
 * their type, so lenient casting has work to do.
 */
final class SampleValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] BRANDS = {"Acme", "Northwind", "Contoso", "Globex", "Initech", "Hooli"};
  private static final String[] PRODUCTS = {"Stainless Steel Kettle 1.7L", "Wireless Earbuds", "Espresso Machine",
      "Trail Running Shoes", "Cast Iron Skillet 28cm", "Mechanical Keyboard", "Yoga Mat", "LED Desk Lamp"};
  private static final String[] TAGS = {"sale", "new", "bestseller", "eco", "limited", "refurbished"};
  private static final String[] CITIES = {"Lyon", "Berlin", "Austin", "Toronto", "Lisbon", "Osaka"};
  private static final String[] COUNTRIES = {"FR", "DE", "US", "CA", "PT", "JP"};
  private static final String[] JOBS = {"Data Engineer", "Backend Developer", "Product Designer",
      "Site Reliability Engineer", "Analytics Lead", "Support Specialist"};
  private static final String[] SKILLS = {"java", "python", "sql", "spark", "kubernetes", "terraform", "react"};
  private static final String[] FIRST = {"Ana", "Jonas", "Mei", "Omar", "Lucia", "Tomasz", "Priya", "Kofi"};
  private static final String[] LAST = {"Martin", "Schmidt", "Tanaka", "Haddad", "Rossi", "Nowak", "Iyer", "Mensah"};

  private final Random r;

  SampleValues(Random r) {
    this.r = r;
  }

  ObjectNode row(List<FieldSpec> schema, Instant fetchedAt) {
    ObjectNode row = NODES.objectNode();
    for (FieldSpec f : schema) {
      int dice = r.nextInt(100);
      if (f.nullable() && dice < 5) {
        if (dice < 3) {
          row.putNull(f.name());
        }
        continue;
      }
      JsonNode misfit = dice >= 97 ? misfit(f.type()) : null;
      row.set(f.name(), misfit != null ? misfit : value(f, fetchedAt));
    }
    return row;
  }

  private JsonNode value(FieldSpec f, Instant at) {
    String brand = pick(BRANDS);
    return switch (f.name()) {
      case "title" -> text(brand + " " + pick(PRODUCTS));
      case "price", "cost_price" -> money(5 + r.nextInt(2000) + r.nextInt(100) / 100.0);
      case "discount_pct" -> NODES.numberNode(r.nextInt(7) * 5);
      case "url" -> text("https://shop.example.com/p/" + (100000 + r.nextInt(900000)));
      case "image" -> text("https://cdn.example.com/img/" + Integer.toHexString(r.nextInt()) + ".jpg");
      case "in_stock", "remote" -> r.nextInt(4) == 0 ? text(r.nextBoolean() ? "true" : "false") : NODES.booleanNode(r.nextBoolean());
      case "rating" -> f.type().kind() == SourceType.Kind.STRING
          ? text((30 + r.nextInt(21)) / 10.0 + " out of 5") : NODES.numberNode((30 + r.nextInt(21)) / 10.0);
      case "reviews", "openings", "employees" -> r.nextInt(5) == 0
          ? text(Integer.toString(r.nextInt(5000))) : NODES.numberNode(r.nextInt(5000));
      case "scraped_on", "posted_on" -> text(LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(r.nextInt(3)).toString());
      case "seen_at" -> dateTime(at);
      case "first_seen", "last_contacted" -> dateTime(at.minusSeconds(r.nextInt(30 * 86_400)));
      case "tags" -> strings(TAGS, 3);
      case "skills" -> strings(SKILLS, 4);
      case "seller" -> seller(brand);
      case "Job Title", "position" -> text(pick(JOBS));
      case "company" -> text(brand + (r.nextBoolean() ? " GmbH" : " Inc."));
      case "location" -> text(r.nextInt(5) == 0 ? "Remote" : pick(CITIES));
      case "Salary (min)" -> money(40000 + r.nextInt(40) * 1000);
      case "Salary (max)" -> money(90000 + r.nextInt(60) * 1000);
      case "apply_url" -> text("https://jobs.example.com/apply/" + (1000 + r.nextInt(9000)));
      case "details" -> details();
      case "full_name" -> text(pick(FIRST) + " " + pick(LAST));
      case "email" -> text(pick(FIRST).toLowerCase(Locale.ROOT) + "." + pick(LAST).toLowerCase(Locale.ROOT) + "@example.com");
      case "phone" -> text("+33 6 " + (10 + r.nextInt(90)) + " " + (10 + r.nextInt(90)) + " " + (10 + r.nextInt(90)));
      case "linkedin" -> text("https://www.linkedin.com/in/example-" + r.nextInt(100000));
      case "avatar" -> text("https://cdn.example.com/avatars/" + r.nextInt(100000) + ".png");
      case "scores" -> scores();
      case "address" -> address();
      case "notes", "recruiter_notes" -> text("Spoke on the phone; follow up in " + (1 + r.nextInt(8)) + " weeks");
      case "_raw_html" -> text("<html><body><h1>" + brand + "</h1><div class=\"price\">" + r.nextInt(999) + "</div></body></html>");
      case "_session" -> NODES.objectNode().put("cookie", "sess-" + Long.toHexString(r.nextLong()))
          .put("proxy", "10.0." + r.nextInt(255) + "." + r.nextInt(255));
      default -> byType(f.type(), at);
    };
  }

  private JsonNode byType(SourceType type, Instant at) {
    return switch (type.kind()) {
      case STRING, LINK, IMAGE, EMAIL, PHONE -> text("value " + r.nextInt(1000));
      case NUMBER -> NODES.numberNode(r.nextInt(10000) / 100.0);
      case INTEGER -> NODES.numberNode(r.nextInt(1000));
      case BOOLEAN -> NODES.booleanNode(r.nextBoolean());
      case DATE -> text(LocalDate.ofInstant(at, ZoneOffset.UTC).toString());
      case DATETIME -> dateTime(at);
      case MONEY -> money(r.nextInt(10000) / 100.0);
      case ARRAY -> NODES.arrayNode().add(byType(type.element(), at)).add(byType(type.element(), at));
      case OBJECT -> NODES.objectNode().put("key", "value " + r.nextInt(1000)).put("_internal", r.nextInt());
    };
  }

  /** A value of the wrong shape for {@code type}, as scrapers produce when a page changes. */
  private JsonNode misfit(SourceType type) {
    return switch (type.kind()) {
      case MONEY -> text("N/A");
      case INTEGER -> r.nextBoolean() ? text("many") : NODES.numberNode(3.5);
      case NUMBER -> text("n/a");
      case BOOLEAN -> text("maybe");
      case DATE -> text("yesterday");
      case DATETIME -> text("just now");
      case ARRAY -> text("a, b");
      case OBJECT -> NODES.arrayNode().add(1);
      case STRING, LINK, IMAGE, EMAIL, PHONE -> NODES.objectNode().put("text", "see page");
    };
  }

  /** Prices in every shape scrapers hand over: plain numbers, "$1,234.50", "EUR 12.5", {"amount", "currency"}. */
  private JsonNode money(double amount) {
    String plain = String.format(Locale.ROOT, "%.2f", amount);
    return switch (r.nextInt(4)) {
      case 0 -> NODES.numberNode(Double.parseDouble(plain));
      case 1 -> text(String.format(Locale.ROOT, "$%,.2f", amount));
      case 2 -> text("EUR " + plain);
      default -> NODES.objectNode().put("amount", Double.parseDouble(plain)).put("currency", "EUR");
    };
  }

  private JsonNode dateTime(Instant at) {
    Instant t = at.truncatedTo(ChronoUnit.MILLIS);
    return switch (r.nextInt(4)) {
      case 0 -> text(t.toString());
      case 1 -> text(t.atOffset(ZoneOffset.ofHours(2)).toString());
      case 2 -> text(LocalDateTime.ofInstant(t, ZoneOffset.UTC).toString());
      default -> NODES.numberNode(t.toEpochMilli());
    };
  }

  private ObjectNode seller(String brand) {
    ObjectNode seller = NODES.objectNode().put("name", brand + " Outlet").put("_internal_id", "slr-" + r.nextInt(100000))
        .put("rating", (35 + r.nextInt(16)) / 10.0);
    ArrayNode stores = seller.putArray("stores");
    int count = 1 + r.nextInt(2);
    for (int i = 0; i < count; i++) {
      stores.addObject().put("city", pick(CITIES)).put("_store_token", Long.toHexString(r.nextLong()));
    }
    seller.putObject("contact").put("country", pick(COUNTRIES)).put("_email", "ops@" + brand.toLowerCase(Locale.ROOT) + ".example");
    return seller;
  }

  private ObjectNode details() {
    ObjectNode d = NODES.objectNode().put("contract", r.nextBoolean() ? "permanent" : "fixed-term")
        .put("_tracking_id", "trk-" + r.nextInt(1_000_000));
    d.putArray("benefits").addObject().put("name", "health").put("_source_selector", "div.benefits > li");
    return d;
  }

  private ObjectNode address() {
    ObjectNode a = NODES.objectNode().put("street", (1 + r.nextInt(200)) + " Main Street").put("city", pick(CITIES))
        .put("country", pick(COUNTRIES));
    a.putObject("geo").put("lat", r.nextInt(180_000) / 1000.0 - 90).put("_geo_hash", Long.toHexString(r.nextLong()));
    return a;
  }

  private ArrayNode scores() {
    ArrayNode s = NODES.arrayNode();
    for (int i = 0; i < 3; i++) {
      s.add(r.nextInt(10) == 0 ? text("high") : NODES.numberNode(r.nextInt(100)));
    }
    return s;
  }

  private ArrayNode strings(String[] pool, int max) {
    ArrayNode a = NODES.arrayNode();
    int count = r.nextInt(max + 1);
    for (int i = 0; i < count; i++) {
      a.add(pick(pool));
    }
    return a;
  }

  private String pick(String[] pool) {
    return pool[r.nextInt(pool.length)];
  }

  private static JsonNode text(String s) {
    return NODES.textNode(s);
  }
}
