package io.shareline.source;

import io.shareline.schema.FieldSpec;
import io.shareline.schema.SourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of scraper the sample source imitates. Product prices change schema half way through its
 * runs (a field added, one type changed); each template flags one field private only in workflow.json.
 */
enum SampleTemplate {
  PRODUCT_PRICES("product-prices", "Product price tracker", "pricing", "cost_price", false),
  JOB_BOARD("job-board", "Job board watcher", "talent", "recruiter_notes", false),
  CONTACTS("contacts", "B2B contacts enrichment", "sales", "notes", true);

  final String slug;
  final String title;
  final String team;
  /** Private only because workflow.json says so: the run's schema does not flag it. */
  final String flaggedInWorkflow;
  /** workflow.json lists it as {@code "private_fields": [...]} rather than {@code "fields": {...}}. */
  final boolean flagAsList;

  SampleTemplate(String slug, String title, String team, String flaggedInWorkflow, boolean flagAsList) {
    this.slug = slug;
    this.title = title;
    this.team = team;
    this.flaggedInWorkflow = flaggedInWorkflow;
    this.flagAsList = flagAsList;
  }

  /** The schema of run {@code runIndex} out of {@code runs}. */
  List<FieldSpec> schema(int runIndex, int runs) {
    boolean changed = this == PRODUCT_PRICES && runs > 1 && runIndex >= Math.max(1, runs / 2);
    List<FieldSpec> f = new ArrayList<>();
    switch (this) {
      case PRODUCT_PRICES -> {
        add(f, "title", "STRING", false, "Product title as shown on the page");
        add(f, "price", "MONEY", true, "Current price, as displayed");
        if (changed) {
          add(f, "discount_pct", "NUMBER", true, "Discount shown next to the price");
        }
        add(f, flaggedInWorkflow, "MONEY", true, "Our purchase cost");
        add(f, "url", "LINK", false, "Product page");
        add(f, "image", "IMAGE", true, "Main product image");
        add(f, "in_stock", "BOOLEAN", true, "Availability");
        add(f, "rating", changed ? "STRING" : "NUMBER", true, "Average rating");
        add(f, "reviews", "INTEGER", true, "Number of reviews");
        add(f, "scraped_on", "DATE", false, "Day of the crawl");
        add(f, "seen_at", "DATETIME", false, "When the page was fetched");
        add(f, "tags", "ARRAY<STRING>", true, "Badges on the listing");
        add(f, "seller", "OBJECT", true, "Marketplace seller");
      }
      case JOB_BOARD -> {
        add(f, "Job Title", "STRING", false, "Title of the posting");
        add(f, "company", "STRING", false, "Hiring company");
        add(f, "location", "STRING", true, "City or Remote");
        add(f, "Salary (min)", "MONEY", true, "Lower bound of the advertised range");
        add(f, "Salary (max)", "MONEY", true, "Upper bound of the advertised range");
        add(f, "remote", "BOOLEAN", true, "Remote allowed");
        add(f, "posted_on", "DATE", true, "Posting date");
        add(f, "first_seen", "DATETIME", false, "First time we saw the posting");
        add(f, "apply_url", "LINK", false, "Where to apply");
        add(f, "skills", "ARRAY<STRING>", true, "Skills mentioned");
        add(f, "openings", "INTEGER", true, "Number of openings");
        add(f, flaggedInWorkflow, "STRING", true, "Internal remarks");
        add(f, "details", "OBJECT", true, "Structured extras");
      }
      case CONTACTS -> {
        add(f, "full_name", "STRING", false, "Contact name");
        add(f, "email", "EMAIL", true, "Work email");
        add(f, "phone", "PHONE", true, "Work phone");
        add(f, "company", "STRING", true, "Employer");
        add(f, "position", "STRING", true, "Job title");
        add(f, "linkedin", "LINK", true, "Profile URL");
        add(f, "avatar", "IMAGE", true, "Profile picture");
        add(f, "employees", "INTEGER", true, "Company head count");
        add(f, "last_contacted", "DATETIME", true, "Last touch point");
        add(f, "scores", "ARRAY<NUMBER>", true, "Lead scores over time");
        add(f, flaggedInWorkflow, "STRING", true, "Sales notes");
        add(f, "address", "OBJECT", true, "Office address");
      }
    }
    add(f, "_raw_html", "STRING", true, "Page source, kept for debugging");
    add(f, "_session", "OBJECT", true, "Crawler session");
    return f;
  }

  private static void add(List<FieldSpec> fields, String name, String type, boolean nullable, String description) {
    fields.add(new FieldSpec(name, SourceType.parse(type), nullable, description, false));
  }
}
