package io.shareline.worker.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** deploy/Dockerfile as instructions (continuation lines joined, comments dropped). */
record Dockerfile(String text, List<String> instructions) {

  Dockerfile(String text) {
    this(text, parse(text));
  }

  private static List<String> parse(String text) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continues) {
        instructions.add(current.toString().trim());
        current.setLength(0);
      }
    }
    return instructions;
  }

  /** Images of the FROM lines; a FROM naming an earlier stage is not an image. */
  List<String> baseImages() {
    Set<String> stages = new TreeSet<>();
    List<String> images = new ArrayList<>();
    for (String instruction : instructions) {
      String[] words = instruction.split("\\s+");
      if (!words[0].equalsIgnoreCase("FROM")) {
        continue;
      }
      String image = words[1].startsWith("--") ? words[2] : words[1];
      if (!stages.contains(image)) {
        images.add(image);
      }
      if (words.length >= 4 && words[words.length - 2].equalsIgnoreCase("AS")) {
        stages.add(words[words.length - 1]);
      }
    }
    return images;
  }

  /** Arguments of the last such instruction in the final stage, or null. */
  String finalStage(String keyword) {
    String found = null;
    for (String instruction : instructions) {
      String word = instruction.split("\\s+", 2)[0];
      if (word.equalsIgnoreCase("FROM")) {
        found = null;
      } else if (word.equalsIgnoreCase(keyword)) {
        found = instruction.substring(word.length()).trim();
      }
    }
    return found;
  }

  /** Names set by ENV in any stage ({@code ENV A=1 B=2} and the legacy {@code ENV A 1}). */
  Set<String> envNames() {
    Set<String> names = new TreeSet<>();
    for (String instruction : instructions) {
      String[] words = instruction.split("\\s+");
      if (!words[0].equalsIgnoreCase("ENV")) {
        continue;
      }
      if (!words[1].contains("=")) {
        names.add(words[1]);
        continue;
      }
      for (int i = 1; i < words.length; i++) {
        if (words[i].contains("=")) {
          names.add(words[i].substring(0, words[i].indexOf('=')));
        }
      }
    }
    return names;
  }
}
