package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cdnbilling.overdue.OverdueProcess;
import org.cdnbilling.support.DemoApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The compatibility rule of a process change (README, Changing a process): instances of every version ever released
 * may still run in the cluster, and a node of this release runs their jobs (its job executor registers the older
 * versions' deployments, {@link ShippedProcesses}). So every released version's delegates must still be beans of
 * this release, and every message it waits for must still be one the code correlates. {@code
 * src/test/resources/released-processes/<file-stem>-v<versionTag>.bpmn} keeps a copy of every released version: a
 * diagram shipped with a new versionTag fails here until its copy is added, and a delegate or message name can go
 * only once no released copy uses it (the copies of versions no instance can be on any longer may be removed).
 */
@DemoApplicationTest
class ReleasedProcessesCompatibilityTest {

    static final String RELEASED = "released-processes/";

    /** The message names the code correlates ({@code OverdueAccounts} settles a debt with DebtSettled). */
    static final Set<String> CORRELATED_MESSAGES = Set.of(OverdueProcess.MESSAGE_DEBT_SETTLED);

    @Autowired
    DiagramRequirements requirements;

    @Test
    void everyShippedDiagramHasItsReleasedCopyByteForByte() throws IOException {
        Map<String, byte[]> released = releasedCopies();
        for (ShippedDiagram diagram : ShippedDiagram.onClasspath()) {
            String copy = copyName(diagram);
            assertThat(released).as("src/test/resources/%s%s: every shipped diagram's version is kept there (add the "
                    + "copy when raising a versionTag)", RELEASED, copy).containsKey(copy);
            assertThat(Arrays.equals(released.get(copy), diagram.content())).as(
                    "%s differs from %s: a released version never changes, raise the versionTag and add a new copy",
                    RELEASED + copy, diagram.resourceName()).isTrue();
        }
    }

    @Test
    void everyReleasedCopyIsNamedAfterItsFileAndVersionTag() throws IOException {
        Map<String, byte[]> released = releasedCopies();
        assertThat(released).isNotEmpty();
        released.forEach((name, content) -> {
            String fileName = name.substring(0, name.lastIndexOf("-v")) + ".bpmn";
            assertThat(copyName(ShippedDiagram.of(fileName, content))).as(RELEASED + name).isEqualTo(name);
        });
    }

    @Test
    void everyDelegateOfEveryReleasedVersionIsStillInThisRelease() throws IOException {
        List<String> problems = new ArrayList<>();
        releasedCopies().forEach((name, content) -> problems.addAll(unresolvedDelegates(name, content)));
        assertThat(problems).as("delegates of released versions that this release lacks: keep a delegate until no "
                + "released version uses it (README, Changing a process)").isEmpty();
    }

    @Test
    void everyBeanTheExpressionsOfAReleasedVersionReadIsStillInThisRelease() throws IOException {
        // ${activationSettings.retryCycle}, ${billingSchedule.cron}: a name before a dot is a bean, as no variable
        // of these processes is read by property; plain names (${graceEndsAt}) are variables and not checked here
        List<String> problems = new ArrayList<>();
        releasedCopies().forEach((name, content) -> problems.addAll(unresolvedExpressionBeans(name, content)));
        assertThat(problems).as("beans of released versions' expressions that this release lacks").isEmpty();
    }

    @Test
    void everyMessageOfEveryReleasedVersionIsStillCorrelated() throws IOException {
        List<String> problems = new ArrayList<>();
        releasedCopies().forEach((name, content) -> problems.addAll(uncorrelatedMessages(name, content)));
        assertThat(problems).as("messages of released versions that this release no longer correlates").isEmpty();
    }

    @Test
    void aReleasedVersionUsingADelegateABeanOrAMessageThisReleaseLacksIsFound() throws IOException {
        String activation = new String(releasedCopies().get("cdn-activation-v1.bpmn"), StandardCharsets.UTF_8);
        String changed = activation.replace("${activateCdnServiceDelegate}", "${removedDelegate}")
                .replace("${activationSettings.retryCycle}", "${removedSettings.retryCycle}")
                .replace("</bpmn:definitions>", "  <bpmn:message id=\"Message_Removed\" name=\"RemovedMessage\" />\n"
                        + "</bpmn:definitions>");
        assertThat(changed).isNotEqualTo(activation);

        assertThat(unresolvedDelegates("cdn-activation-v0.bpmn", changed.getBytes(StandardCharsets.UTF_8)))
                .singleElement().asString().contains("${removedDelegate}", "Task_ActivateCdnService");
        assertThat(unresolvedExpressionBeans("cdn-activation-v0.bpmn", changed.getBytes(StandardCharsets.UTF_8)))
                .singleElement().asString().contains("removedSettings");
        assertThat(uncorrelatedMessages("cdn-activation-v0.bpmn", changed.getBytes(StandardCharsets.UTF_8)))
                .singleElement().asString().contains("RemovedMessage");
    }

    private List<String> unresolvedDelegates(String name, byte[] content) {
        return requirements.unresolvedDelegates(name, content);
    }

    private List<String> unresolvedExpressionBeans(String name, byte[] content) {
        return requirements.unresolvedExpressionBeans(name, content);
    }

    private static List<String> uncorrelatedMessages(String name, byte[] content) {
        return DiagramRequirements.messageNames(name, content).stream()
                .filter(message -> !CORRELATED_MESSAGES.contains(message))
                .map(message -> name + ": message " + message + " is correlated nowhere in this release").toList();
    }

    private static String copyName(ShippedDiagram diagram) {
        return diagram.fileName().replaceFirst("\\.bpmn$", "") + "-v" + diagram.versionTag() + ".bpmn";
    }

    private static Map<String, byte[]> releasedCopies() throws IOException {
        Map<String, byte[]> copies = new LinkedHashMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath:" + RELEASED + "*.bpmn")) {
            try (InputStream in = resource.getInputStream()) {
                copies.put(resource.getFilename(), in.readAllBytes());
            }
        }
        return copies;
    }
}
