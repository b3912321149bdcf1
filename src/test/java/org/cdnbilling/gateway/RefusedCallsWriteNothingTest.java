package org.cdnbilling.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A call whose signature fails, whose nonce was used, or that the flow limit refuses writes nothing: no
 * nonce, no order, no process instance, no history. Every table's row count is compared before and after
 * (on PostgreSQL the flow-limit bucket's row is updated by a throttled call, but no row is added).
 * The limits are one call per user and action, refilled after an hour: no refill falls within the test.
 */
@DemoApplicationTest
@TestPropertySource(properties = {"cdn.gateway.calls-per-second.OpenCdnService=1",
        "cdn.gateway.calls-per-second.DescribeCdnService=1", "cdn.gateway.flow-limit-period=PT1H"})
class RefusedCallsWriteNothingTest {

    /** Camunda's metrics reporter writes these on a schedule of its own, whatever the calls do. */
    private static final Set<String> WRITTEN_ON_A_SCHEDULE = Set.of("act_ru_meter_log", "act_ru_task_meter_log");

    /**
     * Jobs and job logs count only where they belong to a process instance: the engine's own history cleanup job
     * (scheduled at start-up, run in its nightly window) has none, and runs whatever the calls do.
     */
    private static final Set<String> COUNTED_FOR_PROCESS_INSTANCES = Set.of("act_ru_job", "act_hi_job_log");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void refusedCallsWriteNoRow() {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount opened = Accounts.createEligibleAccount(client);
        TestAccount other = Accounts.createEligibleAccount(client);
        assertThat(client.openCdnService(opened, "PayByTraffic").status()).isEqualTo(200);
        Map<String, String> describe = HttpTestClient.signedV1("GET", opened, "DescribeCdnService", Map.of());
        assertThat(client.get(describe).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("cdn_order where owner_id = " + opened.ownerId()
                + " and status = 'ACTIVATED'") == 1 && count("act_ru_execution") == 0 && count("act_ru_job where process_instance_id_ is not null") == 0);
        Map<String, Long> before = rowCounts();
        assertThat(before).containsKeys("signature_nonce", "cdn_order", "act_hi_procinst", "act_ru_execution");

        TestAccount forger = new TestAccount(other.ownerId(), other.accessKeyId(), "not-the-secret");
        RpcAssertions.assertError(client.openCdnService(forger, "PayByTraffic"), 400, "SignatureDoesNotMatch", null);
        RpcAssertions.assertError(forgedV3(client, other), 400, "SignatureDoesNotMatch", null);
        RpcAssertions.assertError(client.get(HttpTestClient.signedV1("GET", other, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic", "Timestamp",
                        Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString()))),
                400, "InvalidTimeStamp.Expired", null);
        RpcAssertions.assertError(client.get(describe), 400, "SignatureNonceUsed", null);
        RpcAssertions.assertError(client.openCdnService(opened, "PayByTraffic"), 400, "Throttling.User",
                "Request was denied due to user flow control.");
        RpcAssertions.assertError(client.signedGet(opened, "DescribeCdnService", Map.of()), 400, "Throttling.User",
                null);

        assertThat(rowCounts()).isEqualTo(before);
    }

    /** A V3 (ACS3-HMAC-SHA256) call with every required header signed, but a signature that is not the key's. */
    private static HttpTestClient.Reply forgedV3(HttpTestClient client, TestAccount account) {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String bodyHash = Acs3Signature.payloadHash(new byte[0]);
        String authorization = Acs3Signature.ALGORITHM + " Credential=" + account.accessKeyId()
                + ",SignedHeaders=x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
                + ",Signature=" + "0".repeat(64);
        return client.send("POST", "/?InternetChargeType=PayByTraffic", "", "Authorization", authorization,
                "x-acs-action", "OpenCdnService", "x-acs-version", "2018-05-10", "x-acs-date", date,
                "x-acs-signature-nonce", UUID.randomUUID().toString(), "x-acs-content-sha256", bodyHash);
    }

    private long count(String fromWhere) {
        return jdbc.queryForObject("select count(*) from " + fromWhere, Long.class);
    }

    /** The row count of every table of the application's schema, by lower-case name. */
    private Map<String, Long> rowCounts() {
        List<String> tables = jdbc.execute((java.sql.Connection connection) -> {
            List<String> names = new ArrayList<>();
            DatabaseMetaData metaData = connection.getMetaData();
            try (ResultSet rows = metaData.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    names.add(rows.getString("TABLE_NAME"));
                }
            }
            return names;
        });
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables) {
            String name = table.toLowerCase(java.util.Locale.ROOT);
            if (COUNTED_FOR_PROCESS_INSTANCES.contains(name)) {
                counts.put(name, count('"' + table + "\" where process_instance_id_ is not null"));
            } else if (!WRITTEN_ON_A_SCHEDULE.contains(name)) {
                counts.put(name, count('"' + table + '"'));
            }
        }
        return counts;
    }
}
