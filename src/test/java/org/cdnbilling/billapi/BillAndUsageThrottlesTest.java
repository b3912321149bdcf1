package org.cdnbilling.billapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The documented flow limits of the bill and usage APIs, per user and action (cdn.gateway.calls-per-second):
 * the limit's calls are answered, the next is {@code Throttling.User}. The period is an hour here, so no refill
 * can fall within the test.
 */
@DemoApplicationTest
@TestPropertySource(properties = "cdn.gateway.flow-limit-period=PT1H")
class BillAndUsageThrottlesTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @CsvSource({"DescribeCdnUserBillHistory, 100", "DescribeCdnUserBillType, 100",
            "DescribeCdnUserBillPrediction, 1", "DescribeDomainUsageData, 10"})
    void theDocumentedNumberOfCallsIsAnsweredAndTheNextIsThrottled(String action, int limit) {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount account = Accounts.createEligibleAccount(client);
        Map<String, String> parameters = Map.of("StartTime", "2026-11-01T00:00:00Z", "EndTime", "2026-11-01T01:00:00Z",
                "Field", "traf");

        for (int call = 1; call <= limit; call++) {
            var reply = client.signedGet(account, action, parameters);
            // an account without service: refused by the action, after the flow limit let the call through
            assertThat(reply.json().get("Code")).as("call %d", call).isIn("OperationDenied", "BillTypeNotFound");
        }
        RpcAssertions.assertError(client.signedGet(account, action, parameters), 400, "Throttling.User",
                "Request was denied due to user flow control.");
        // another user's budget is their own
        assertThat(client.signedGet(Accounts.createEligibleAccount(client), action, parameters).json().get("Code"))
                .isNotEqualTo("Throttling.User");
    }
}
