package org.cdnbilling.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.SubProcessBuilder;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.cdnbilling.activation.ActivationProcess;
import org.cdnbilling.cdnservice.BillingDay;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.chargetype.ChargeTypeChangeProcess;
import org.cdnbilling.engine.ProcessDeploymentLock;
import org.cdnbilling.engine.ShippedDiagram;
import org.cdnbilling.engine.ShippedProcesses;
import org.cdnbilling.order.OrderStatus;
import org.cdnbilling.order.Orders;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.StuckOrders;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migrating running instances to a new version through {@code /admin/process-migrations}, as the operator does
 * after an upgrade: a changed copy of a diagram is deployed as a new release would deploy it (a raised versionTag),
 * the preview shows what would move, the migration runs as a Camunda batch, and each instance goes on on the new
 * version: a stuck activation keeps its incident and finishes after a retry, a charge-type change keeps its timer's
 * due date and is applied once, a renamed activity needs its explicit mapping, and a suspended instance stays
 * entirely suspended although the new version adds a timer (CAM-3062).
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
class ProcessMigrationOverHttpTest {

    /** Provisioning fails on every try of the demo's retry cycle, then works (application-test.yml). */
    private static final long STUCK_UNTIL_RETRIED = 1_990_011L;
    private static final String PATH = "/admin/process-migrations";

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    @Autowired
    IdentityService identity;

    @Autowired
    ShippedProcesses shipped;

    @Autowired
    ProcessDeploymentLock lock;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    Orders orders;

    @Autowired
    JdbcTemplate jdbc;

    HttpTestClient client;

    final List<String> testDeployments = new ArrayList<>();
    final List<String> testInstances = new ArrayList<>();

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @AfterEach
    void removeTestDeployments() {
        // a test that failed before it migrated leaves its instance on the shipped version: not for the next test
        testInstances.forEach(id -> runtime.deleteProcessInstanceIfExists(id, "test over", false, true, false,
                false));
        // the other test classes of this JVM share the engine: they see the shipped diagrams as the latest again
        testDeployments.forEach(id -> repository.deleteDeployment(id, true));
    }

    @Test
    void aStuckActivationMigratesWithItsIncidentAndVariablesAndAnOperatorsRetryFinishesItOnce() {
        ProcessInstance stuck = StuckOrders.stuckActivationOf(STUCK_UNTIL_RETRIED, client, runtime, clock);
        testInstances.add(stuck.getId());
        Map<String, Object> variables = runtime.getVariables(stuck.getId());
        String source = stuck.getProcessDefinitionId();
        assertThat(source).isEqualTo(shipped.definitionId(ActivationProcess.PROCESS_KEY));
        String target = deploy(changed("cdn-activation.bpmn", "2-migration-test", model -> retryCycle(model,
                "Task_ActivateCdnService").setTextContent("R4/PT1S")));

        HttpTestClient.Reply preview = operator("GET", PATH + "?processKey=cdn-activation&targetVersionTag="
                + "2-migration-test", null);

        assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
        assertThat(preview.json()).containsEntry("processKey", "cdn-activation")
                .containsEntry("target", Map.of("definitionId", target, "version",
                        repository.getProcessDefinition(target).getVersion(), "versionTag", "2-migration-test"));
        Map<String, Object> sourcePreview = source(preview, source);
        assertThat(sourcePreview).containsEntry("instances", 1).containsEntry("suspendedInstances", 0)
                .containsEntry("valid", true).containsEntry("validation", List.of())
                .containsEntry("versionTag", shippedTag("cdn-activation"));
        assertThat(activities(sourcePreview)).containsExactly(Map.of("activityId", "Task_ActivateCdnService",
                "instances", 1, "incidents", 1, "mappedTo", "Task_ActivateCdnService"));
        assertThat(instructions(sourcePreview)).contains(Map.of("sourceActivityIds", List.of("Task_ActivateCdnService"),
                "targetActivityIds", List.of("Task_ActivateCdnService")));
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(stuck.getId()).singleResult()
                .getProcessDefinitionId()).as("a preview changes nothing").isEqualTo(source);

        HttpTestClient.Reply started = operator("POST", PATH,
                "{\"processKey\":\"cdn-activation\",\"targetVersionTag\":\"2-migration-test\"}");

        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        Map<String, Object> migration = migration(started, source);
        assertThat(migration).containsEntry("instances", 1).containsEntry("suspendedInstancesMigrated", 0);
        awaitBatchEnded((String) migration.get("batchId"));
        assertThat(definitionOf(stuck.getId())).isEqualTo(target);
        Incident incident = runtime.createIncidentQuery().processInstanceId(stuck.getId()).singleResult();
        assertThat(incident).as("the incident stays with its job").isNotNull();
        assertThat(incident.getProcessDefinitionId()).isEqualTo(target);
        assertThat(runtime.getVariables(stuck.getId())).isEqualTo(variables);
        Job job = management.createJobQuery().processInstanceId(stuck.getId()).singleResult();
        assertThat(job.getRetries()).isZero();
        assertThat(job.getProcessDefinitionId()).isEqualTo(target);

        // the runbook's retry, now that the backend works
        management.setJobRetries(job.getId(), 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createProcessInstanceQuery()
                .processInstanceId(stuck.getId()).count() == 0);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(stuck.getId()).singleResult()
                .getProcessDefinitionId()).isEqualTo(target);
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(STUCK_UNTIL_RETRIED)).singleElement()
                .satisfies(order -> assertThat(order.status()).isEqualTo(OrderStatus.ACTIVATED));
        assertThat(services.findByOwnerId(STUCK_UNTIL_RETRIED)).isPresent();
        assertThat(chargeTypePeriods(STUCK_UNTIL_RETRIED)).isEqualTo(1);
        assertThat(runtime.createIncidentQuery().processInstanceId(stuck.getId()).count()).isZero();
    }

    @Test
    void aChargeTypeChangeMigratesWithItsTimerDueDateAndIsAppliedOnceThen() {
        Waiting waiting = waitingChargeTypeChange();
        // the new version applies the change asynchronously with retries, and its timer has another definition:
        // updating the event trigger would move the due date to 2099, a migration keeps the instance's
        String target = deploy(changed("cdn-charge-type-change.bpmn", "2-migration-test", model -> {
            model.<FlowNode>getModelElementById("Task_ApplyChargeTypeChange").builder()
                    .camundaAsyncBefore().camundaFailedJobRetryTimeCycle("R5/PT1M");
            model.<TimerEventDefinition>getModelElementById("Timer_UntilNextBillingDay_Definition").getTimeDate()
                    .setTextContent("2099-01-01T00:00:00Z");
        }));

        Map<String, Object> sourcePreview = source(operator("GET", PATH + "?processKey=cdn-charge-type-change"
                + "&targetVersionTag=2-migration-test", null), waiting.definitionId());
        assertThat(sourcePreview).containsEntry("valid", true);
        assertThat(activities(sourcePreview)).containsExactly(Map.of("activityId", "Timer_UntilNextBillingDay",
                "instances", 1, "incidents", 0, "mappedTo", "Timer_UntilNextBillingDay"));

        HttpTestClient.Reply started = operator("POST", PATH,
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"2-migration-test\"}");

        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        awaitBatchEnded((String) migration(started, waiting.definitionId()).get("batchId"));
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(target);
        Job timer = management.createJobQuery().processInstanceId(waiting.instanceId()).timers().singleResult();
        assertThat(timer.getDuedate().toInstant()).as("the timer keeps its due date").isEqualTo(waiting.dueDate())
                .isEqualTo(waiting.affectTime());
        assertThat(timer.getProcessDefinitionId()).isEqualTo(target);

        fireAtItsDueDate(timer);
        // the new version's asynchronous Apply charge type change runs on the job executor
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createProcessInstanceQuery()
                .processInstanceId(waiting.instanceId()).count() == 0);
        assertAppliedOnce(waiting);
    }

    @Test
    void aRenamedActivityNeedsItsExplicitMappingAndWithoutItNothingIsMigrated() {
        Waiting waiting = waitingChargeTypeChange();
        String target = deploy(changed("cdn-charge-type-change.bpmn", "3-renamed-timer", model -> model
                .<FlowNode>getModelElementById("Timer_UntilNextBillingDay").setId("Timer_NextBillingDay")));
        String query = PATH + "?processKey=cdn-charge-type-change&targetVersionTag=3-renamed-timer";

        Map<String, Object> unmapped = source(operator("GET", query, null), waiting.definitionId());
        assertThat(unmapped).containsEntry("valid", false);
        assertThat(activities(unmapped)).containsExactly(activity("Timer_UntilNextBillingDay", 1, 0, null));

        HttpTestClient.Reply refused = operator("POST", PATH,
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"3-renamed-timer\"}");

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
        assertThat(refused.json()).containsEntry("status", 409).containsKey("detail");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> invalid = (List<Map<String, Object>>) refused.json().get("sources");
        assertThat(invalid).extracting(s -> s.get("definitionId")).contains(waiting.definitionId());
        assertThat(definitionOf(waiting.instanceId())).as("nothing migrated").isEqualTo(waiting.definitionId());
        assertThat(management.createBatchQuery().count()).isZero();

        // a mapping Camunda refuses (a timer event to a service task): its validation report, still nothing changed
        Map<String, Object> refusedByCamunda = source(operator("GET", query + "&map=Timer_UntilNextBillingDay:"
                + "Task_ApplyChargeTypeChange", null), waiting.definitionId());
        assertThat(refusedByCamunda).containsEntry("valid", false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> validation = (List<Map<String, Object>>) refusedByCamunda.get("validation");
        assertThat(validation).singleElement().satisfies(report -> {
            assertThat(report).containsEntry("activityId", "Timer_UntilNextBillingDay");
            assertThat((List<?>) report.get("failures")).isNotEmpty();
        });
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(waiting.definitionId());

        Map<String, Object> mapped = source(operator("GET", query + "&map=Timer_UntilNextBillingDay:"
                + "Timer_NextBillingDay", null), waiting.definitionId());
        assertThat(mapped).containsEntry("valid", true);
        assertThat(activities(mapped)).containsExactly(activity("Timer_UntilNextBillingDay", 1, 0,
                "Timer_NextBillingDay"));
        assertThat(instructions(mapped)).contains(Map.of("sourceActivityIds", List.of("Timer_UntilNextBillingDay"),
                "targetActivityIds", List.of("Timer_NextBillingDay")));

        HttpTestClient.Reply started = operator("POST", PATH, "{\"processKey\":\"cdn-charge-type-change\","
                + "\"targetVersionTag\":\"3-renamed-timer\",\"mappings\":{\"Timer_UntilNextBillingDay\":"
                + "\"Timer_NextBillingDay\"}}");

        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        awaitBatchEnded((String) migration(started, waiting.definitionId()).get("batchId"));
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(target);
        assertThat(runtime.getActivityInstance(waiting.instanceId()).getChildActivityInstances())
                .extracting(a -> a.getActivityId()).containsExactly("Timer_NextBillingDay");
        Job timer = management.createJobQuery().processInstanceId(waiting.instanceId()).timers().singleResult();
        assertThat(timer.getDuedate().toInstant()).isEqualTo(waiting.dueDate());

        fireAtItsDueDate(timer);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(waiting.instanceId()).count()).isZero();
        assertAppliedOnce(waiting);
    }

    @Test
    void aSuspendedInstanceStaysEntirelySuspendedThoughTheNewVersionAddsATimerAndGoesOnOnceActivated() {
        Waiting waiting = waitingChargeTypeChange();
        runtime.suspendProcessInstanceById(waiting.instanceId());
        // the new version adds a reminder: a non-interrupting timer of the whole instance, due a second after it
        // starts (for a migrated instance: a second after the migration)
        String target = deploy(changed("cdn-charge-type-change.bpmn", "4-added-timer", model -> model
                .getModelElementsByType(Process.class).iterator().next().builder()
                .eventSubProcess("SubProcess_Reminder").startEvent("StartEvent_Reminder").interrupting(false)
                .timerWithDuration("PT1S").endEvent("EndEvent_Reminded")));

        Map<String, Object> sourcePreview = source(operator("GET", PATH + "?processKey=cdn-charge-type-change"
                + "&targetVersionTag=4-added-timer", null), waiting.definitionId());
        assertThat(sourcePreview).containsEntry("instances", 1).containsEntry("suspendedInstances", 1)
                .containsEntry("valid", true);

        HttpTestClient.Reply started = operator("POST", PATH,
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"4-added-timer\"}");

        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        Map<String, Object> migration = migration(started, waiting.definitionId());
        assertThat(migration).containsEntry("instances", 1).containsEntry("suspendedInstancesMigrated", 1)
                .containsEntry("batchId", null);
        ProcessInstance migrated = runtime.createProcessInstanceQuery().processInstanceId(waiting.instanceId())
                .singleResult();
        assertThat(migrated.getProcessDefinitionId()).isEqualTo(target);
        assertThat(migrated.isSuspended()).isTrue();
        List<Job> jobs = management.createJobQuery().processInstanceId(waiting.instanceId()).list();
        assertThat(jobs).as("the charge-type timer and the added reminder").hasSize(2)
                .allSatisfy(job -> assertThat(job.isSuspended()).as(job.getId()).isTrue());
        // past the reminder's due date, the job executor leaves the suspended instance alone
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> management.createJobQuery()
                .processInstanceId(waiting.instanceId()).active().count() == 0
                && management.createJobQuery().processInstanceId(waiting.instanceId()).withException().count() == 0
                && runtime.createIncidentQuery().processInstanceId(waiting.instanceId()).count() == 0);

        runtime.activateProcessInstanceById(waiting.instanceId());

        // the reminder fires and ends; the charge-type timer waits for its due date, unchanged
        await().atMost(Duration.ofSeconds(30)).until(() -> management.createJobQuery()
                .processInstanceId(waiting.instanceId()).count() == 1);
        assertThat(management.createJobQuery().processInstanceId(waiting.instanceId()).withException().count())
                .isZero();
        assertThat(runtime.createIncidentQuery().processInstanceId(waiting.instanceId()).count()).isZero();
        Job timer = management.createJobQuery().processInstanceId(waiting.instanceId()).timers().singleResult();
        assertThat(timer.getDuedate().toInstant()).isEqualTo(waiting.dueDate());
        fireAtItsDueDate(timer);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(waiting.instanceId()).count()).isZero();
        assertAppliedOnce(waiting);
    }

    @Test
    void aNewerVersionMovesBackOnlyWhenNamedOnlyFromANodeRunningBothAndCamundaLogsTheOperator() {
        Waiting waiting = waitingChargeTypeChange();
        String newer = deploy(changed("cdn-charge-type-change.bpmn", "6-newer", model -> retryCycleOnTimer(model)));
        int newerVersion = repository.getProcessDefinition(newer).getVersion();
        int shippedVersion = repository.getProcessDefinition(waiting.definitionId()).getVersion();
        HttpTestClient.Reply forward = operator("POST", PATH,
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"6-newer\"}");
        assertThat(forward.status()).as(forward.raw().body()).isEqualTo(202);
        awaitBatchEnded((String) migration(forward, waiting.definitionId()).get("batchId"));
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(newer);

        // the default target is what this node ships, and by default only older versions are sources: a node of
        // an older release never moves the newer release's instances back unasked
        HttpTestClient.Reply byDefault = operator("GET", PATH + "?processKey=cdn-charge-type-change", null);
        assertThat(byDefault.status()).as(byDefault.raw().body()).isEqualTo(200);
        assertThat((List<?>) byDefault.json().get("sources")).isEmpty();
        HttpTestClient.Reply nothing = operator("POST", PATH, "{\"processKey\":\"cdn-charge-type-change\"}");
        assertThat(nothing.status()).as(nothing.raw().body()).isEqualTo(200);
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(newer);
        assertThat(source(operator("GET", PATH + "?processKey=cdn-charge-type-change&sourceVersions=" + newerVersion,
                null), newer)).containsEntry("valid", true);
        assertThat(operator("POST", PATH, "{\"processKey\":\"cdn-charge-type-change\",\"sourceVersions\":["
                + shippedVersion + "]}").status()).as("the target as a source").isEqualTo(400);

        // a version whose jobs this node does not run: its batch might run nowhere
        String newerDeployment = repository.getProcessDefinition(newer).getDeploymentId();
        String back = "{\"processKey\":\"cdn-charge-type-change\",\"sourceVersions\":[" + newerVersion + "]}";
        management.unregisterDeploymentForJobExecutor(newerDeployment);
        try {
            HttpTestClient.Reply refused = operator("POST", PATH, back);
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
            assertThat(refused.raw().body()).contains("does not run the jobs of process cdn-charge-type-change version "
                    + newerVersion);
            assertThat(definitionOf(waiting.instanceId())).isEqualTo(newer);
        } finally {
            management.registerDeploymentForJobExecutor(newerDeployment);
        }

        HttpTestClient.Reply moved = operator("POST", PATH, back);
        assertThat(moved.status()).as(moved.raw().body()).isEqualTo(202);
        awaitBatchEnded((String) migration(moved, newer).get("batchId"));
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(waiting.definitionId());
        assertThat(history.createUserOperationLogQuery().operationType(UserOperationLogEntry.OPERATION_TYPE_MIGRATE)
                .processDefinitionId(newer).list()).extracting(UserOperationLogEntry::getUserId).contains("demo");
    }

    @Test
    void badRequestsAre400AndNothingIsMigrated() {
        Waiting waiting = waitingChargeTypeChange();
        deploy(changed("cdn-charge-type-change.bpmn", "5-bad-input", model -> retryCycleOnTimer(model)));
        String base = PATH + "?processKey=cdn-charge-type-change&targetVersionTag=5-bad-input";

        for (String query : List.of(PATH + "?processKey=no-such-process", PATH, PATH + "?processKey=",
                PATH + "?processKey=cdn-charge-type-change&targetVersionTag=no-such-tag",
                base + "&map=" + encode("Timer_UntilNextBillingDay"),
                base + "&map=" + encode("Timer_UntilNextBillingDay:Timer_UntilNextBillingDay:x"),
                base + "&map=" + encode("Timer_UntilNextBillingDay:"),
                base + "&map=" + encode("A:B,,C:D"),
                base + "&map=" + encode("Timer_UntilNextBillingDay:Task_Nowhere"),
                base + "&map=" + encode("Task_Nowhere:Timer_UntilNextBillingDay"))) {
            HttpTestClient.Reply reply = operator("GET", query, null);
            assertThat(reply.status()).as(query + ": " + reply.raw().body()).isEqualTo(400);
            assertThat(reply.json()).as(query).containsEntry("status", 400).containsKey("detail");
        }
        for (String body : List.of("{\"processKey\":\"no-such-process\"}",
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"no-such-tag\"}",
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"5-bad-input\","
                        + "\"mappings\":{\"Task_Nowhere\":\"Timer_UntilNextBillingDay\"}}",
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"5-bad-input\","
                        + "\"sourceVersions\":[9999]}",
                "{\"targetVersionTag\":\"5-bad-input\"}", "{\"processKey\":\"cdn-charge-type-change\",\"x\":1}")) {
            HttpTestClient.Reply reply = operator("POST", PATH, body);
            assertThat(reply.status()).as(body + ": " + reply.raw().body()).isEqualTo(400);
        }
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(waiting.definitionId());
        assertThat(management.createBatchQuery().count()).isZero();

        // the source that was asked for only: none of the others with instances
        HttpTestClient.Reply none = operator("POST", PATH, "{\"processKey\":\"cdn-charge-type-change\","
                + "\"targetVersionTag\":\"5-bad-input\",\"sourceVersions\":[" + repository.getProcessDefinition(
                        shipped.definitionId("cdn-charge-type-change")).getVersion() + "]}");
        assertThat(none.status()).as(none.raw().body()).isEqualTo(202);
        awaitBatchEnded((String) migration(none, waiting.definitionId()).get("batchId"));
        HttpTestClient.Reply nothingLeft = operator("POST", PATH,
                "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"5-bad-input\"}");
        assertThat(nothingLeft.status()).as(nothingLeft.raw().body()).isEqualTo(200);
        assertThat(nothingLeft.json()).containsEntry("migrations", List.of());
    }

    @Test
    void onlyTheOperatorMayPreviewOrMigrate() {
        Waiting waiting = waitingChargeTypeChange();
        deploy(changed("cdn-charge-type-change.bpmn", "6-refused", model -> retryCycleOnTimer(model)));
        String body = "{\"processKey\":\"cdn-charge-type-change\",\"targetVersionTag\":\"6-refused\"}";
        for (String group : List.of("support", "cdn-metering", "cdn-monitoring")) {
            String user = user(group);
            assertThat(client.admin("GET", PATH + "?processKey=cdn-charge-type-change", null, user, password(user))
                    .status()).as(group).isEqualTo(403);
            assertThat(client.admin("POST", PATH, body, user, password(user)).status()).as(group).isEqualTo(403);
        }
        assertThat(client.admin("GET", PATH + "?processKey=cdn-charge-type-change", null, null, null).status())
                .isEqualTo(401);
        assertThat(client.admin("POST", PATH, body, null, null).status()).isEqualTo(401);
        assertThat(definitionOf(waiting.instanceId())).isEqualTo(waiting.definitionId());
        assertThat(management.createBatchQuery().count()).isZero();
        // and the operator may: the test's own instance goes with its test deployment
        HttpTestClient.Reply started = operator("POST", PATH, body);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        awaitBatchEnded((String) migration(started, waiting.definitionId()).get("batchId"));
    }

    @Test
    void aMultiInstanceSubprocessMigratesWithEachOfItsInstancesAndAProcessThisNodeDoesNotShipNeedsItsTargetTag() {
        String source = deployModel(partitions("1"));
        String target = deployModel(partitions("2"));
        ProcessInstance instance = runtime.startProcessInstanceById(source, Map.of("parts", List.of("a", "b", "c")));
        testInstances.add(instance.getId());

        HttpTestClient.Reply noTag = operator("GET", PATH + "?processKey=migration-test-parts", null);
        assertThat(noTag.status()).as(noTag.raw().body()).isEqualTo(400);
        Map<String, Object> preview = source(operator("GET", PATH + "?processKey=migration-test-parts"
                + "&targetVersionTag=2", null), source);
        assertThat(preview).containsEntry("instances", 1).containsEntry("valid", true);
        assertThat(activities(preview)).contains(activity("Task_Part", 3, 0, "Task_Part"))
                .allSatisfy(activity -> assertThat(activity.get("mappedTo")).as(activity.toString()).isNotNull());

        HttpTestClient.Reply started = operator("POST", PATH,
                "{\"processKey\":\"migration-test-parts\",\"targetVersionTag\":\"2\"}");

        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        awaitBatchEnded((String) migration(started, source).get("batchId"));
        assertThat(definitionOf(instance.getId())).isEqualTo(target);
        assertThat(runtime.createExecutionQuery().processInstanceId(instance.getId()).activityId("Task_Part").count())
                .isEqualTo(3);
    }

    private static BpmnModelInstance partitions(String versionTag) {
        return Bpmn.createExecutableProcess("migration-test-parts").camundaVersionTag(versionTag)
                .camundaHistoryTimeToLive(1).startEvent()
                .subProcess("SubProcess_Parts").multiInstance().camundaCollection("${parts}")
                .camundaElementVariable("part").<SubProcessBuilder>multiInstanceDone()
                .embeddedSubProcess().startEvent().userTask("Task_Part").endEvent().subProcessDone()
                .endEvent().done();
    }

    private String deployModel(BpmnModelInstance model) {
        var deployment = repository.createDeployment().name("ProcessMigrationOverHttpTest")
                .addModelInstance("migration-test-parts.bpmn", model).deployWithResult();
        testDeployments.add(deployment.getId());
        return deployment.getDeployedProcessDefinitions().get(0).getId();
    }

    /** A charge-type change of a new PayByTraffic account waiting for the next billing day, 12 hours ahead. */
    private Waiting waitingChargeTypeChange() {
        TestAccount account = Accounts.createOpenedAccount(client, clock, "PayByTraffic");
        clock.moveForwardTo(LocalTime.NOON, BillingDay.BEIJING);
        Instant affectTime = BillingDay.nextStart(clock.instant());
        HttpTestClient.Reply modified = client.signedGetAt(clock, account, "ModifyCdnService",
                Map.of("InternetChargeType", "PayByBandwidth"));
        assertThat(modified.status()).as(modified.raw().body()).isEqualTo(200);
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processDefinitionKey(ChargeTypeChangeProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).singleResult();
        testInstances.add(instance.getId());
        assertThat(instance.getProcessDefinitionId()).isEqualTo(shipped.definitionId("cdn-charge-type-change"));
        Job timer = management.createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
        return new Waiting(account, instance.getId(), instance.getProcessDefinitionId(), affectTime,
                timer.getDuedate().toInstant());
    }

    private record Waiting(TestAccount account, String instanceId, String definitionId, Instant affectTime,
            Instant dueDate) {
    }

    /** The application's clock at the timer's due date, then the timer's job run as the job executor would. */
    private void fireAtItsDueDate(Job timer) {
        clock.shift(Duration.between(clock.instant(), timer.getDuedate().toInstant()).plusSeconds(1));
        management.executeJob(timer.getId());
    }

    private void assertAppliedOnce(Waiting waiting) {
        long ownerId = waiting.account().ownerId();
        assertThat(services.findByOwnerId(ownerId).orElseThrow().internetChargeType().name())
                .isEqualTo("PayByBandwidth");
        assertThat(jdbc.queryForList("select charge_type from charge_type_period where owner_id = ? order by "
                + "starts_at", String.class, ownerId)).containsExactly("PayByTraffic", "PayByBandwidth");
    }

    private int chargeTypePeriods(long ownerId) {
        return jdbc.queryForObject("select count(*) from charge_type_period where owner_id = ?", Integer.class,
                ownerId);
    }

    private void awaitBatchEnded(String batchId) {
        assertThat(batchId).isNotNull();
        await().atMost(Duration.ofSeconds(60)).until(() -> management.createBatchQuery().batchId(batchId).count() == 0
                && history.createHistoricBatchQuery().batchId(batchId).singleResult().getEndTime() != null);
    }

    private String definitionOf(String instanceId) {
        return runtime.createProcessInstanceQuery().processInstanceId(instanceId).singleResult()
                .getProcessDefinitionId();
    }

    /** Deploys a changed diagram as a new release would (ShippedProcesses) and returns its definition's id. */
    private String deploy(ShippedDiagram changed) {
        ShippedProcesses release = new ShippedProcesses(List.of(changed), lock);
        assertThat(release.deploy(engine)).containsExactly(changed.resourceName());
        String id = release.definitionId(changed.key());
        testDeployments.add(repository.getProcessDefinition(id).getDeploymentId());
        return id;
    }

    private static ShippedDiagram changed(String file, String versionTag, Consumer<BpmnModelInstance> change) {
        ShippedDiagram diagram = ShippedDiagram.onClasspath().stream().filter(d -> d.fileName().equals(file))
                .findFirst().orElseThrow();
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(diagram.content()));
        Process process = model.getModelElementsByType(Process.class).iterator().next();
        process.setCamundaVersionTag(versionTag);
        change.accept(model);
        return ShippedDiagram.of(file, Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8));
    }

    private static CamundaFailedJobRetryTimeCycle retryCycle(BpmnModelInstance model, String activityId) {
        return model.<FlowNode>getModelElementById(activityId).getExtensionElements().getElementsQuery()
                .filterByType(CamundaFailedJobRetryTimeCycle.class).singleResult();
    }

    private static void retryCycleOnTimer(BpmnModelInstance model) {
        model.<FlowNode>getModelElementById("Timer_UntilNextBillingDay").builder()
                .camundaFailedJobRetryTimeCycle("R5/PT1M");
    }

    private static String shippedTag(String key) {
        return ShippedDiagram.onClasspath().stream().filter(d -> d.key().equals(key)).findFirst().orElseThrow()
                .versionTag();
    }

    private HttpTestClient.Reply operator(String method, String path, String body) {
        return client.admin(method, path, body, "demo", "demo");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> source(HttpTestClient.Reply preview, String definitionId) {
        assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
        List<Map<String, Object>> sources = (List<Map<String, Object>>) preview.json().get("sources");
        return sources.stream().filter(s -> definitionId.equals(s.get("definitionId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no source " + definitionId + " in " + preview.raw().body()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> migration(HttpTestClient.Reply started, String sourceDefinitionId) {
        List<Map<String, Object>> migrations = (List<Map<String, Object>>) started.json().get("migrations");
        return migrations.stream().filter(m -> sourceDefinitionId.equals(m.get("sourceDefinitionId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no migration of " + sourceDefinitionId + " in "
                        + started.raw().body()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> activities(Map<String, Object> source) {
        return (List<Map<String, Object>>) source.get("activities");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> instructions(Map<String, Object> source) {
        return (List<Map<String, Object>>) source.get("instructions");
    }

    private static Map<String, Object> activity(String id, int instances, int incidents, String mappedTo) {
        Map<String, Object> activity = new java.util.LinkedHashMap<>();
        activity.put("activityId", id);
        activity.put("instances", instances);
        activity.put("incidents", incidents);
        activity.put("mappedTo", mappedTo);
        return activity;
    }

    private String user(String group) {
        String id = "m" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var user = identity.newUser(id);
        user.setPassword(password(id));
        identity.saveUser(user);
        identity.createMembership(id, group);
        return id;
    }

    private static String password(String user) {
        return "secret-" + user;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
