package org.cdnbilling.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.order.Orders;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Forged, replayed, stale and otherwise wrong signatures are refused with the gateway's codes. The flow limit's
 * budgets refill once an hour here instead of once a second, so the throttling test does not depend on its
 * calls arriving within one refill interval (no test here makes more than five calls of one user).
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = "cdn.gateway.flow-limit-period=PT1H")
class SignedCallsTest {

    @LocalServerPort
    int port;

    @Autowired
    Orders orders;

    HttpTestClient client;
    TestAccount account;

    @BeforeEach
    void freshAccount() {
        client = new HttpTestClient(port);
        account = Accounts.createEligibleAccount(client);
    }

    @Test
    void forgedSignatureDoesNotMatchAndTheMessageCarriesTheServersStringToSign() {
        TestAccount forger = new TestAccount(account.ownerId(), account.accessKeyId(), "not-the-secret");

        var reply = client.openCdnService(forger, "PayByTraffic");

        RpcAssertions.assertError(reply, 400, "SignatureDoesNotMatch", null);
        assertThat((String) reply.field("Message")).startsWith(
                "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3D"
                        + account.accessKeyId());
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(account.ownerId())).isEmpty();
    }

    @Test
    void tamperedParameterDoesNotMatch() {
        Map<String, String> signed = new LinkedHashMap<>(HttpTestClient.signedV1("GET", account, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic")));
        signed.put("InternetChargeType", "PayByBandwidth");

        RpcAssertions.assertError(client.get(signed), 400, "SignatureDoesNotMatch", null);
    }

    @Test
    void replayedNonceIsRefused() {
        Map<String, String> signed = HttpTestClient.signedV1("GET", account, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic"));

        assertThat(client.get(signed).status()).isEqualTo(200);
        RpcAssertions.assertError(client.get(signed), 400, "SignatureNonceUsed",
                "Specified signature nonce was used already.");
    }

    @Test
    void staleTimestampIsExpired() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("InternetChargeType", "PayByTraffic");
        parameters.put("Timestamp", Instant.now().minus(16, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());

        RpcAssertions.assertError(client.get(HttpTestClient.signedV1("GET", account, "OpenCdnService", parameters)),
                400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(account.ownerId())).isEmpty();
    }

    @Test
    void timestampFromTheFutureBeyondTheToleranceIsExpiredToo() {
        Map<String, String> parameters = Map.of("InternetChargeType", "PayByTraffic",
                "Timestamp", Instant.now().plus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());

        RpcAssertions.assertError(client.get(HttpTestClient.signedV1("GET", account, "OpenCdnService", parameters)),
                400, "InvalidTimeStamp.Expired", null);
    }

    @Test
    void malformedTimestampIsFormatError() {
        Map<String, String> parameters = Map.of("InternetChargeType", "PayByTraffic", "Timestamp", "yesterday");

        RpcAssertions.assertError(client.get(HttpTestClient.signedV1("GET", account, "OpenCdnService", parameters)),
                400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
    }

    @Test
    void unknownKeyIsNotFound() {
        TestAccount stranger = new TestAccount(account.ownerId(), "LTAIdoesnotexist", "whatever");

        RpcAssertions.assertError(client.openCdnService(stranger, "PayByTraffic"), 404, "InvalidAccessKeyId.NotFound",
                "Specified access key is not found.");
    }

    @Test
    void disabledKeyIsInactiveAndEnabledAgainWorks() {
        String path = "/admin/accounts/" + account.ownerId() + "/access-keys/" + account.accessKeyId();
        assertThat(client.admin("PATCH", path, "{\"Status\":\"Inactive\"}", "demo", "demo").status()).isEqualTo(200);

        RpcAssertions.assertError(client.openCdnService(account, "PayByTraffic"), 400, "InvalidAccessKeyId.Inactive",
                "Specified access key is disabled.");

        assertThat(client.admin("PATCH", path, "{\"Status\":\"Active\"}", "demo", "demo").status()).isEqualTo(200);
        assertThat(client.openCdnService(account, "PayByTraffic").status()).isEqualTo(200);
    }

    @Test
    void missingSignaturePartsAreMissingParameters() {
        Map<String, String> signed = new LinkedHashMap<>(HttpTestClient.signedV1("GET", account, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic")));
        signed.remove("SignatureNonce");

        RpcAssertions.assertError(client.get(signed), 400, "MissingParameter",
                "The input parameter \"SignatureNonce\" that is mandatory for processing this request is not supplied.");
    }

    @Test
    void otherSignatureMethodsAreInvalid() {
        Map<String, String> signed = new LinkedHashMap<>(HttpTestClient.signedV1("GET", account, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic")));
        signed.put("SignatureMethod", "HMAC-MD5");

        RpcAssertions.assertError(client.get(signed), 400, "InvalidSignatureMethod",
                "Specified signature method is not valid.");
    }

    @Test
    void incompleteV3AuthorizationIsIncompleteSignature() {
        var reply = client.send("POST", "/?InternetChargeType=PayByTraffic", "",
                "Authorization", "ACS3-HMAC-SHA256 Credential=" + account.accessKeyId(),
                "x-acs-action", "OpenCdnService", "x-acs-version", "2018-05-10");

        RpcAssertions.assertError(reply, 400, "IncompleteSignature", null);
    }

    @Test
    void theSixthOpenCdnServiceCallOfAUserWithinTheRefillPeriodIsThrottled() throws Exception {
        TestAccount other = Accounts.createEligibleAccount(client);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpTestClient.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(callers.submit(() -> {
                    start.await();
                    return client.openCdnService(account, "PayByTraffic");
                }));
            }
            start.countDown();
            List<HttpTestClient.Reply> throttled = new ArrayList<>();
            for (Future<HttpTestClient.Reply> call : calls) {
                HttpTestClient.Reply reply = call.get();
                if ("Throttling.User".equals(reply.json().get("Code"))) {
                    throttled.add(reply);
                }
            }
            assertThat(throttled).hasSize(1);
            RpcAssertions.assertError(throttled.get(0), 400, "Throttling.User",
                    "Request was denied due to user flow control.");
            assertThat(client.openCdnService(other, "PayByTraffic").status()).as("another user").isEqualTo(200);
        } finally {
            callers.shutdownNow();
        }
    }
}
