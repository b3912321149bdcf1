package org.cdnbilling.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A signed call cannot be replayed for as long as its timestamp is accepted, whatever the nonce window: a
 * call stamped ahead of the clock stays refused after the window has passed since its first use. The nonce
 * window here is much shorter than the tolerance, and the application's clock is moved instead of waited on.
 * The tolerance is not a whole number of minutes, so no one-minute step of the test lands on its edge.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = {"cdn.gateway.nonce-window=PT1M", "cdn.gateway.timestamp-tolerance=PT10M30S"})
class NonceReplayWindowTest {

    private static final Duration TOLERANCE = Duration.parse("PT10M30S");

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    NonceRegistry nonces;

    @Autowired
    JdbcTemplate jdbc;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @ParameterizedTest(name = "stamped {0} minutes from the clock")
    @ValueSource(ints = {-10, -5, -1, 0, 1, 5, 10})
    void aReplayIsRefusedForAsLongAsItsTimestampIsAccepted(int minutesAhead) {
        TestAccount account = Accounts.createEligibleAccount(client);
        Instant stamped = clock.instant().plus(Duration.ofMinutes(minutesAhead)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> signed = HttpTestClient.signedV1("GET", account, "DescribeCdnService",
                Map.of("Timestamp", stamped.toString()));

        // accepted by the gateway: the action itself answers (the account never ordered)
        assertThat(client.get(signed).field("Code")).as("first use").isEqualTo("OperationDenied");

        for (int minutes = 1; ; minutes++) {
            clock.shift(Duration.ofMinutes(1));
            nonces.purgeExpired();
            boolean timestampAccepted = Duration.between(stamped, clock.instant()).abs().compareTo(TOLERANCE) <= 0;
            HttpTestClient.Reply replay = client.get(signed);
            if (!timestampAccepted) {
                RpcAssertions.assertError(replay, 400, "InvalidTimeStamp.Expired", null);
                break;
            }
            assertThat(nonceRows(signed)).as("row of a nonce still used").isOne();
            assertThat(replay.field("Code")).as("replay %d minutes after the first use", minutes)
                    .isEqualTo("SignatureNonceUsed");
        }
        // once its timestamp is no longer accepted the nonce has expired, and the minute's purge removed its row
        assertThat(nonceRows(signed)).as("row of an expired nonce").isZero();
    }

    private int nonceRows(Map<String, String> signed) {
        return jdbc.queryForObject("select count(*) from signature_nonce where access_key_id = ? and nonce = ?",
                Integer.class, signed.get("AccessKeyId"), signed.get("SignatureNonce"));
    }
}
