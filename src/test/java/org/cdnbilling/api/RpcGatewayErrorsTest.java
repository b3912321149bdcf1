package org.cdnbilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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

/** What the RPC endpoint answers about the request itself, and the request forms it accepts. */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
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
    void unsignedCallsAreRefused() {
        long ownerId = Accounts.createEligibleAccount(client).ownerId();

        var reply = client.openCdnServiceViaGateway(ownerId, "PayByTraffic");

        RpcAssertions.assertError(reply, 400, "MissingParameter",
                "The input parameter \"AccessKeyId\" that is mandatory for processing this request is not supplied.");
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(ownerId)).isEmpty();
    }

    @Test
    void unknownChargeTypeIsValueNotSupported() {
        TestAccount account = Accounts.createEligibleAccount(client);
        for (String value : new String[] {"PayByFlowers", "", "paybytraffic"}) {
            RpcAssertions.assertError(client.openCdnService(account, value), 400,
                    "InvalidInternetChargeType.ValueNotSupported",
                    "The specified value of parameter InternetChargeType is not valid.");
        }
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(account.ownerId())).isEmpty();
    }

    @Test
    void missingChargeTypeIsMissingParameter() {
        var reply = client.signedGet(Accounts.createEligibleAccount(client), "OpenCdnService", Map.of());

        RpcAssertions.assertError(reply, 400, "MissingParameter",
                "The input parameter \"InternetChargeType\" that is mandatory for processing this request is not supplied.");
    }

    @Test
    void anOwnerIdOtherThanTheKeysAccountIsRefused() {
        TestAccount account = Accounts.createEligibleAccount(client);

        var other = client.signedGet(account, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic", "OwnerId", "1001"));
        RpcAssertions.assertError(other, 400, "InvalidParameter",
                "The specified value of parameter \"OwnerId\" is not valid.");

        var own = client.signedGet(account, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic", "OwnerId", Long.toString(account.ownerId())));
        assertThat(own.status()).isEqualTo(200);
    }

    @Test
    void unknownActionIsNotFound() {
        var reply = client.get(Map.of("Action", "DeleteEverything", "Version", "2018-05-10"));

        RpcAssertions.assertError(reply, 404, "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.");
    }

    @Test
    void missingActionOrVersionIsMissingParameter() {
        assertThat(client.get(Map.of("Version", "2018-05-10")).field("Message")).asString().contains("\"Action\"");
        assertThat(client.get(Map.of("Action", "OpenCdnService")).field("Message")).asString().contains("\"Version\"");
    }

    @Test
    void otherVersionIsInvalidVersion() {
        var reply = client.get(Map.of("Action", "OpenCdnService", "Version", "2014-11-11"));

        RpcAssertions.assertError(reply, 400, "InvalidVersion", "Specified parameter Version is not valid.");
    }

    @Test
    void otherHttpMethodsAreRefused() {
        var reply = client.send("PUT", "/?Action=OpenCdnService&Version=2018-05-10", "");

        RpcAssertions.assertError(reply, 400, "UnsupportedHTTPMethod", "This http method not supported.");
    }

    @Test
    void signedParametersInAFormBodyAreAccepted() {
        TestAccount account = Accounts.createEligibleAccount(client);
        Map<String, String> parameters = HttpTestClient.signedV1("POST", account, "OpenCdnService",
                Map.of("InternetChargeType", "PayByBandwidth", "RegionId", "cn-hangzhou"));

        var reply = client.postForm(parameters);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).containsOnlyKeys("RequestId");
        assertThat(orders.findByOwnerIdOrderByCreatedAtAsc(account.ownerId())).singleElement()
                .satisfies(order -> assertThat(order.internetChargeType().name()).isEqualTo("PayByBandwidth"));
    }

    @Test
    void oversizedBodyIsRefusedFromItsDeclaredLengthBeforeBeingRead() {
        var reply = client.raw("POST /?Action=OpenCdnService&Version=2018-05-10 HTTP/1.1",
                "Content-Type: application/x-www-form-urlencoded", "Content-Length: 10000000");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.head()).containsIgnoringCase("Content-Type: application/json;charset=utf-8");
        assertThat(reply.body()).contains("\"Code\":\"RequestBodyTooLarge\"")
                .contains("\"Message\":\"Request body too Large\"");
    }

    @Test
    void overlongQueryIsRefusedAsJsonByTheServerItself() {
        var reply = client.raw("GET /?Action=OpenCdnService&Version=2018-05-10&X=" + "a".repeat(20_000) + " HTTP/1.1");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.head()).containsIgnoringCase("Content-Type: application/json;charset=utf-8");
        assertThat(reply.body()).contains("\"Code\":\"InvalidParameter\"");
    }

    @Test
    void malformedPercentEncodingIsInvalidParameter() {
        var reply = client.raw("GET /?Action=OpenCdnService&Version=2018-05-10&InternetChargeType=%zz HTTP/1.1");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.head()).containsIgnoringCase("Content-Type: application/json;charset=utf-8");
        assertThat(reply.body()).contains("\"Code\":\"InvalidParameter\"")
                .contains("parameter \\\"InternetChargeType\\\" is not valid.");
    }
}
