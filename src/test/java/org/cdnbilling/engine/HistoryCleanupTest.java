package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cdnbilling.support.StuckOrders.stuckActivationOf;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.StuckOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * History does not grow forever: every process definition has a time to live, the engine schedules its cleanup
 * in the nightly window, and the cleanup removes the history of instances that ended more than their time to
 * live ago (with their job logs and the stack traces those point to) but never that of a running instance (a
 * stuck one, with its incident), nor of one that ended recently.
 */
@DemoApplicationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryCleanupTest {

    /** Fails its first provisioning attempt, then succeeds (application-test.yml). */
    private static final long FAILS_ONCE = 1_990_005L;

    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    /** History rows of one process instance, by table and the column naming the instance. */
    private static final Map<String, String> HISTORY = Map.of("ACT_HI_PROCINST", "PROC_INST_ID_",
            "ACT_HI_ACTINST", "PROC_INST_ID_", "ACT_HI_VARINST", "PROC_INST_ID_", "ACT_HI_JOB_LOG",
            "PROCESS_INSTANCE_ID_", "ACT_HI_INCIDENT", "PROC_INST_ID_");

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    RepositoryService repository;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void resetEngineClock() {
        ClockUtil.reset();
    }

    @Test
    void everyProcessDefinitionHasATimeToLiveAndAVersionTag() {
        List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().list();
        assertThat(definitions).extracting(ProcessDefinition::getKey)
                .contains("cdn-activation", "cdn-charge-type-change");
        assertThat(definitions).allSatisfy(definition -> {
            assertThat(definition.getHistoryTimeToLive()).as(definition.getKey()).isEqualTo(30);
            assertThat(definition.getVersionTag()).as(definition.getKey()).isNotBlank();
        });
        assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .isEnforceHistoryTimeToLive()).isTrue();
    }

    @Test
    @Order(1)
    void theEngineSchedulesItsCleanupAtTheStartOfTheNightlyWindow() {
        List<Job> cleanup = history.findHistoryCleanupJobs();

        assertThat(cleanup).isNotEmpty();
        ZonedDateTime now = ZonedDateTime.now(BEIJING);
        ZonedDateTime todaysStart = now.with(LocalTime.of(1, 0));
        ZonedDateTime todaysEnd = now.with(LocalTime.of(5, 0));
        if (now.isBefore(todaysStart) || !now.isBefore(todaysEnd)) {
            ZonedDateTime next = now.isBefore(todaysStart) ? todaysStart : todaysStart.plusDays(1);
            assertThat(cleanup).allSatisfy(job -> assertThat(job.getDuedate().toInstant())
                    .isEqualTo(next.toInstant()));
        } else {
            // within the window the cleanup is due at once, and runs again within it
            assertThat(cleanup).allSatisfy(job -> assertThat(job.getDuedate().toInstant())
                    .isBefore(todaysEnd.toInstant()));
        }
    }

    @Test
    @Order(2)
    void endedHistoryOlderThanItsTimeToLiveIsRemovedAndRunningHistoryKept() {
        HttpTestClient client = new HttpTestClient(port);
        long refusedOwner = Accounts.freshOwnerId();
        assertThat(client.admin("PUT", "/admin/accounts/" + refusedOwner, Accounts.eligibleAccountJson()
                .replace("\"balance\":100", "\"balance\":0"), "demo", "demo").status()).isEqualTo(201);
        assertThat(client.openCdnService(refusedOwner, "PayByTraffic").field("Code"))
                .isEqualTo("InsufficientBalance");
        String refused = instanceOf(refusedOwner);

        assertThat(client.admin("PUT", "/admin/accounts/" + FAILS_ONCE, Accounts.eligibleAccountJson(), "demo",
                "demo").status()).isEqualTo(201);
        assertThat(client.openCdnService(FAILS_ONCE, "PayByTraffic").status()).isEqualTo(200);
        String activatedAfterAFailure = instanceOf(FAILS_ONCE);

        ProcessInstance cancelled = stuckActivationOf(StuckOrders.CANCELLED_BY_ENGINE_API, client, runtime);
        runtime.deleteProcessInstance(cancelled.getId(), "operator gave up", true);
        ProcessInstance stuck = stuckActivationOf(StuckOrders.COUNTED_AS_STUCK, client, runtime);

        await().atMost(Duration.ofSeconds(60)).until(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(activatedAfterAFailure).completed().count() == 1);
        List<String> ended = List.of(refused, activatedAfterAFailure, cancelled.getId());
        for (String instance : List.of(activatedAfterAFailure, cancelled.getId(), stuck.getId())) {
            assertThat(stackTraces(instance)).as("failed attempts of %s with their stack traces", instance)
                    .isNotEmpty().allSatisfy(id -> assertThat(byteArrayExists(id)).isTrue());
        }
        Map<String, Integer> stuckHistory = rowsOf(stuck.getId());
        assertThat(stuckHistory.get("ACT_HI_INCIDENT")).isPositive();
        List<String> stuckStackTraces = stackTraces(stuck.getId());

        // 31 days later for the engine (its history time and the cleanup's "now"); an instance that ends then
        // is younger than its time to live
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(31))));
        long recentOwner = Accounts.freshOwnerId();
        assertThat(client.admin("PUT", "/admin/accounts/" + recentOwner, Accounts.eligibleAccountJson()
                .replace("\"balance\":100", "\"balance\":0"), "demo", "demo").status()).isEqualTo(201);
        assertThat(client.openCdnService(recentOwner, "PayByTraffic").field("Code")).isEqualTo("InsufficientBalance");
        String refusedRecently = instanceOf(recentOwner);
        Map<String, Integer> recentHistory = rowsOf(refusedRecently);
        List<Map<String, Integer>> endedHistory = ended.stream().map(this::rowsOf).toList();
        assertThat(endedHistory).allSatisfy(rows -> assertThat(rows.get("ACT_HI_PROCINST")).isOne());

        history.cleanUpHistoryAsync(true);

        await().atMost(Duration.ofSeconds(60)).until(() -> ended.stream()
                .allMatch(instance -> rowsOf(instance).get("ACT_HI_PROCINST") == 0));
        for (int i = 0; i < ended.size(); i++) {
            String instance = ended.get(i);
            assertThat(rowsOf(instance)).as("history of %s", instance).allSatisfy((table, rows) ->
                    assertThat(rows).as(table).isZero());
        }
        assertThat(jdbc.queryForObject("select count(*) from ACT_GE_BYTEARRAY where ID_ in ("
                + String.join(",", ended.stream().flatMap(id -> stackTracesBefore(id).stream())
                        .map(id -> "'" + id + "'").toList()) + ")", Integer.class)).isZero();
        assertThat(rowsOf(stuck.getId())).as("history of the stuck instance").isEqualTo(stuckHistory);
        assertThat(stuckStackTraces).allSatisfy(id -> assertThat(byteArrayExists(id)).isTrue());
        assertThat(rowsOf(refusedRecently)).as("history of an instance that ended recently").isEqualTo(recentHistory);
    }

    private final Map<String, List<String>> stackTracesSeen = new LinkedHashMap<>();

    private String instanceOf(long ownerId) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(ownerId))
                .singleResult().getId();
    }

    private Map<String, Integer> rowsOf(String processInstanceId) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        HISTORY.forEach((table, column) -> rows.put(table, jdbc.queryForObject(
                "select count(*) from " + table + " where " + column + " = ?", Integer.class, processInstanceId)));
        return rows;
    }

    /** The byte arrays of the stack traces of the instance's failed job attempts. */
    private List<String> stackTraces(String processInstanceId) {
        List<String> ids = jdbc.queryForList("select JOB_EXCEPTION_STACK_ID_ from ACT_HI_JOB_LOG where "
                + "PROCESS_INSTANCE_ID_ = ? and JOB_EXCEPTION_STACK_ID_ is not null", String.class, processInstanceId);
        stackTracesSeen.put(processInstanceId, ids);
        return ids;
    }

    private List<String> stackTracesBefore(String processInstanceId) {
        return stackTracesSeen.getOrDefault(processInstanceId, List.of());
    }

    private boolean byteArrayExists(String id) {
        return jdbc.queryForObject("select count(*) from ACT_GE_BYTEARRAY where ID_ = ?", Integer.class, id) == 1;
    }
}
