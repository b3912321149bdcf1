package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.cdnbilling.engine.LeanFullHistoryLevel;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the engine's history keeps of an activation at the configured level ({@code full-lean}): everything an
 * operator reads about it, without the rows that repeat other history.
 */
@DemoApplicationTest
class ActivationHistoryTest {

    /** Its provisioning fails once, then succeeds on the retry (test profile). */
    private static final long FAILS_ONCE = 1_990_005L;

    @LocalServerPort
    int port;

    @Autowired
    ProcessEngine engine;

    @Autowired
    HistoryService history;

    @Test
    void anActivationThatFailedOnceLeavesItsFailureVariablesAndStepsButNoRepeatedRows() {
        assertThat(engine.getManagementService().getHistoryLevel()).isEqualTo(LeanFullHistoryLevel.ID);
        HttpTestClient client = new HttpTestClient(port);
        assertThat(client.admin("PUT", "/admin/accounts/" + FAILS_ONCE, Accounts.eligibleAccountJson(), "demo",
                "demo").status()).isEqualTo(201);

        assertThat(client.openCdnService(FAILS_ONCE, "PayByTraffic").status()).isEqualTo(200);

        HistoricProcessInstance instance = await().atMost(Duration.ofSeconds(30)).until(
                () -> history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(FAILS_ONCE))
                        .singleResult(),
                found -> found != null && found.getEndTime() != null);
        assertThat(instance.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
        String id = instance.getId();

        List<HistoricJobLog> jobLog = history.createHistoricJobLogQuery().processInstanceId(id)
                .orderByTimestamp().asc().list();
        assertThat(jobLog).as("the job log: the failed attempt with its exception, then the successful one, no "
                + "creation rows").hasSize(2);
        assertThat(jobLog.get(0).isFailureLog()).isTrue();
        assertThat(jobLog.get(0).getJobExceptionMessage()).isNotBlank();
        assertThat(history.getHistoricJobLogExceptionStacktrace(jobLog.get(0).getId())).isNotBlank();
        assertThat(jobLog.get(1).isSuccessLog()).isTrue();
        assertThat(jobLog.get(1).getHostname()).as("the node that ran it").isNotBlank();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(id).list())
                .extracting(HistoricVariableInstance::getName)
                .contains(ActivationProcess.VAR_OWNER_ID, ActivationProcess.VAR_CHARGE_TYPE,
                        ActivationProcess.VAR_REQUEST_ID, ActivationProcess.VAR_ORDER_ID);
        assertThat(history.createHistoricDetailQuery().processInstanceId(id).count())
                .as("variable update details: each variable is set once, its ACT_HI_VARINST row has it")
                .isZero();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(id).list())
                .extracting(HistoricActivityInstance::getEndTime)
                .hasSizeGreaterThanOrEqualTo(7)
                .doesNotContainNull();
    }
}
