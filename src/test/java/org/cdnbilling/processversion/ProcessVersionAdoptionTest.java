package org.cdnbilling.processversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.cdnbilling.activation.ActivationProcess;
import org.cdnbilling.engine.ProcessVersionAdoptions;
import org.cdnbilling.engine.ProcessVersions;
import org.cdnbilling.engine.ShippedDiagram;
import org.cdnbilling.engine.ShippedProcesses;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A version deployed from Camunda Modeler changes nothing until the operator adopts it
 * ({@code /admin/process-versions}, README "Changing a process"): this node keeps starting what it ships and does
 * not run the new version's jobs, even though the deployment came in through this node's engine REST API; once
 * adopted, new orders start on it and its jobs run; withdrawn, new orders start on the shipped version again and
 * instances on the adopted one still finish. A diagram naming a delegate this release lacks is refused, and a
 * billing run deployed from Modeler, whose timer holds the billing schedule, is named in a warning.
 */
@DemoApplicationTest
class ProcessVersionAdoptionTest {

    private static final String PATH = "/admin/process-versions";
    private static final Duration REFRESHES = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

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
    ProcessVersions versions;

    @Autowired
    ProcessVersionAdoptions adoptions;

    HttpTestClient client;
    ListAppender<ILoggingEvent> logged;
    final List<String> testDeployments = new ArrayList<>();

    @BeforeEach
    void start() {
        client = new HttpTestClient(port);
        logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(ProcessVersions.class)).addAppender(logged);
    }

    @AfterEach
    void cleanUp() {
        ((Logger) LoggerFactory.getLogger(ProcessVersions.class)).detachAppender(logged);
        // the other test classes share the engine: the shipped versions are started and the latest again
        testDeployments.forEach(id -> repository.deleteDeployment(id, true));
        shipped.keys().forEach(adoptions::deleteAll);
        versions.apply(engine);
    }

    @Test
    void aModelerVersionRunsNothingUntilAdoptedAndNewOrdersStartOnTheShippedOneAgainOnceWithdrawn() {
        String shippedId = shipped.definitionId(ActivationProcess.PROCESS_KEY);
        Map<String, Object> deployment = deployOverEngineRest("cdn-activation.bpmn", "1-hotfix");
        String modelerId = onlyDefinition(deployment);
        String modelerDeployment = (String) deployment.get("id");
        assertThat(latest(ActivationProcess.PROCESS_KEY)).isEqualTo(modelerId);

        // Camunda registered the deployment on this node, which received it: the next refresh unregisters it
        await().atMost(Duration.ofSeconds(10)).until(() -> !management.getRegisteredDeployments()
                .contains(modelerDeployment));
        Map<String, Object> before = keyView(ActivationProcess.PROCESS_KEY);
        assertThat(field(before, "starts", "definitionId")).isEqualTo(shippedId);
        assertThat(field(before, "latest", "definitionId")).isEqualTo(modelerId);
        assertThat(before.get("adopted")).isNull();
        assertThat(notRun(before)).containsExactly(modelerId);
        assertThat(((List<Map<String, Object>>) before.get("notRun")).get(0))
                .containsEntry("versionTag", "1-hotfix").containsEntry("deploymentId", modelerDeployment)
                .containsEntry("deploymentName", "Modeler: cdn-activation.bpmn")
                .containsEntry("deploymentSource", "Camunda Modeler");

        assertThat(definitionOfOrder(openedOrder())).as("an order before adoption").isEqualTo(shippedId);
        String waiting = startOverEngineRest(modelerId);
        await().during(REFRESHES).atMost(REFRESHES.plusSeconds(5)).until(() -> asyncJobOf(waiting) != null);

        HttpTestClient.Reply adopted = client.admin("PUT", PATH + "/cdn-activation", "{\"versionTag\":\"1-hotfix\"}",
                "demo", "demo");
        assertThat(adopted.status()).as(adopted.raw().body()).isEqualTo(200);
        Map<String, Object> view = json(adopted.raw().body());
        assertThat(field(view, "adopted", "definitionId")).isEqualTo(modelerId);
        assertThat(field(view, "starts", "definitionId")).isEqualTo(modelerId);
        assertThat(field(view, "shipped", "definitionId")).isEqualTo(shippedId);
        assertThat(view.get("adoptedBy")).isEqualTo("demo");
        assertThat(notRun(view)).isEmpty();
        assertThat(adoptions.active(ActivationProcess.PROCESS_KEY).orElseThrow().definitionId()).isEqualTo(modelerId);

        awaitEnded(waiting);
        assertThat(definitionOfOrder(openedOrder())).as("an order after adoption").isEqualTo(modelerId);
        String onAdopted = startOverEngineRest(modelerId);

        HttpTestClient.Reply withdrawn = client.admin("DELETE", PATH + "/cdn-activation", null, "demo", "demo");
        assertThat(withdrawn.status()).as(withdrawn.raw().body()).isEqualTo(200);
        Map<String, Object> after = json(withdrawn.raw().body());
        assertThat(after.get("adopted")).isNull();
        assertThat(field(after, "starts", "definitionId")).isEqualTo(shippedId);
        assertThat(notRun(after)).as("its instances still run").isEmpty();
        assertThat(definitionOfOrder(openedOrder())).as("an order after withdrawal").isEqualTo(shippedId);
        awaitEnded(onAdopted);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(onAdopted).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_Activated");
        assertThat(management.getRegisteredDeployments()).contains(modelerDeployment);
    }

    @Test
    void aDiagramNamingADelegateThisReleaseLacksIsRefusedAndNothingChanges() {
        ShippedDiagram broken = retagged(shippedDiagram("cdn-activation.bpmn"), "1-broken", xml -> xml
                .replace("${activateCdnServiceDelegate}", "${noSuchDelegate}"));
        String brokenId = deployAsModeler(broken);
        String shippedId = shipped.definitionId(ActivationProcess.PROCESS_KEY);

        HttpTestClient.Reply refused = client.admin("PUT", PATH + "/cdn-activation", "{\"versionTag\":\"1-broken\"}",
                "demo", "demo");

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
        assertThat((List<String>) json(refused.raw().body()).get("missing")).singleElement().asString()
                .contains("${noSuchDelegate}", "Task_ActivateCdnService");
        assertThat(adoptions.active(ActivationProcess.PROCESS_KEY)).isEmpty();
        assertThat(versions.startDefinitionId(ActivationProcess.PROCESS_KEY)).isEqualTo(shippedId);
        Map<String, Object> view = keyView(ActivationProcess.PROCESS_KEY);
        assertThat(view.get("adopted")).isNull();
        assertThat(field(view, "starts", "definitionId")).isEqualTo(shippedId);
        assertThat(notRun(view)).containsExactly(brokenId);
    }

    @Test
    void unknownKeysAndVersionTagsAreBadRequests() {
        assertThat(client.admin("PUT", PATH + "/no-such-process", "{\"versionTag\":\"1\"}", "demo", "demo").status())
                .isEqualTo(400);
        HttpTestClient.Reply unknownTag = client.admin("PUT", PATH + "/cdn-activation",
                "{\"versionTag\":\"no-such-tag\"}", "demo", "demo");
        assertThat(unknownTag.status()).isEqualTo(400);
        assertThat(unknownTag.raw().body()).contains("no-such-tag");
        assertThat(client.admin("PUT", PATH + "/cdn-activation", "{\"versionTag\":\" \"}", "demo", "demo").status())
                .isEqualTo(400);
        assertThat(client.admin("PUT", PATH + "/cdn-activation", "{}", "demo", "demo").status()).isEqualTo(400);
        assertThat(client.admin("DELETE", PATH + "/no-such-process", null, "demo", "demo").status()).isEqualTo(400);
        assertThat(adoptions.active(ActivationProcess.PROCESS_KEY)).isEmpty();

        HttpTestClient.Reply list = client.admin("GET", PATH, null, "demo", "demo");
        assertThat(list.status()).isEqualTo(200);
        List<Map<String, Object>> keys = jsonList(list.raw().body());
        assertThat(keys).extracting(key -> key.get("processKey"))
                .containsExactlyInAnyOrderElementsOf(shipped.keys());
        for (Map<String, Object> key : keys) {
            String shippedId = shipped.definitionId((String) key.get("processKey"));
            assertThat(field(key, "starts", "definitionId")).isEqualTo(shippedId);
            assertThat(field(key, "shipped", "definitionId")).isEqualTo(shippedId);
            assertThat(key.get("notRun")).isEqualTo(List.of());
        }
    }

    @Test
    void aModelerBillingRunsTimerIsNotRunHereAndIsNamedInAWarning() {
        String shippedDeployment = shipped.definition("cdn-billing-run").getDeploymentId();
        assertThat(billingRunTimer().getDeploymentId()).isEqualTo(shippedDeployment);
        Map<String, Object> deployment = deployOverEngineRest("cdn-billing-run.bpmn", "1-modeler");
        String modelerId = onlyDefinition(deployment);
        String modelerDeployment = (String) deployment.get("id");
        assertThat(billingRunTimer().getDeploymentId()).isEqualTo(modelerDeployment);

        await().atMost(Duration.ofSeconds(10)).until(() -> !management.getRegisteredDeployments()
                .contains(modelerDeployment) && warnings().stream().anyMatch(w -> w.contains(modelerId)));
        assertThat(warnings()).filteredOn(w -> w.contains(modelerId)).singleElement().asString()
                .contains("timer start job of cdn-billing-run", "Adopt it", "delete its deployment",
                        "\"versionTag\":\"1-modeler\"");
        Map<String, Object> view = keyView("cdn-billing-run");
        assertThat(notRun(view)).containsExactly(modelerId);
        assertThat(field(view, "starts", "definitionId")).isEqualTo(shipped.definitionId("cdn-billing-run"));
        // once per version, not on every refresh
        await().during(REFRESHES).atMost(REFRESHES.plusSeconds(5))
                .until(() -> warnings().stream().filter(w -> w.contains(modelerId)).count() == 1);

        // deleting the Modeler deployment gives the timer back to the shipped version
        repository.deleteDeployment(modelerDeployment, true);
        testDeployments.remove(modelerDeployment);
        assertThat(billingRunTimer().getDeploymentId()).isEqualTo(shippedDeployment);
        assertThat(management.getRegisteredDeployments()).contains(shippedDeployment);
    }

    // --- what an operator and Camunda Modeler do over HTTP

    /** Deploys a retagged copy of a shipped diagram as Camunda Modeler does: the engine REST API, multipart. */
    private Map<String, Object> deployOverEngineRest(String file, String versionTag) {
        ShippedDiagram changed = retagged(shippedDiagram(file), versionTag, xml -> xml);
        String boundary = "----modeler" + UUID.randomUUID();
        String body = part(boundary, "deployment-name", null, "Modeler: " + file)
                + part(boundary, "deployment-source", null, "Camunda Modeler")
                + part(boundary, "deploy-changed-only", null, "true")
                + part(boundary, "data", file, new String(changed.content(), StandardCharsets.UTF_8))
                + "--" + boundary + "--\r\n";
        HttpResponse<String> response = engineRest("POST", "/engine-rest/deployment/create",
                "multipart/form-data; boundary=" + boundary, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> deployment = json(response.body());
        testDeployments.add((String) deployment.get("id"));
        return deployment;
    }

    private static String part(String boundary, String name, String fileName, String content) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream")
                + "\r\n\r\n" + content + "\r\n";
    }

    /** An activation started by definition id through the engine REST API, as Cockpit or a script would. */
    private String startOverEngineRest(String definitionId) {
        TestAccount account = Accounts.createEligibleAccount(client);
        String body = "{\"businessKey\":\"" + account.ownerId() + "\",\"variables\":{"
                + "\"" + ActivationProcess.VAR_OWNER_ID + "\":{\"value\":" + account.ownerId() + ",\"type\":\"Long\"},"
                + "\"" + ActivationProcess.VAR_CHARGE_TYPE + "\":{\"value\":\"PayByTraffic\",\"type\":\"String\"},"
                + "\"" + ActivationProcess.VAR_REQUEST_ID + "\":{\"value\":\"" + UUID.randomUUID()
                + "\",\"type\":\"String\"}}}";
        HttpResponse<String> response = engineRest("POST", "/engine-rest/process-definition/" + definitionId
                + "/start", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response.body()).get("id");
    }

    private HttpResponse<String> engineRest(String method, String path, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The owner of an order opened through OpenCdnService, as a caller opens it. */
    private long openedOrder() {
        TestAccount account = Accounts.createEligibleAccount(client);
        HttpTestClient.Reply opened = client.openCdnService(account, "PayByTraffic");
        assertThat(opened.status()).as(opened.raw().body()).isEqualTo(200);
        return account.ownerId();
    }

    private String definitionOfOrder(long ownerId) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ActivationProcess.PROCESS_KEY).processInstanceBusinessKey(Long.toString(ownerId))
                .singleResult();
        return instance.getProcessDefinitionId();
    }

    private Map<String, Object> keyView(String key) {
        HttpTestClient.Reply list = client.admin("GET", PATH, null, "demo", "demo");
        assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
        return jsonList(list.raw().body()).stream().filter(view -> key.equals(view.get("processKey"))).findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> notRun(Map<String, Object> view) {
        return ((List<Map<String, Object>>) view.get("notRun")).stream().map(v -> (String) v.get("definitionId"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Object field(Map<String, Object> view, String version, String name) {
        Map<String, Object> of = (Map<String, Object>) view.get(version);
        assertThat(of).as(version).isNotNull();
        return of.get(name);
    }

    // --- the engine's side

    private Job asyncJobOf(String instanceId) {
        return management.createJobQuery().processInstanceId(instanceId).singleResult();
    }

    private void awaitEnded(String instanceId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(instanceId).singleResult().getEndTime() != null);
    }

    private String deployAsModeler(ShippedDiagram changed) {
        var deployment = repository.createDeployment().name("Modeler: " + changed.fileName())
                .source("Camunda Modeler")
                .addInputStream(changed.fileName(), new ByteArrayInputStream(changed.content())).deployWithResult();
        testDeployments.add(deployment.getId());
        return deployment.getDeployedProcessDefinitions().get(0).getId();
    }

    private Job billingRunTimer() {
        return management.createJobQuery().processDefinitionKey("cdn-billing-run").timers().singleResult();
    }

    private String latest(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult()
                .getId();
    }

    private List<String> warnings() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @SuppressWarnings("unchecked")
    private static String onlyDefinition(Map<String, Object> deployment) {
        Map<String, Object> definitions = (Map<String, Object>) deployment.get("deployedProcessDefinitions");
        assertThat(definitions).hasSize(1);
        return definitions.keySet().iterator().next();
    }

    private static ShippedDiagram retagged(ShippedDiagram diagram, String versionTag,
            java.util.function.UnaryOperator<String> change) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(diagram.content()));
        Process process = model.getModelElementsByType(Process.class).iterator().next();
        process.setCamundaVersionTag(versionTag);
        process.setName(process.getName() + " (" + versionTag + ")");
        String xml = change.apply(Bpmn.convertToString(model));
        return ShippedDiagram.of(diagram.fileName(), xml.getBytes(StandardCharsets.UTF_8));
    }

    private static ShippedDiagram shippedDiagram(String file) {
        return ShippedDiagram.onClasspath().stream().filter(d -> d.fileName().equals(file)).findFirst().orElseThrow();
    }

    private static Map<String, Object> json(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> jsonList(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
