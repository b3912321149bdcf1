package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.cdnbilling.billing.SetAsideAccounts;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each release runs what it ships: a newer version deployed by someone else (Camunda Modeler, a newer release)
 * becomes the latest, yet this node starts the definition of its own diagrams, found by key and versionTag; a node
 * of an older release restarting deploys nothing; a diagram changed without a new versionTag is refused; several
 * nodes deploying one new diagram at once deploy it once; each node's job executor runs the versions its release
 * ships and older ones, never newer ones, the billing run's timer included.
 */
@DemoApplicationTest
class ShippedProcessVersionsTest {

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    RepositoryService repository;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    @Autowired
    ShippedProcesses shipped;

    @Autowired
    ProcessDeploymentLock lock;

    @Autowired
    SetAsideAccounts setAside;

    @Autowired
    Clock clock;

    HttpTestClient client;

    final List<String> testDeployments = new ArrayList<>();

    Set<String> registeredBefore;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
        registeredBefore = Set.copyOf(management.getRegisteredDeployments());
    }

    @AfterEach
    void removeTestDeployments() {
        // the other test classes of this JVM share the engine: they see the shipped diagrams as the latest again
        testDeployments.forEach(id -> repository.deleteDeployment(id, true));
        management.getRegisteredDeployments().stream().filter(id -> !registeredBefore.contains(id)).toList()
                .forEach(management::unregisterDeploymentForJobExecutor);
        registeredBefore.forEach(management::registerDeploymentForJobExecutor);
    }

    @Test
    void aModelerDeploymentBecomesTheLatestYetThisNodeStartsWhatItShipped() {
        String newerActivation = deployAsModeler("cdn-activation.bpmn", "1-modeler");
        String newerChange = deployAsModeler("cdn-charge-type-change.bpmn", "1-modeler");
        String newerSetAside = deployAsModeler("cdn-billing-set-aside.bpmn", "1-modeler");
        assertThat(latest("cdn-activation").getId()).isEqualTo(newerActivation);

        TestAccount account = Accounts.createOpenedAccount(client, clock, "PayByTraffic");
        HttpTestClient.Reply change = client.signedGetAt(clock, account, "ModifyCdnService",
                Map.of("InternetChargeType", "PayByBandwidth"));
        assertThat(change.status()).as(change.raw().body()).isEqualTo(200);
        setAside.setAside(account.ownerId(), "test: shipped version", "run-shipped-versions-test");

        for (String key : List.of("cdn-activation", "cdn-charge-type-change", "cdn-billing-set-aside")) {
            HistoricProcessInstance started = startedFor(key, account.ownerId());
            ProcessDefinition definition = repository.getProcessDefinition(started.getProcessDefinitionId());
            assertThat(definition.getId()).as(key).isEqualTo(shipped.definitionId(key))
                    .isNotIn(newerActivation, newerChange, newerSetAside);
            assertThat(definition.getVersionTag()).as(key).isEqualTo(shippedTag(key));
        }
    }

    @Test
    void anOlderReleaseRestartingNextToANewerOneDeploysNothingAndTheNewerStaysLatest() {
        // the newer release deploys its changed diagram with the same deployment code, under the same name
        ShippedDiagram changed = retagged(shippedDiagram("cdn-overdue.bpmn"), "2-newer-release");
        ShippedProcesses newerRelease = new ShippedProcesses(List.of(changed), lock);
        assertThat(newerRelease.deploy(engine)).containsExactly("processes/cdn-overdue.bpmn");
        String newer = newerRelease.definitionId("cdn-overdue");
        testDeployments.add(repository.getProcessDefinition(newer).getDeploymentId());
        assertThat(latest("cdn-overdue").getId()).isEqualTo(newer);
        long deployments = repository.createDeploymentQuery().count();

        List<String> deployed = new ShippedProcesses(ShippedDiagram.onClasspath(), lock)
                .deploy(engine);

        assertThat(deployed).isEmpty();
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(latest("cdn-overdue").getId()).isEqualTo(newer);
    }

    @Test
    void aNodeRunsTheJobsOfTheVersionsItShipsAndOfOlderOnesNeverOfNewerOnes() {
        ShippedDiagram changed = retagged(shippedDiagram("cdn-overdue.bpmn"), "2-newer-release");
        ShippedProcesses newerRelease = new ShippedProcesses(List.of(changed), lock);
        newerRelease.deploy(engine);
        String newerDeployment = repository.getProcessDefinition(newerRelease.definitionId("cdn-overdue"))
                .getDeploymentId();
        testDeployments.add(newerDeployment);
        List<String> shippedDeployments = ShippedDiagram.onClasspath().stream()
                .map(d -> shipped.definition(d.key()).getDeploymentId()).toList();

        // a node of the old release starting next to the newer one: its job executor starts with no registration
        List.copyOf(management.getRegisteredDeployments()).forEach(management::unregisterDeploymentForJobExecutor);
        new ShippedProcesses(ShippedDiagram.onClasspath(), lock).deploy(engine);

        assertThat(management.getRegisteredDeployments()).as("the old release's node")
                .containsAll(shippedDeployments).doesNotContain(newerDeployment);

        // a node of the newer release starting later: its own version and every older one, deployed by another node
        List.copyOf(management.getRegisteredDeployments()).forEach(management::unregisterDeploymentForJobExecutor);
        new ShippedProcesses(List.of(changed), lock).deploy(engine);

        List<String> everyOverdueDeployment = repository.createProcessDefinitionQuery()
                .processDefinitionKey("cdn-overdue").list().stream().map(ProcessDefinition::getDeploymentId).toList();
        // (containsAll: the shared context's own node may apply its process versions meanwhile, ProcessVersions)
        assertThat(management.getRegisteredDeployments()).as("the newer release's node")
                .containsAll(Set.copyOf(everyOverdueDeployment))
                .contains(newerDeployment, shipped.definition("cdn-overdue").getDeploymentId());
    }

    @Test
    void theBillingRunsTimerBelongsToTheLatestVersionWhichOnlyANodeShippingItRuns() {
        String shippedDeployment = shipped.definition("cdn-billing-run").getDeploymentId();
        assertThat(billingRunTimer().getDeploymentId()).isEqualTo(shippedDeployment);
        ShippedProcesses newerRelease = new ShippedProcesses(
                List.of(retagged(shippedDiagram("cdn-billing-run.bpmn"), "3-newer-release")), lock);
        newerRelease.deploy(engine);
        String newerDeployment = repository.getProcessDefinition(newerRelease.definitionId("cdn-billing-run"))
                .getDeploymentId();

        assertThat(billingRunTimer().getDeploymentId()).isEqualTo(newerDeployment);
        List.copyOf(management.getRegisteredDeployments()).forEach(management::unregisterDeploymentForJobExecutor);
        new ShippedProcesses(ShippedDiagram.onClasspath(), lock).deploy(engine);
        assertThat(management.getRegisteredDeployments()).as("an old release's node").doesNotContain(newerDeployment);

        // removing the newer version gives the timer back to the shipped one (the rest of this class needs it)
        repository.deleteDeployment(newerDeployment, true);
        assertThat(billingRunTimer().getDeploymentId()).isEqualTo(shippedDeployment);
    }

    @Test
    void aRestartWithUnchangedFilesDeploysNothingAndStartsTheSameDefinitions() {
        long deployments = repository.createDeploymentQuery().count();
        ShippedProcesses restarted = new ShippedProcesses(ShippedDiagram.onClasspath(), lock);

        assertThat(restarted.deploy(engine)).isEmpty();

        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
        for (ShippedDiagram diagram : ShippedDiagram.onClasspath()) {
            assertThat(restarted.definitionId(diagram.key())).isEqualTo(shipped.definitionId(diagram.key()));
        }
    }

    @Test
    void aDiagramChangedWithoutANewVersionTagIsRefusedAtStartUp() {
        ShippedDiagram original = shippedDiagram("cdn-charge-type-change.bpmn");
        BpmnModelInstance model = model(original);
        model.getModelElementsByType(Process.class).iterator().next().setName("CDN charge type change, changed");
        ShippedDiagram changed = ShippedDiagram.of(original.fileName(),
                Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8));
        assertThat(changed.versionTag()).isEqualTo(original.versionTag());
        long deployments = repository.createDeploymentQuery().count();

        assertThatThrownBy(() -> new ShippedProcesses(List.of(changed), lock)
                .deploy(engine))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("processes/cdn-charge-type-change.bpmn changed but its camunda:versionTag \""
                        + original.versionTag() + "\" did not")
                .hasMessageContaining("Raise the versionTag with every change of a diagram");
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
    }

    @Test
    void nodesStartingAtOnceWithANewVersionTagDeployItOnce() throws Exception {
        // Camunda skips its own deployment lock on H2: several rounds, so that a missing lock of ours shows
        for (int round = 0; round < 5; round++) {
            ShippedDiagram newer = retagged(shippedDiagram("cdn-billing-set-aside.bpmn"),
                    "2-race-" + round + "-" + System.nanoTime());
            long deployments = repository.createDeploymentQuery().count();

            List<List<String>> deployed = AllAtOnce.run(4, i -> () -> new ShippedProcesses(List.of(newer), lock)
                    .deploy(engine));
            List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery()
                    .processDefinitionKey(newer.key()).versionTag(newer.versionTag()).list();
            definitions.forEach(d -> testDeployments.add(d.getDeploymentId()));

            assertThat(definitions).as("round %d", round).hasSize(1);
            assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments + 1);
            assertThat(deployed.stream().filter(names -> !names.isEmpty()).toList())
                    .containsExactly(List.of("processes/cdn-billing-set-aside.bpmn"));
            assertThat(repository.createDeploymentQuery().deploymentId(definitions.get(0).getDeploymentId())
                    .singleResult().getName()).isEqualTo("cdn-billing-engine/cdn-billing-set-aside.bpmn");
        }
    }

    private String deployAsModeler(String file, String versionTag) {
        ShippedDiagram changed = retagged(shippedDiagram(file), versionTag);
        var deployment = repository.createDeployment().name("Modeler: " + file).source("Camunda Modeler")
                .addInputStream(file, new ByteArrayInputStream(changed.content())).deployWithResult();
        testDeployments.add(deployment.getId());
        return deployment.getDeployedProcessDefinitions().get(0).getId();
    }

    private static ShippedDiagram retagged(ShippedDiagram diagram, String versionTag) {
        BpmnModelInstance model = model(diagram);
        Process process = model.getModelElementsByType(Process.class).iterator().next();
        process.setCamundaVersionTag(versionTag);
        process.setName(process.getName() + " (" + versionTag + ")");
        return ShippedDiagram.of(diagram.fileName(), Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8));
    }

    private static BpmnModelInstance model(ShippedDiagram diagram) {
        return Bpmn.readModelFromStream(new ByteArrayInputStream(diagram.content()));
    }

    private static ShippedDiagram shippedDiagram(String file) {
        return ShippedDiagram.onClasspath().stream().filter(d -> d.fileName().equals(file)).findFirst().orElseThrow();
    }

    private static String shippedTag(String key) {
        return ShippedDiagram.onClasspath().stream().filter(d -> d.key().equals(key)).findFirst().orElseThrow()
                .versionTag();
    }

    private Job billingRunTimer() {
        return management.createJobQuery().processDefinitionKey("cdn-billing-run").timers().singleResult();
    }

    private ProcessDefinition latest(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
    }

    private HistoricProcessInstance startedFor(String key, long ownerId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(key).processInstanceBusinessKey(Long.toString(ownerId)).list(),
                list -> !list.isEmpty()).get(0);
    }
}
