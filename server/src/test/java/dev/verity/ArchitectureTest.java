package dev.verity;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The dependency rules of ARCHITECTURE.md ("an ArchUnit test keeps them"), checked on the main classes
 * only. Packages that do not exist yet (api.v2, admin, onboarding, protection, events) are named already, so
 * the rules hold the day they appear.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.verity";

    /** Every feature: the engine and everything the dialect adapters build on. */
    private static final String[] FEATURES = {
            "dev.verity.verification..", "dev.verity.profile..", "dev.verity.tenancy..", "dev.verity.onboarding..",
            "dev.verity.delivery..", "dev.verity.protection..", "dev.verity.events..", "dev.verity.token..",
            "dev.verity.shared.."};

    /** The adapters in front of the features: the two dialects, the platform API and the admin API/portal. */
    private static final String[] ADAPTERS = {
            "dev.verity.api.v1..", "dev.verity.api.v2..", "dev.verity.api.platform..", "dev.verity.admin.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages(ROOT);

    @Test
    void importHoldsTheMainClassesAndNoTests() {
        assertThat(MAIN.contain(VerityApplication.class)).isTrue();
        assertThat(MAIN.stream().map(JavaClass::getPackageName))
                .contains("dev.verity.api.v1", "dev.verity.verification", "dev.verity.profile", "dev.verity.tenancy",
                        "dev.verity.delivery", "dev.verity.token", "dev.verity.shared")
                .noneMatch(name -> name.startsWith("dev.verity.testing"));
        assertThat(MAIN.stream().map(JavaClass::getSimpleName)).noneMatch(name -> name.endsWith("Test")
                || name.endsWith("Tests"));
    }

    @Test
    void featuresDoNotDependOnDialectsPlatformOrAdmin() {
        noClasses().that().resideInAnyPackage(FEATURES)
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .because("dialects are thin adapters over the features; the engine knows nothing of their wire shapes")
                .check(MAIN);
    }

    @Test
    void dialectV1DoesNotDependOnV2() {
        noClasses().that().resideInAPackage("dev.verity.api.v1..")
                .should().dependOnClassesThat().resideInAPackage("dev.verity.api.v2..")
                .because("the two dialects never depend on each other")
                .check(MAIN);
    }

    @Test
    void dialectV2DoesNotDependOnV1() {
        noClasses().that().resideInAPackage("dev.verity.api.v2..")
                .should().dependOnClassesThat().resideInAPackage("dev.verity.api.v1..")
                .because("the two dialects never depend on each other")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void sharedDependsOnNoFeature() {
        noClasses().that().resideInAPackage("dev.verity.shared..")
                .should().dependOnClassesThat(resideInAPackage("dev.verity..")
                        .and(not(resideInAPackage("dev.verity.shared.."))))
                .because("shared (clock, ids, hashing) imports no feature")
                .check(MAIN);
    }

    @Test
    void deliveryDoesNotDependOnVerificationOrProfile() {
        noClasses().that().resideInAPackage("dev.verity.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.verity.verification..", "dev.verity.profile..")
                .because("delivery knows messages, not challenges or profiles")
                .check(MAIN);
    }

    @Test
    void verificationEngineUsesOnlyDeliveryProtectionTenancyEventsAndShared() {
        noClasses().that().resideInAPackage("dev.verity.verification..")
                .should().dependOnClassesThat(resideInAPackage("dev.verity..")
                        .and(not(resideInAnyPackage("dev.verity.verification..", "dev.verity.delivery..",
                                "dev.verity.protection..", "dev.verity.tenancy..", "dev.verity.events..",
                                "dev.verity.shared.."))))
                .because("the engine may use delivery, protection, tenancy, events and shared only")
                .check(MAIN);
    }

    @Test
    void profileKnowsNothingOfVerification() {
        noClasses().that().resideInAPackage("dev.verity.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.verity.verification..", "dev.verity.token..")
                .because("profile is users and contacts; what a verified address means is the caller's use case")
                .check(MAIN);
    }

    @Test
    void onboardingNeitherMintsNorReadsTokens() {
        noClasses().that().resideInAPackage("dev.verity.onboarding..")
                .should().dependOnClassesThat().resideInAPackage("dev.verity.token..")
                .because("onboarding gets its caller from the dialect and its registration tokens from token, via api.v2")
                .check(MAIN);
    }

    @Test
    void controllersLiveInTheDialectsAndAdminOnly() {
        classes().that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .or().areAnnotatedWith(org.springframework.stereotype.Controller.class)
                .should().resideInAnyPackage("dev.verity.api..", "dev.verity.admin..")
                .because("HTTP is the dialects' and admin's; features are reached through their services")
                .check(MAIN);
    }

    @Test
    void onlyTheEngineUsesProtection() {
        noClasses().that().resideOutsideOfPackages("dev.verity.protection..", "dev.verity.verification..")
                .should().dependOnClassesThat().resideInAPackage("dev.verity.protection..")
                .because("every guard runs inside the engine's use cases, for every caller (ARCHITECTURE.md, one door)")
                .check(MAIN);
        assertThat(MAIN.that(resideInAPackage("dev.verity.protection.."))).isNotEmpty();
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.verity.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void apiSubPackagesAreFreeOfCycles() {
        slices().matching("dev.verity.api.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(MAIN);
    }

    @Test
    void repositoriesArePackagePrivate() {
        classes().that().haveSimpleNameEndingWith("Repository").and().resideInAPackage("dev.verity..")
                .should().bePackagePrivate()
                .because("each feature's JDBC repository is private to it; features talk through services")
                .check(MAIN);
    }

    @Test
    void sqlLivesInRepositoriesOnly() {
        noClasses().that().resideInAPackage("dev.verity..").and().haveSimpleNameNotEndingWith("Repository")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..")
                .because("every class that holds SQL is a …Repository, so a reader finds all of a feature's SQL in one place")
                .check(MAIN);
    }

    @Test
    void noClassUsesAnotherFeaturesRepository() {
        classes().that().resideInAPackage("dev.verity..")
                .should(notUseRepositoriesOfOtherFeatures())
                .check(MAIN);
    }

    @Test
    void featuresThatDoNotExistYetAreStillCoveredWhenTheyAppear() {
        // the adapters and features that exist today must be matched by the rules above, or they check nothing
        assertThat(MAIN.that(resideInAnyPackage(ADAPTERS))).isNotEmpty();
        assertThat(MAIN.that(resideInAnyPackage(FEATURES))).isNotEmpty();
        assertThat(MAIN.that(resideInAPackage("dev.verity.api.v1..")).size()).isGreaterThan(3);
        assertThat(MAIN.stream().filter(c -> outermost(c).getSimpleName().endsWith("Repository")).count())
                .isGreaterThanOrEqualTo(4);
    }

    private static ArchCondition<JavaClass> notUseRepositoriesOfOtherFeatures() {
        return new ArchCondition<>("not use a Repository of another feature") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = outermost(dependency.getTargetClass().getBaseComponentType());
                    if (target.getSimpleName().endsWith("Repository") && target.getPackageName().startsWith(ROOT + ".")
                            && !feature(target).equals(feature(origin))) {
                        events.add(SimpleConditionEvent.violated(origin, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static JavaClass outermost(JavaClass javaClass) {
        JavaClass current = javaClass;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }

    /** The feature a class belongs to: its package below {@code dev.verity} ("api.v1", "profile", ...). */
    private static String feature(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return name;
        }
        String[] parts = name.substring(ROOT.length() + 1).split("\\.");
        return parts[0].equals("api") && parts.length > 1 ? "api." + parts[1] : parts[0];
    }
}
