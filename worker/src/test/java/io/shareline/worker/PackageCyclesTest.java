package io.shareline.worker;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Packages show the design only if their dependencies point one way. The worker's test classpath holds
 * every module's production classes, so one rule covers the whole project (a cycle across modules
 * cannot compile anyway).
 */
class PackageCyclesTest {

  @Test
  void noPackageOfAnyModuleDependsOnItselfThroughAnother() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.shareline");

    for (String each : new String[] {"io.shareline.worker.Main", "io.shareline.delivery.DeliveryLoop",
        "io.shareline.stage.StageRunner", "io.shareline.client.SharelineClient"}) {
      assertTrue(classes.contain(each), "the rule sees every module's classes: " + each);
    }
    slices().matching("io.shareline.(**)").should().beFreeOfCycles().check(classes);
  }
}
