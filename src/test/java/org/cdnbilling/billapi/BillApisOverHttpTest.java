package org.cdnbilling.billapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.cdnservice.BillingDay;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillRows;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * DescribeCdnUserBillHistory, DescribeCdnUserBillType and DescribeCdnUserBillPrediction over HTTP, signed (V1)
 * like every caller's call. The bills are fixtures written through JDBC ({@link BillRows}): the billing run is
 * not what these tests are about, and the expected answers are stated here from the rows, not computed.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
class BillApisOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING = "The input parameter \"%s\" that is mandatory for processing this request is not supplied.";
    private static final String NOT_OPENED = "Your account does not open Cdn service yet.";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    private TestAccount opened(String chargeType) {
        return Accounts.createOpenedAccount(client, Clock.systemUTC(), chargeType);
    }

    private HttpTestClient.Reply call(TestAccount account, String action, String... nameValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.put(nameValues[i], nameValues[i + 1]);
        }
        return client.signedGet(account, action, parameters);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    // --- DescribeCdnUserBillHistory ---

    @Test
    void billHistoryAnswersEachPeriodsLatestBillWithFlowInBytesAndBandwidthInBitPerSecond() throws Exception {
        TestAccount account = opened("PayByTraffic");
        long owner = account.ownerId();
        Instant five = Instant.parse("2026-11-20T05:00:00Z");
        BillRows.insert(jdbc, owner, "hour_flow", five.minus(Duration.ofHours(1)), 0, Map.of("CN", 1L)); // before
        BillRows.insert(jdbc, owner, "hour_flow", five, 0, Map.of("CN", 1_073_741_824L, "EU", 2048L));
        // a late CN sample of 2 GiB: the supplement re-rates the hour, its lines hold the hour's whole quantity
        BillRows.insert(jdbc, owner, "hour_flow", five, 1, Map.of("CN", 3_221_225_472L, "EU", 2048L));
        BillRows.insert(jdbc, owner, "hour_flow", five.plus(Duration.ofHours(1)), 0, Map.of("EU", 5000L));
        Instant day = Instant.parse("2026-11-20T16:00:00Z");                                  // a Beijing day
        BillRows.insert(jdbc, owner, "day_bandwidth", day, 0, Map.of("NA", 250_000_000L, "CN", 8_000_000L));
        BillRows.insert(jdbc, owner, "day_bandwidth", day.plus(Duration.ofDays(1)), 0, Map.of("CN", 2L)); // at the end

        var reply = call(account, "DescribeCdnUserBillHistory",
                "StartTime", "2026-11-20T05:00:00Z", "EndTime", "2026-11-21T16:00:00Z");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        JsonNode body = json(reply.raw().body());
        assertThat(body.get("RequestId").asText()).isEqualTo(reply.header("x-acs-request-id"));
        assertThat(body.get("BillHistoryData")).isEqualTo(json("""
                {"BillHistoryDataItem":[
                  {"Dimension":"flow","BillType":"hour_flow","BillTime":"2026-11-20T05:00:00Z",
                   "BillingData":{"BillingDataItem":[{"Flow":3221225472,"CdnRegion":"CN"},{"Flow":2048,"CdnRegion":"EU"}]}},
                  {"Dimension":"flow","BillType":"hour_flow","BillTime":"2026-11-20T06:00:00Z",
                   "BillingData":{"BillingDataItem":[{"Flow":5000,"CdnRegion":"EU"}]}},
                  {"Dimension":"flow","BillType":"day_bandwidth","BillTime":"2026-11-20T16:00:00Z",
                   "BillingData":{"BillingDataItem":[{"Bandwidth":8000000,"CdnRegion":"CN"},
                                                     {"Bandwidth":250000000,"CdnRegion":"NA"}]}}]}"""));
    }

    @Test
    void billHistoryWithoutBillsIsAnEmptyListInItsWrapper() {
        var reply = call(opened("PayByTraffic"), "DescribeCdnUserBillHistory",
                "StartTime", "2026-11-01T00:00:00Z", "EndTime", "2026-11-02T00:00:00Z");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.raw().body()).contains("\"BillHistoryData\":{\"BillHistoryDataItem\":[]}");
    }

    @Test
    void billHistoryRefusesBadTimesWithItsDocumentedCodes() {
        TestAccount account = Accounts.createEligibleAccount(client);   // parameters are checked first
        String action = "DescribeCdnUserBillHistory";

        RpcAssertions.assertError(call(account, action, "EndTime", "2026-11-02T00:00:00Z"), 400, "MissingParameter",
                MISSING.formatted("StartTime"));
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-01T00:00:00Z", "EndTime", ""), 400,
                "MissingParameter", MISSING.formatted("EndTime"));
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-01 00:00:00", "EndTime",
                "2026-11-02T00:00:00Z"), 400, "InvalidStartTime.Malformed",
                "The specified value of parameter StartTime is malformed.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-01T00:00:00Z", "EndTime",
                "2026-11-02T08:00:00+08:00"), 400, "InvalidEndTime.Malformed",
                "The specified value of parameter EndTime is malformed.");
        RpcAssertions.assertError(call(account, action, "StartTime", "+10000-01-01T00:00:00Z", "EndTime",
                "+10000-01-02T00:00:00Z"), 400, "InvalidTime.Malformed", "Specified StartTime or EndTime is malformed.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-02-30T00:00:00Z", "EndTime", "tomorrow"),
                400, "InvalidTime.Malformed", "Specified StartTime or EndTime is malformed.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-02T00:00:00Z", "EndTime",
                "2026-11-02T00:00:00Z"), 400, "InvalidEndTime.Mismatch",
                "Specified EndTime does not match the specified StartTime.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-10-01T00:00:00Z", "EndTime",
                "2026-11-01T00:00:01Z"), 400, "InvalidTimeSpan", "The time span exceeds the limit.");
        // 31 days are accepted: what follows is the account's state
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-10-01T00:00:00Z", "EndTime",
                "2026-11-01T00:00:00Z"), 403, "OperationDenied", NOT_OPENED);
    }

    @Test
    void theEarliestAndLatestTimesThatCanBeWrittenAreAnsweredWithoutAServerError() {
        String[][] ranges = {{"0000-01-01T00:00:00Z", "0000-01-31T00:00:00Z"},
                {"9999-12-01T00:00:00Z", "9999-12-31T23:59:59Z"}};
        for (String action : new String[] {"DescribeCdnUserBillHistory", "DescribeCdnUserBillType",
                "DescribeCdnUserBillPrediction", "DescribeDomainUsageData"}) {
            for (String[] range : ranges) {
                var reply = call(opened("PayByTraffic"), action, "StartTime", range[0], "EndTime", range[1],
                        "Field", "bps", "Interval", "86400");
                assertThat(reply.status()).as(action + " " + reply.raw().body()).isLessThan(500);
                assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
            }
        }
    }

    // --- DescribeCdnUserBillType ---

    @Test
    void billTypesAreConsecutiveWindowsFromTheOpeningWithAPendingChangeFromItsEffectiveTime() throws Exception {
        TestAccount account = opened("PayByTraffic");
        assertThat(call(account, "ModifyCdnService", "InternetChargeType", "PayByBandwidth").status()).isEqualTo(200);
        var described = call(account, "DescribeCdnService");
        String opening = (String) described.field("OpeningTime");
        Instant change = Instant.parse((String) described.field("ChangingAffectTime"));
        assertThat(change).isEqualTo(BillingDay.nextStart(Instant.parse(opening)));
        Instant from = Instant.parse(opening).truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
        Instant to = change.plus(Duration.ofDays(3));

        var reply = call(account, "DescribeCdnUserBillType", "StartTime", from.toString(), "EndTime", to.toString());

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(json(reply.raw().body()).get("BillTypeData")).isEqualTo(json("""
                {"BillTypeDataItem":[
                  {"StartTime":"%s","EndTime":"%s","Product":"cdn","Dimension":"flow","BillType":"hour_flow",
                   "BillingCycle":"hour"},
                  {"StartTime":"%s","EndTime":"%s","Product":"cdn","Dimension":"flow","BillType":"day_bandwidth",
                   "BillingCycle":"day"}]}""".formatted(opening, change, change, to)));

        var within = call(account, "DescribeCdnUserBillType", "StartTime", change.plus(Duration.ofHours(1)).toString(),
                "EndTime", change.plus(Duration.ofHours(2)).toString());
        assertThat(json(within.raw().body()).get("BillTypeData")).isEqualTo(json("""
                {"BillTypeDataItem":[{"StartTime":"%s","EndTime":"%s","Product":"cdn","Dimension":"flow",
                  "BillType":"day_bandwidth","BillingCycle":"day"}]}""".formatted(change.plus(Duration.ofHours(1)),
                change.plus(Duration.ofHours(2)))));

        var before = call(account, "DescribeCdnUserBillType", "StartTime", from.toString(),
                "EndTime", from.plus(Duration.ofDays(1)).toString());
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.raw().body()).contains("\"BillTypeData\":{\"BillTypeDataItem\":[]}");
    }

    @Test
    void billTypeRefusesBadTimesWithItsDocumentedCodes() {
        TestAccount account = Accounts.createEligibleAccount(client);
        String action = "DescribeCdnUserBillType";

        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-01T00:00:00Z"), 400, "MissingParameter",
                MISSING.formatted("EndTime"));
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-01", "EndTime", "2026-11-02T00:00:00Z"),
                400, "InvalidParameterStartTime", "The parameter StartTime is invalid.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-01T00:00:00Z", "EndTime",
                "2026-11-02T00:00:00.000Z"), 400, "InvalidParameterEndTime", "The parameter EndTime is invalid.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-11-02T00:00:00Z", "EndTime",
                "2026-11-01T00:00:00Z"), 400, "InvalidTimeRange", "Invalid StartTime and EndTime range.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-10-01T00:00:00Z", "EndTime",
                "2026-11-01T00:00:01Z"), 400, "InvalidTimeRange", "Invalid StartTime and EndTime range.");
        RpcAssertions.assertError(call(account, action, "StartTime", "2026-10-01T00:00:00Z", "EndTime",
                "2026-11-01T00:00:00Z"), 403, "OperationDenied", NOT_OPENED);
    }

    // --- DescribeCdnUserBillPrediction (1 call a second: each call below has an account of its own) ---

    private HttpTestClient.Reply predict(TestAccount account, String... nameValues) {
        return call(account, "DescribeCdnUserBillPrediction", nameValues);
    }

    private HttpTestClient.Reply predictFresh(String... nameValues) {
        return predict(Accounts.createEligibleAccount(client), nameValues);
    }

    @Test
    void predictionIsBillTypeNotFoundForTheseNonMonthlyTypes() {
        String message = "The user billing type is not found or the billing type of this user is not the monthly "
                + "billing type.";
        RpcAssertions.assertError(predict(opened("PayByTraffic")), 400, "BillTypeNotFound", message);
        RpcAssertions.assertError(predict(opened("PayByBandwidth"), "Dimension", "flow", "Area", "CN,OverSeas"), 400,
                "BillTypeNotFound", message);
        RpcAssertions.assertError(predictFresh(), 400, "BillTypeNotFound", message);   // no service: no type at all
    }

    @Test
    void predictionChecksItsParametersFirst() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RpcAssertions.assertError(predictFresh("StartTime", "2026-11-01T00:00"), 400, "InvalidStartTime.Malformed",
                "The specified value of parameter StartTime is malformed.");
        RpcAssertions.assertError(predictFresh("EndTime", "now"), 400, "InvalidEndTime.Malformed",
                "The specified value of parameter EndTime is malformed.");
        RpcAssertions.assertError(predictFresh("StartTime", "x", "EndTime", "y"), 400, "InvalidTime.Malformed",
                "Specified Time is malformed.");
        // EndTime defaults to now
        RpcAssertions.assertError(predictFresh("StartTime", now.plus(Duration.ofHours(1)).toString()), 400,
                "InvalidEndTime.Mismatch", "Specified EndTime does not match the specified StartTime.");
        RpcAssertions.assertError(predictFresh("StartTime", "2026-09-01T00:00:00Z", "EndTime", "2026-10-02T00:00:01Z"),
                400, "InvalidTimeSpan", "The time span exceeds the limit.");
        RpcAssertions.assertError(predictFresh("Dimension", "vas"), 400, "InvalidParameter",
                "The specified parameter is invalid.");
        RpcAssertions.assertError(predictFresh("Area", "CN,Mars"), 400, "InvalidParameter",
                "The specified parameter is invalid.");
    }
}
