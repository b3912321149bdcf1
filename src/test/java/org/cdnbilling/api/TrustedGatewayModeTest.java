package org.cdnbilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Behind an authenticating gateway (cdn.gateway.trusted-gateway=true) OwnerId or OwnerAccount name the caller. */
@DemoApplicationTest
@TestPropertySource(properties = "cdn.gateway.trusted-gateway=true")
class TrustedGatewayModeTest {

    @LocalServerPort
    int port;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void ownerIdNamesTheAccount() {
        long ownerId = Accounts.createEligibleAccount(client).ownerId();

        assertThat(client.openCdnServiceViaGateway(ownerId, "PayByTraffic").status()).isEqualTo(200);
    }

    @Test
    void missingOwnerIsMissingParameter() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10",
                "InternetChargeType", "PayByTraffic"));

        RpcAssertions.assertError(reply, 400, "MissingParameter",
                "The input parameter OwnerId or OwnerAccount that is mandatory for processing this request is not supplied.");
    }

    @Test
    void malformedOwnerIdIsInvalidParameter() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10", "OwnerId", "12ab",
                "InternetChargeType", "PayByTraffic"));

        RpcAssertions.assertError(reply, 400, "InvalidParameter", "The specified value of parameter \"OwnerId\" is not valid.");
    }

    @Test
    void ownerAccountNamesTheAccountLikeOwnerId() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10",
                "OwnerAccount", "demo-1002@example.com", "InternetChargeType", "PayByTraffic"));

        RpcAssertions.assertError(reply, 400, "NoRealNameAuthentication", "Real name authentication is needed.");
    }

    @Test
    void signedCallsAreStillVerified() {
        var forged = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10",
                "AccessKeyId", "demo-ak-1001", "Signature", "forged", "SignatureMethod", "HMAC-SHA1",
                "SignatureVersion", "1.0", "SignatureNonce", "n-" + System.nanoTime(),
                "Timestamp", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                "InternetChargeType", "PayByTraffic"));

        RpcAssertions.assertError(forged, 400, "SignatureDoesNotMatch", null);
    }
}
