package org.cdnbilling.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.cdn20180510.models.DescribeCdnUserBillHistoryRequest;
import com.aliyun.cdn20180510.models.DescribeCdnUserBillPredictionRequest;
import com.aliyun.cdn20180510.models.DescribeCdnUserBillTypeRequest;
import com.aliyun.cdn20180510.models.DescribeDomainUsageDataRequest;
import com.aliyun.tea.TeaException;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.SignatureVersion;
import com.aliyuncs.auth.signers.SignatureAlgorithm;
import com.aliyuncs.exceptions.ClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillRows;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.OfficialSdks;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The official SDKs parse every answer of the bill and usage APIs, success and error: {@code cdn20180510} 3.4.1
 * (Tea; signature V3, and V1) and {@code aliyun-java-sdk-cdn} 3.8.8 (signature V1, and V3). Each test's account
 * has two bill periods (JDBC fixtures, {@link BillRows}: an hour with a supplement and a bandwidth day) and one
 * usage sample posted through {@code POST /admin/usage} in the current five minutes.
 */
@DemoApplicationTest
class BillAndUsageSdkTest {

    private static final String HOUR = "2026-11-20T05:00:00Z";
    private static final String DAY = "2026-11-20T16:00:00Z";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HttpTestClient http;

    @BeforeEach
    void client() {
        http = new HttpTestClient(port);
    }

    private record Fixture(TestAccount account, Instant interval) {
    }

    /** An opened account with its bills, and the five minutes of its usage sample (3 GiB, 8 Mbit/s in CN). */
    private Fixture fixture() {
        TestAccount account = Accounts.createOpenedAccount(http, Clock.systemUTC(), "PayByTraffic");
        BillRows.insert(jdbc, account.ownerId(), "hour_flow", Instant.parse(HOUR), 0, Map.of("CN", 1_073_741_824L));
        BillRows.insert(jdbc, account.ownerId(), "hour_flow", Instant.parse(HOUR), 1, Map.of("CN", 3_221_225_472L));
        BillRows.insert(jdbc, account.ownerId(), "day_bandwidth", Instant.parse(DAY), 0, Map.of("EU", 8_000_000L));
        long now = Instant.now().getEpochSecond();
        Instant interval = Instant.ofEpochSecond(now - now % 300);
        var posted = http.admin("POST", "/admin/usage", "{\"samples\":[{\"ownerId\":" + account.ownerId()
                + ",\"region\":\"CN\",\"start\":\"" + interval + "\",\"bytes\":3221225472,\"peakBps\":8000000}]}",
                "demo", "demo");
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);
        return new Fixture(account, interval);
    }

    // --- Tea SDK (cdn20180510) ---

    @ParameterizedTest(name = "signature V1: {0}")
    @ValueSource(booleans = {false, true})
    void teaSdkParsesTheAnswers(boolean v1) throws Exception {
        Fixture fixture = fixture();
        var client = OfficialSdks.tea(port, fixture.account(), v1);

        var history = client.describeCdnUserBillHistory(new DescribeCdnUserBillHistoryRequest()
                .setStartTime(HOUR).setEndTime("2026-11-21T16:00:00Z")).getBody();
        assertThat(history.getRequestId()).isNotBlank();
        var items = history.getBillHistoryData().getBillHistoryDataItem();
        assertThat(items).hasSize(2);
        assertThat(items.get(0).getDimension()).isEqualTo("flow");
        assertThat(items.get(0).getBillType()).isEqualTo("hour_flow");
        assertThat(items.get(0).getBillTime()).isEqualTo(HOUR);
        var flow = items.get(0).getBillingData().getBillingDataItem();
        assertThat(flow).hasSize(1);
        assertThat(flow.get(0).getFlow()).isEqualTo(3_221_225_472f);
        assertThat(flow.get(0).getBandwidth()).isNull();
        assertThat(flow.get(0).getCdnRegion()).isEqualTo("CN");
        assertThat(items.get(1).getBillType()).isEqualTo("day_bandwidth");
        assertThat(items.get(1).getBillTime()).isEqualTo(DAY);
        var bandwidth = items.get(1).getBillingData().getBillingDataItem().get(0);
        assertThat(bandwidth.getBandwidth()).isEqualTo(8_000_000f);
        assertThat(bandwidth.getFlow()).isNull();
        assertThat(bandwidth.getCdnRegion()).isEqualTo("EU");

        assertThat(client.describeCdnUserBillHistory(new DescribeCdnUserBillHistoryRequest()
                .setStartTime("2026-10-01T00:00:00Z").setEndTime("2026-10-02T00:00:00Z")).getBody()
                .getBillHistoryData().getBillHistoryDataItem()).isEmpty();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var types = client.describeCdnUserBillType(new DescribeCdnUserBillTypeRequest()
                .setStartTime(now.minusSeconds(3600).toString()).setEndTime(now.plusSeconds(3600).toString())).getBody();
        assertThat(types.getBillTypeData().getBillTypeDataItem()).singleElement().satisfies(type -> {
            assertThat(type.getBillType()).isEqualTo("hour_flow");
            assertThat(type.getBillingCycle()).isEqualTo("hour");
            assertThat(type.getProduct()).isEqualTo("cdn");
            assertThat(type.getDimension()).isEqualTo("flow");
            assertThat(type.getEndTime()).isEqualTo(now.plusSeconds(3600).toString());
            assertThat(Instant.parse(type.getStartTime())).isAfter(now.minusSeconds(3600));
        });

        Instant interval = fixture.interval();
        var usage = client.describeDomainUsageData(new DescribeDomainUsageDataRequest().setField("bps")
                .setStartTime(interval.minusSeconds(300).toString()).setEndTime(interval.plusSeconds(300).toString())
                .setInterval("300").setArea("CN")).getBody();
        assertThat(usage.getDataInterval()).isEqualTo("300");
        assertThat(usage.getArea()).isEqualTo("CN");
        assertThat(usage.getType()).isEqualTo("bps");
        assertThat(usage.getDomainName()).isEmpty();
        var modules = usage.getUsageDataPerInterval().getDataModule();
        assertThat(modules.get(0).getTimeStamp()).isEqualTo(interval.minusSeconds(300).toString());
        assertThat(modules.get(0).getValue()).isEqualTo("0");
        assertThat(modules.get(1).getTimeStamp()).isEqualTo(interval.toString());
        assertThat(modules.get(1).getPeakTime()).isEqualTo(interval.toString());
        assertThat(modules.get(1).getValue()).isEqualTo("8000000");
        assertThat(modules.get(1).getSpecialValue()).isEqualTo("8000000");

        assertTeaError(() -> client.describeCdnUserBillHistory(new DescribeCdnUserBillHistoryRequest()
                .setStartTime("2026-10-01T00:00:00Z").setEndTime("2026-11-02T00:00:00Z")), 400, "InvalidTimeSpan");
        assertTeaError(() -> client.describeCdnUserBillType(new DescribeCdnUserBillTypeRequest()
                .setStartTime("2026-11-02T00:00:00Z").setEndTime("2026-11-01T00:00:00Z")), 400, "InvalidTimeRange");
        assertTeaError(() -> client.describeDomainUsageData(new DescribeDomainUsageDataRequest().setField("traf")
                .setStartTime(interval.toString()).setEndTime(interval.plusSeconds(300).toString())
                .setDomainName("example.com")), 404, "InvalidDomain.NotFound");
        assertTeaError(() -> client.describeCdnUserBillPrediction(new DescribeCdnUserBillPredictionRequest()), 400,
                "BillTypeNotFound");
        var notOpened = OfficialSdks.tea(port, Accounts.createEligibleAccount(http), v1);
        assertTeaError(() -> notOpened.describeCdnUserBillHistory(new DescribeCdnUserBillHistoryRequest()
                .setStartTime(HOUR).setEndTime(DAY)), 403, "OperationDenied");
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static void assertTeaError(Call call, int status, String code) {
        TeaException refused = catchThrowableOfType(TeaException.class, call::call);
        assertThat(refused).as("refused with " + code).isNotNull();
        assertThat(refused.getCode()).isEqualTo(code);
        assertThat(refused.getStatusCode()).isEqualTo(status);
        assertThat(refused.getData()).containsKeys("RequestId", "Message");
    }

    // --- v1 SDK (aliyun-java-sdk-cdn + aliyun-java-sdk-core) ---

    private <T extends AcsRequest<?>> T local(T request, boolean v3) {
        OfficialSdks.local(port, request);
        if (v3) {
            request.setSysSignatureVersion(SignatureVersion.V3);
            request.setSysSignatureAlgorithm(SignatureAlgorithm.ACS3_HMAC_SHA256);
        }
        return request;
    }

    private com.aliyuncs.cdn.model.v20180510.DescribeCdnUserBillHistoryRequest history(String start, String end,
            boolean v3) {
        var request = local(new com.aliyuncs.cdn.model.v20180510.DescribeCdnUserBillHistoryRequest(), v3);
        request.setStartTime(start);
        request.setEndTime(end);
        return request;
    }

    @ParameterizedTest(name = "signature V3: {0}")
    @ValueSource(booleans = {false, true})
    void v1SdkParsesTheAnswers(boolean v3) throws Exception {
        Fixture fixture = fixture();
        IAcsClient client = OfficialSdks.v1Client(fixture.account());

        var history = client.getAcsResponse(history(HOUR, "2026-11-21T16:00:00Z", v3));
        assertThat(history.getRequestId()).isNotBlank();
        assertThat(history.getBillHistoryData()).hasSize(2);
        var hour = history.getBillHistoryData().get(0);
        assertThat(hour.getDimension()).isEqualTo("flow");
        assertThat(hour.getBillType()).isEqualTo("hour_flow");
        assertThat(hour.getBillTime()).isEqualTo(HOUR);
        assertThat(hour.getBillingData()).singleElement().satisfies(line -> {
            assertThat(line.getFlow()).isEqualTo(3_221_225_472f);
            assertThat(line.getCdnRegion()).isEqualTo("CN");
        });
        var day = history.getBillHistoryData().get(1);
        assertThat(day.getBillType()).isEqualTo("day_bandwidth");
        assertThat(day.getBillingData()).singleElement().satisfies(line -> {
            assertThat(line.getBandwidth()).isEqualTo(8_000_000f);
            assertThat(line.getCdnRegion()).isEqualTo("EU");
        });
        assertThat(client.getAcsResponse(history("2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", v3))
                .getBillHistoryData()).isEmpty();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var typeRequest = local(new com.aliyuncs.cdn.model.v20180510.DescribeCdnUserBillTypeRequest(), v3);
        typeRequest.setStartTime(now.minusSeconds(3600).toString());
        typeRequest.setEndTime(now.plusSeconds(3600).toString());
        assertThat(client.getAcsResponse(typeRequest).getBillTypeData()).singleElement().satisfies(type -> {
            assertThat(type.getBillType()).isEqualTo("hour_flow");
            assertThat(type.getBillingCycle()).isEqualTo("hour");
            assertThat(type.getProduct()).isEqualTo("cdn");
            assertThat(type.getDimension()).isEqualTo("flow");
            assertThat(type.getEndTime()).isEqualTo(now.plusSeconds(3600).toString());
        });

        Instant interval = fixture.interval();
        var usageRequest = local(new com.aliyuncs.cdn.model.v20180510.DescribeDomainUsageDataRequest(), v3);
        usageRequest.setField("traf");
        usageRequest.setStartTime(interval.minusSeconds(300).toString());
        usageRequest.setEndTime(interval.plusSeconds(300).toString());
        usageRequest.setInterval("300");
        var usage = client.getAcsResponse(usageRequest);
        assertThat(usage.getType()).isEqualTo("traf");
        assertThat(usage.getArea()).isEqualTo("CN");
        assertThat(usage.getDataInterval()).isEqualTo("300");
        assertThat(usage.getUsageDataPerInterval().get(0).getValue()).isEqualTo("0");
        assertThat(usage.getUsageDataPerInterval().get(1).getTimeStamp()).isEqualTo(interval.toString());
        assertThat(usage.getUsageDataPerInterval().get(1).getPeakTime()).isEqualTo(interval.toString());
        assertThat(usage.getUsageDataPerInterval().get(1).getValue()).isEqualTo("3221225472");

        assertV1Error(() -> client.getAcsResponse(history("2026-11-20 05:00", DAY, v3)), "InvalidStartTime.Malformed");
        usageRequest.setDomainName("example.com");
        assertV1Error(() -> client.getAcsResponse(usageRequest), "InvalidDomain.NotFound");
        assertV1Error(() -> client.getAcsResponse(local(
                new com.aliyuncs.cdn.model.v20180510.DescribeCdnUserBillPredictionRequest(), v3)), "BillTypeNotFound");
        var noTimes = local(new com.aliyuncs.cdn.model.v20180510.DescribeCdnUserBillTypeRequest(), v3);
        assertV1Error(() -> client.getAcsResponse(noTimes), "MissingParameter");
        assertV1Error(() -> OfficialSdks.v1Client(Accounts.createEligibleAccount(http)).getAcsResponse(
                history(HOUR, DAY, v3)), "OperationDenied");
    }

    private static void assertV1Error(Call call, String code) {
        ClientException refused = catchThrowableOfType(ClientException.class, call::call);
        assertThat(refused).as("refused with " + code).isNotNull();
        assertThat(refused.getErrCode()).isEqualTo(code);
        assertThat(refused.getRequestId()).isNotBlank();
    }
}
