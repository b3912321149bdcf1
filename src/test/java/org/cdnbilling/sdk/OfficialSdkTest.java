package org.cdnbilling.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.aliyun.cdn20180510.models.DescribeCdnServiceRequest;
import com.aliyun.cdn20180510.models.DescribeCdnServiceResponseBody;
import com.aliyun.cdn20180510.models.OpenCdnServiceRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.SignatureVersion;
import com.aliyuncs.auth.signers.SignatureAlgorithm;
import com.aliyuncs.cdn.model.v20180510.DescribeCdnServiceResponse;
import com.aliyuncs.exceptions.ClientException;
import java.time.Duration;
import java.util.Map;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.OfficialSdks;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Alibaba Cloud's official Java SDKs, pointed at this service, open, describe and modify, and get the
 * documented codes when refused: {@code cdn20180510} 3.4.1 (Tea, default V3 and V1 via "v2") and
 * {@code aliyun-java-sdk-cdn} 3.8.8 with {@code aliyun-java-sdk-core} 4.7.10 (default V1, and V3).
 */
@DemoApplicationTest
class OfficialSdkTest {

    @LocalServerPort
    int port;

    HttpTestClient http;

    @BeforeEach
    void client() {
        http = new HttpTestClient(port);
    }

    // --- Tea SDK (cdn20180510) ---

    private com.aliyun.cdn20180510.Client tea(TestAccount account, boolean v1) throws Exception {
        return OfficialSdks.tea(port, account, v1);
    }

    @Test
    void teaSdkWithSignatureV3OpensDescribesAndModifies() throws Exception {
        TestAccount account = Accounts.createEligibleAccount(http);
        var client = tea(account, false);

        var opened = client.openCdnService(new OpenCdnServiceRequest().setInternetChargeType("PayByTraffic"));
        assertThat(opened.getStatusCode()).isEqualTo(200);
        assertThat(opened.getBody().getRequestId()).isNotBlank();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.describeCdnService(new DescribeCdnServiceRequest()).getBody().getOpeningTime() != null);
        DescribeCdnServiceResponseBody described = client.describeCdnService(new DescribeCdnServiceRequest()).getBody();
        assertThat(described.getInternetChargeType()).isEqualTo("PayByTraffic");
        assertThat(described.getOpeningTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(described.getInstanceId()).isEqualTo("cdn-" + account.ownerId());
        assertThat(described.getOperationLocks().getLockReason()).isEmpty();
        assertThat(described.getChangingChargeType()).isNull();

        Map<String, ?> modified = client.callApi(new Params().setAction("ModifyCdnService").setVersion("2018-05-10")
                        .setProtocol("HTTP").setPathname("/").setMethod("POST").setAuthType("AK").setStyle("RPC")
                        .setReqBodyType("formData").setBodyType("json"),
                new OpenApiRequest().setQuery(Map.of("InternetChargeType", "PayByBandwidth")), new RuntimeOptions());
        assertThat(modified.get("statusCode")).isEqualTo(200);
        described = client.describeCdnService(new DescribeCdnServiceRequest()).getBody();
        assertThat(described.getInternetChargeType()).isEqualTo("PayByTraffic");
        assertThat(described.getChangingChargeType()).isEqualTo("PayByBandwidth");
        assertThat(described.getChangingAffectTime()).matches("\\d{4}-\\d\\d-\\d\\dT16:00:00Z");

        TeaException again = catchThrowableOfType(TeaException.class,
                () -> client.openCdnService(new OpenCdnServiceRequest().setInternetChargeType("PayByTraffic")));
        assertThat(again.getCode()).isEqualTo("CdnService.HasOpened");
        assertThat(again.getStatusCode()).isEqualTo(400);
        assertThat(again.getMessage()).contains("Your cdn service has opened.");
    }

    @Test
    void teaSdkWithSignatureV1GetsTheDocumentedRejections() throws Exception {
        TeaException noRealName = catchThrowableOfType(TeaException.class, () -> tea(TestAccount.demo(1002), true)
                .openCdnService(new OpenCdnServiceRequest().setInternetChargeType("PayByTraffic")));
        assertThat(noRealName.getCode()).isEqualTo("NoRealNameAuthentication");
        assertThat(noRealName.getStatusCode()).isEqualTo(400);

        TeaException intl = catchThrowableOfType(TeaException.class, () -> tea(TestAccount.demo(1004), true)
                .openCdnService(new OpenCdnServiceRequest().setInternetChargeType("PayByTraffic")));
        assertThat(intl.getCode()).isEqualTo("Forbidden.Intl");
        assertThat(intl.getStatusCode()).isEqualTo(403);

        TeaException badValue = catchThrowableOfType(TeaException.class, () -> tea(TestAccount.demo(1001), true)
                .openCdnService(new OpenCdnServiceRequest().setInternetChargeType("")));
        assertThat(badValue.getCode()).isEqualTo("InvalidInternetChargeType.ValueNotSupported");

        TestAccount account = Accounts.createEligibleAccount(http);
        var opened = tea(account, true).openCdnService(new OpenCdnServiceRequest().setInternetChargeType("PayByBandwidth"));
        assertThat(opened.getStatusCode()).isEqualTo(200);
        assertThat(tea(account, true).describeCdnService(new DescribeCdnServiceRequest()).getBody()
                .getInternetChargeType()).isEqualTo("PayByBandwidth");
    }

    @Test
    void teaSdkWithAWrongSecretIsRefused() throws Exception {
        TestAccount account = Accounts.createEligibleAccount(http);
        TestAccount wrong = new TestAccount(account.ownerId(), account.accessKeyId(), "wrong-secret");

        for (boolean v1 : new boolean[] {false, true}) {
            TeaException refused = catchThrowableOfType(TeaException.class, () -> tea(wrong, v1)
                    .openCdnService(new OpenCdnServiceRequest().setInternetChargeType("PayByTraffic")));
            assertThat(refused.getCode()).isEqualTo("SignatureDoesNotMatch");
        }
        TeaException unknown = catchThrowableOfType(TeaException.class,
                () -> tea(new TestAccount(1, "LTAInobodyhasthiskey", "x"), false).describeCdnService(
                        new DescribeCdnServiceRequest()));
        assertThat(unknown.getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(unknown.getStatusCode()).isEqualTo(404);
    }

    // --- v1 SDK (aliyun-java-sdk-cdn + aliyun-java-sdk-core) ---

    private IAcsClient v1Client(TestAccount account) {
        return OfficialSdks.v1Client(account);
    }

    private <T extends com.aliyuncs.AcsRequest<?>> T local(T request) {
        return OfficialSdks.local(port, request);
    }

    private com.aliyuncs.cdn.model.v20180510.OpenCdnServiceRequest v1Open(String chargeType) {
        var request = local(new com.aliyuncs.cdn.model.v20180510.OpenCdnServiceRequest());
        request.setInternetChargeType(chargeType);
        return request;
    }

    @Test
    void v1SdkOpensDescribesAndModifies() throws Exception {
        TestAccount account = Accounts.createEligibleAccount(http);
        IAcsClient client = v1Client(account);

        assertThat(client.getAcsResponse(v1Open("PayByTraffic")).getRequestId()).isNotBlank();

        await().atMost(Duration.ofSeconds(30)).until(() -> client.getAcsResponse(
                local(new com.aliyuncs.cdn.model.v20180510.DescribeCdnServiceRequest())).getOpeningTime() != null);
        DescribeCdnServiceResponse described = client.getAcsResponse(
                local(new com.aliyuncs.cdn.model.v20180510.DescribeCdnServiceRequest()));
        assertThat(described.getInternetChargeType()).isEqualTo("PayByTraffic");
        assertThat(described.getInstanceId()).isEqualTo("cdn-" + account.ownerId());
        assertThat(described.getOperationLocks()).isEmpty();

        CommonRequest modify = OfficialSdks.common(port, "ModifyCdnService");
        modify.putQueryParameter("InternetChargeType", "PayByBandwidth");
        CommonResponse modified = client.getCommonResponse(modify);
        assertThat(modified.getHttpStatus()).isEqualTo(200);
        assertThat(client.getAcsResponse(local(new com.aliyuncs.cdn.model.v20180510.DescribeCdnServiceRequest()))
                .getChangingChargeType()).isEqualTo("PayByBandwidth");

        ClientException again = catchThrowableOfType(ClientException.class,
                () -> client.getAcsResponse(v1Open("PayByTraffic")));
        assertThat(again.getErrCode()).isEqualTo("CdnService.HasOpened");
    }

    @Test
    void v1SdkGetsTheDocumentedRejections() {
        assertThat(catchThrowableOfType(ClientException.class,
                () -> v1Client(TestAccount.demo(1007)).getAcsResponse(v1Open("PayByTraffic"))).getErrCode())
                .isEqualTo("InsufficientBalance");
        assertThat(catchThrowableOfType(ClientException.class,
                () -> v1Client(TestAccount.demo(1005)).getAcsResponse(v1Open("PayByTraffic"))).getErrCode())
                .isEqualTo("Forbidden.BidUser");
        assertThat(catchThrowableOfType(ClientException.class,
                () -> v1Client(TestAccount.demo(1006)).getAcsResponse(
                        local(new com.aliyuncs.cdn.model.v20180510.DescribeCdnServiceRequest()))).getErrCode())
                .isEqualTo("OperationDenied");
    }

    @Test
    void v1SdkRecognisesAWrongSecretFromTheServersStringToSign() {
        TestAccount account = Accounts.createEligibleAccount(http);

        ClientException refused = catchThrowableOfType(ClientException.class, () -> v1Client(
                new TestAccount(account.ownerId(), account.accessKeyId(), "wrong")).getAcsResponse(v1Open("PayByTraffic")));

        // the SDK rewrites SignatureDoesNotMatch to this code only if our string to sign equals its own
        assertThat(refused.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");
    }

    @Test
    void v1SdkWithSignatureV3Opens() throws Exception {
        TestAccount account = Accounts.createEligibleAccount(http);
        var request = v1Open("PayByTraffic");
        request.setSysSignatureVersion(SignatureVersion.V3);
        request.setSysSignatureAlgorithm(SignatureAlgorithm.ACS3_HMAC_SHA256);

        assertThat(v1Client(account).getAcsResponse(request).getRequestId()).isNotBlank();
    }
}
