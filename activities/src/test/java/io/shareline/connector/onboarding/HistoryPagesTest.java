package io.shareline.connector.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryPagesTest {

  @Test
  void aPageTakesRunsFromEveryWorkflowInTurnEvenWhenOneWorkflowsRunsAllComeFirst() {
    List<RunRef> ordered = List.of(run("a", "1"), run("a", "2"), run("a", "3"), run("b", "1"), run("b", "2"));

    HistoryPages.Page page = HistoryPages.next(ordered, null, 4);

    assertEquals(List.of(run("a", "1"), run("b", "1"), run("a", "2"), run("b", "2")), page.runs());
  }

  @Test
  void pagesHandOutEveryRunOnceEachWorkflowInItsOrder() {
    List<RunRef> ordered = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ordered.add(run("a", "a" + i));
    }
    for (int i = 0; i < 3; i++) {
      ordered.add(run("b=&x", "b" + i));
    }
    List<RunRef> handedOut = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HistoryPages.Page page = HistoryPages.next(ordered, cursor, 3);
      handedOut.addAll(page.runs());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);

    assertEquals(4, pages);
    assertEquals(ordered.stream().filter(r -> r.workflowId().equals("a")).toList(),
        handedOut.stream().filter(r -> r.workflowId().equals("a")).toList());
    assertEquals(ordered.stream().filter(r -> !r.workflowId().equals("a")).toList(),
        handedOut.stream().filter(r -> !r.workflowId().equals("a")).toList());
  }

  @Test
  void aRunAppendedToTheSourceAfterAPageIsInALaterPage() {
    List<RunRef> before = List.of(run("a", "1"), run("b", "1"), run("a", "2"));
    HistoryPages.Page first = HistoryPages.next(before, null, 2);
    List<RunRef> after = List.of(run("a", "1"), run("b", "1"), run("a", "2"), run("b", "2"));

    HistoryPages.Page second = HistoryPages.next(after, first.nextCursor(), 10);

    assertEquals(List.of(run("a", "2"), run("b", "2")), second.runs());
    assertNull(second.nextCursor());
  }

  @Test
  void aCursorOfTheEarlierFormPagesOnInOneOrderAcrossWorkflows() {
    List<RunRef> ordered = List.of(run("a", "1"), run("a", "2"), run("a", "3"), run("b", "1"));

    HistoryPages.Page page = HistoryPages.next(ordered, run("a", "1").key(), 2);

    assertEquals(List.of(run("a", "2"), run("a", "3")), page.runs());
    assertEquals(run("a", "3").key(), page.nextCursor());
  }

  private static RunRef run(String workflowId, String jobId) {
    return new RunRef(workflowId, jobId);
  }
}
