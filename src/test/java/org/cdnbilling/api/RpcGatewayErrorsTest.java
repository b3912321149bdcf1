package org.cdnbilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cdnbilling.order.Orders;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the RPC endpoint answers before any account is looked at, and the request forms it accepts. */
@DemoApplicationTest
class RpcGatewayErrorsTest {

    @LocalServerPort
    int port;

    @Autowired
    Orders orders;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void missingOwnerIsMissingParameter() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10",
                "InternetChargeType", "PayByTraffic"));

        assertError(reply, 400, "MissingParameter",
                "The input parameter OwnerId or OwnerAccount that is mandatory for processing this request is not supplied.");
    }

    @Test
    void unknownChargeTypeIsValueNotSupported() {
        long ownerId = Accounts.createEligibleAccount(client);
        for (String value : new String[] {"PayByFlowers", "", "paybytraffic"}) {
            assertError(client.openCdnService(ownerId, value), 400, "InvalidInternetChargeType.ValueNotSupported",
                    "The specified value of parameter InternetChargeType is not valid.");
        }
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(ownerId)).isEmpty();
    }

    @Test
    void missingChargeTypeIsMissingParameter() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10", "OwnerId", "1001"));

        assertError(reply, 400, "MissingParameter",
                "The input parameter \"InternetChargeType\" that is mandatory for processing this request is not supplied.");
    }

    @Test
    void malformedOwnerIdIsInvalidParameter() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10", "OwnerId", "12ab",
                "InternetChargeType", "PayByTraffic"));

        assertError(reply, 400, "InvalidParameter", "The specified value of parameter \"OwnerId\" is not valid.");
    }

    @Test
    void unknownActionIsNotFound() {
        var reply = client.get(Map.of("Action", "DeleteEverything", "Version", "2018-05-10"));

        assertError(reply, 404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
    }

    @Test
    void missingActionOrVersionIsMissingParameter() {
        assertThat(client.get(Map.of("Version", "2018-05-10")).field("Message")).asString().contains("\"Action\"");
        assertThat(client.get(Map.of("Action", "OpenCdnService")).field("Message")).asString().contains("\"Version\"");
    }

    @Test
    void otherVersionIsInvalidVersion() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2014-11-11"));

        assertError(reply, 400, "InvalidVersion", "Specified parameter Version is not valid.");
    }

    @Test
    void otherHttpMethodsAreRefused() {
        var reply = client.send("PUT", "/?Action=OpenCdnService&Version=2018-05-10", "");

        assertError(reply, 400, "UnsupportedHTTPMethod", "This http method not supported.");
    }

    @Test
    void parametersInAFormBodyAndCommonParametersAreAccepted() {
        long ownerId = Accounts.createEligibleAccount(client);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Action", "OpenCdnService");
        parameters.put("Version", "2018-05-10");
        parameters.put("Format", "json");
        parameters.put("RegionId", "cn-hangzhou");
        parameters.put("AccessKeyId", "ignored-in-gateway-mode");
        parameters.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        parameters.put("Timestamp", "2026-01-01T00:00:00Z");
        parameters.put("OwnerId", Long.toString(ownerId));
        parameters.put("InternetChargeType", "PayByBandwidth");

        var reply = client.postForm(parameters);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).containsOnlyKeys("RequestId");
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(ownerId)).singleElement()
                .satisfies(order -> assertThat(order.internetChargeType().name()).isEqualTo("PayByBandwidth"));
    }

    @Test
    void actionAndVersionMayComeInAcsHeadersWithAnEmptyChunkedBody() {
        long ownerId = Accounts.createEligibleAccount(client);

        var reply = client.send("POST", "/?InternetChargeType=PayByTraffic&OwnerId=" + ownerId, "",
                "x-acs-action", "OpenCdnService", "x-acs-version", "2018-05-10");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void ownerAccountNamesTheAccountLikeOwnerId() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10",
                "OwnerAccount", "demo-1002@example.com", "InternetChargeType", "PayByTraffic"));

        assertError(reply, 400, "NoRealNameAuthentication", "Real name authentication is needed.");
    }

    private static void assertError(HttpTestClient.Reply reply, int status, String code, String message) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(reply.header("x-acs-request-id")).isNotBlank();
        assertThat(reply.json())
                .containsEntry("Code", code)
                .containsEntry("Message", message)
                .containsEntry("RequestId", reply.header("x-acs-request-id"))
                .containsEntry("HostId", "cdn.aliyuncs.com")
                .containsKey("Recommend");
    }
}
