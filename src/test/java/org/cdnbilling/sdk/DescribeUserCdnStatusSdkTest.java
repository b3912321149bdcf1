package org.cdnbilling.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.aliyuncs.CommonResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.OfficialSdks;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * DescribeUserCdnStatus through Alibaba's official SDKs, whose 3.x models predate it: the Tea SDK's generic
 * {@code callApi} (signature V3, and V1) and the v1 core's {@code CommonRequest} read its four booleans for an
 * account that never opened the service, one serving normally, and one suspended for an overdue debt.
 */
@DemoApplicationTest
@TestPropertySource(properties = {"cdn.billing.overdue-grace=PT2S", "cdn.billing.schedule=0 0 0 1 1 ?"})
class DescribeUserCdnStatusSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void bothSdksReadTheStatusOfANewANormalAndASuspendedAccount() throws Exception {
        assertThat(tea(TestAccount.demo(1001), false)).containsEntry("Enabled", false).containsEntry("OnService", false)
                .containsEntry("InDebt", false).containsEntry("InDebtOverdue", false);
        assertThat(v1(TestAccount.demo(1015))).containsEntry("Enabled", true).containsEntry("OnService", true)
                .containsEntry("InDebt", false).containsEntry("InDebtOverdue", false);

        HttpTestClient client = new HttpTestClient(port);
        Instant hour = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        var posted = client.admin("POST", "/admin/usage", "{\"samples\":[{\"ownerId\":1014,\"region\":\"CN\",\"start\":\""
                + hour + "\",\"bytes\":" + (100L << 30) + ",\"peakBps\":1000000}]}", "demo", "demo");
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);
        BillingRuns.run(client);
        TestAccount suspended = TestAccount.demo(1014);
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(tea(suspended, false).get("OnService")));

        for (Map<String, Object> status : new Map[] {tea(suspended, false), tea(suspended, true), v1(suspended)}) {
            assertThat(status).containsEntry("Enabled", true).containsEntry("OnService", false)
                    .containsEntry("InDebt", true).containsEntry("InDebtOverdue", true);
            assertThat((String) status.get("RequestId")).isNotBlank();
        }
    }

    /** The Tea SDK's generic call, as its generated methods call the other actions (POST, RPC, query). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> tea(TestAccount account, boolean signatureV1) throws Exception {
        Map<String, ?> reply = OfficialSdks.tea(port, account, signatureV1).callApi(new Params()
                        .setAction("DescribeUserCdnStatus").setVersion("2018-05-10").setProtocol("HTTP").setPathname("/")
                        .setMethod("POST").setAuthType("AK").setStyle("RPC").setReqBodyType("formData")
                        .setBodyType("json"),
                new OpenApiRequest(), new RuntimeOptions());
        assertThat(reply.get("statusCode")).isEqualTo(200);
        return (Map<String, Object>) reply.get("body");
    }

    /** The v1 core's generic request (signature V1), its JSON read as it arrives. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> v1(TestAccount account) throws Exception {
        CommonResponse reply = OfficialSdks.v1Client(account).getCommonResponse(
                OfficialSdks.common(port, "DescribeUserCdnStatus"));
        assertThat(reply.getHttpStatus()).isEqualTo(200);
        return JSON.readValue(reply.getData(), Map.class);
    }
}
